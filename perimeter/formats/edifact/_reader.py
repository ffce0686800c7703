"""Reading an interchange: envelope, ``UNA``, segments, and the ``UNB``/``UNG``/``UNH`` structure with its counts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from perimeter.core.errors import ParseError
from perimeter.formats.edifact._model import FunctionalGroup, Interchange, Message
from perimeter.formats.edifact._multipart import reassemble
from perimeter.formats.edifact._segments import (
    Chunks,
    Segment,
    clean,
    is_tag,
    line_break_table,
    shown,
    split_chunks,
    split_elements,
)
from perimeter.formats.edifact._separators import DEFAULT, Separators, read_una
from perimeter.formats.edifact._source import codec_for, decode, trailing_text


@dataclass
class Report:
    """Collects warnings; in strict mode the first one is raised as a :class:`ParseError` instead."""

    source: str
    strict: bool = False
    warnings: list[str] = field(default_factory=list)

    def warn(self, location: str, reason: str) -> None:
        if self.strict:
            raise ParseError(self.source, location, reason)
        self.warnings.append(f"{location}: {reason}")


def read_interchange(data: bytes | str, source: str, *, strict: bool = False) -> Interchange:
    """Read one UN/EDIFACT interchange.

    Accepts a ``UNA`` with any separators (or none: the defaults ``:+.? '``), an IATA Type-B envelope around the
    interchange, and line breaks anywhere (they are line folds, never data). Structural faults (no ``UNZ``, a
    segment outside a message, a dangling release character, a truncated segment) raise :class:`ParseError`
    naming the segment. Inconsistencies a receiver can live with (a wrong ``UNT`` count or reference, text after
    ``UNZ``, an unterminated ``UNZ``, bytes outside the declared character set, missing parts of a multi-part
    message) become warnings, or errors when ``strict``.
    """
    decoded = decode(data, source)
    report = Report(source, strict)
    text, position = decoded.text, decoded.start
    separators = DEFAULT
    if text.startswith("UNA", position):
        separators, length, notes = read_una(text[position:], source)
        for location, reason in notes:
            report.warn(location, reason)
        position += length
    chunks = split_chunks(text, position, separators)
    builder = _Builder(source, separators, report)
    end = builder.read(chunks)
    if end is None:
        end = builder.read_unterminated_end(text, chunks.rest)
    trailing = trailing_text(text[end:])
    if trailing:
        report.warn(builder.last_location, f"text after the interchange ignored: {shown(trailing)}")
    header, trailer = builder.finish()
    if decoded.fallback:
        _warn_character_set(builder.segments, decoded.syntax_identifier, decoded.fallback, report)
    messages = tuple(message for message in builder.messages)
    return Interchange(
        source=source,
        separators=separators,
        header=header,
        trailer=trailer,
        groups=tuple(builder.groups),
        messages=messages,
        logical_messages=reassemble(messages, report),
        segments=tuple(builder.segments),
        prepared=_prepared(header, report),
        envelope=decoded.envelope,
        warnings=tuple(report.warnings),
    )


class _Builder:
    """Walks the segments once, checking the interchange, group and message structure as it goes."""

    def __init__(self, source: str, separators: Separators, report: Report) -> None:
        self.source = source
        self.separators = separators
        self.report = report
        self._line_breaks = line_break_table(separators)
        # Manifests repeat segments word for word (LOC+178+FRA for every traveller): split each text once.
        self._split: dict[str, tuple[str, tuple[tuple[str, ...], ...]]] = {}
        self.segments: list[Segment] = []
        self.messages: list[Message] = []
        self.groups: list[FunctionalGroup] = []
        self.header: Segment | None = None
        self.trailer: Segment | None = None
        self._group: Segment | None = None
        self._group_messages: list[Message] = []
        self._message: Segment | None = None
        self._body: list[Segment] = []

    @property
    def last_location(self) -> str:
        return self.segments[-1].location if self.segments else "the interchange"

    def read(self, chunks: Chunks) -> int | None:
        """Read the terminated segments; the text offset just after ``UNZ``, or None when ``UNZ`` was not among them."""
        line_breaks, separators, segments, split = self._line_breaks, self.separators, self.segments, self._split
        typographic = chunks.typographic
        for index, chunk in enumerate(chunks.texts):
            text = clean(chunk, line_breaks)
            if not text or text.isspace():
                continue
            body = self._body
            if self._message is not None and not text.startswith("UN"):
                # The common case, kept short: a segment inside a message. Texts already seen are not split again.
                known = split.get(text)
                if known is None:
                    known = split_elements(text, separators)
                    if not is_tag(known[0]):
                        self._refuse_tag(known[0], text)
                    split[text] = known
                segment = Segment(known[0], known[1], len(segments) + 1, text, len(body) + 2)
                segments.append(segment)
                body.append(segment)
            else:
                segment = self._segment(text)
                self._place(segment)
            if typographic and index in typographic:
                self.report.warn(
                    segment.location,
                    "ended by a typographic apostrophe at the end of a line instead of the segment terminator"
                    f" {self.separators.terminator!r}; read as the end of the segment",
                )
            if segment.tag == "UNZ":
                return chunks.end(index)
        return None

    def read_unterminated_end(self, text: str, rest: int) -> int:
        """Deal with text after the last terminator when no ``UNZ`` was read: an unterminated ``UNZ`` is accepted
        (to the end of its line), anything else means the interchange is truncated."""
        tail = text[rest:]
        stripped = tail.lstrip(" \t\r\n\x00\x01\x02\x03\x04")
        release, terminator = self.separators.release, self.separators.terminator
        if stripped.startswith("UNZ"):
            line = re.split(r"[\r\n]", stripped, maxsplit=1)[0]
            if not _dangling(line, release, terminator):
                segment = self._segment(line.rstrip())
                self.report.warn(
                    segment.location, f"UNZ has no segment terminator {terminator!r}; read to the end of its line"
                )
                self._place(segment)
                return len(text) - len(stripped) + len(line)
        cleaned = clean(tail, self._line_breaks).rstrip()
        if not cleaned:
            open_at = self._message or self._group or self.header
            where = self.last_location
            what = "UNZ" if open_at is None or open_at.tag == "UNB" else f"{_closing(open_at.tag)} and UNZ"
            raise ParseError(self.source, where, f"the data ends after this segment without {what}: truncated?")
        location = f"segment {len(self.segments) + 1} {shown(cleaned)}"
        if _dangling(cleaned, release, terminator):
            if cleaned.endswith(terminator):
                reason = (
                    f"the release character {release!r} escapes the last segment terminator {terminator!r}"
                    " (a dangling release character): the segment is never terminated"
                )
            else:
                reason = (
                    f"the data ends with the release character {release!r}, which has nothing to release"
                    " (a dangling release character)"
                )
        else:
            reason = f"the data ends inside this segment: no segment terminator {terminator!r} and no UNZ (truncated?)"
        raise ParseError(self.source, location, reason)

    def finish(self) -> tuple[Segment, Segment]:
        assert self.header is not None and self.trailer is not None
        return self.header, self.trailer

    def _segment(self, text: str) -> Segment:
        number = len(self.segments) + 1
        tag, elements = split_elements(text, self.separators)
        if not is_tag(tag):
            self._refuse_tag(tag, text)
        if tag == "UNH":
            position = 1
        elif self._message is not None:
            position = len(self._body) + 2
        else:
            position = 0
        segment = Segment(tag, elements, number, text, position)
        self.segments.append(segment)
        return segment

    def _refuse_tag(self, tag: str, text: str) -> None:
        location = f"segment {len(self.segments) + 1} {shown(text)}"
        raise ParseError(self.source, location, f"{tag!r} is not a segment tag (three capital letters)")

    def _place(self, segment: Segment) -> None:
        tag = segment.tag
        if self.header is None:
            if tag != "UNB":
                raise ParseError(self.source, segment.location, "an interchange starts with UNB (after any UNA)")
            self.header = segment
            return
        if tag == "UNB":
            raise ParseError(self.source, segment.location, "a second UNB inside the interchange")
        handler = {"UNG": self._open_group, "UNE": self._close_group, "UNH": self._open_message}.get(tag)
        if handler is not None:
            handler(segment)
        elif tag == "UNT":
            self._close_message(segment)
        elif tag == "UNZ":
            self._close_interchange(segment)
        elif self._message is None:
            raise ParseError(self.source, segment.location, f"{tag} is outside any message (no UNH before it)")
        else:
            self._body.append(segment)

    def _unclosed(self, segment: Segment) -> None:
        if self._message is not None:
            raise ParseError(
                self.source,
                segment.location,
                f"message {self._message.value(1)!r} ({self._message.location}) has no UNT before this segment",
            )

    def _open_group(self, segment: Segment) -> None:
        self._unclosed(segment)
        if self._group is not None:
            raise ParseError(
                self.source, segment.location, f"functional group {self._group.location} has no UNE before this UNG"
            )
        self._group, self._group_messages = segment, []

    def _close_group(self, segment: Segment) -> None:
        self._unclosed(segment)
        if self._group is None:
            raise ParseError(self.source, segment.location, "UNE without a UNG before it")
        _check_count(segment, len(self._group_messages), "messages in the functional group", self.report)
        _check_reference(segment, self._group.value(5), "UNG", self.report)
        self.groups.append(FunctionalGroup(self._group, segment, tuple(self._group_messages)))
        self._group = None

    def _open_message(self, segment: Segment) -> None:
        self._unclosed(segment)
        self._message, self._body = segment, []

    def _close_message(self, segment: Segment) -> None:
        if self._message is None:
            raise ParseError(self.source, segment.location, "UNT without a UNH before it")
        _check_count(segment, segment.position, "segments in the message (UNH to UNT)", self.report)
        _check_reference(segment, self._message.value(1), "UNH", self.report)
        message = Message(self._message, tuple(self._body), segment)
        self.messages.append(message)
        if self._group is not None:
            self._group_messages.append(message)
        self._message, self._body = None, []

    def _close_interchange(self, segment: Segment) -> None:
        self._unclosed(segment)
        if self._group is not None:
            raise ParseError(
                self.source, segment.location, f"functional group {self._group.location} has no UNE before UNZ"
            )
        assert self.header is not None
        if self.groups:
            _check_count(segment, len(self.groups), "functional groups in the interchange", self.report)
        else:
            _check_count(segment, len(self.messages), "messages in the interchange", self.report)
        _check_reference(segment, self.header.value(5), "UNB", self.report)
        self.trailer = segment


def _closing(tag: str) -> str:
    return {"UNH": "UNT", "UNG": "UNE"}.get(tag, "UNZ")


def _dangling(text: str, release: str, terminator: str) -> bool:
    """True when ``text`` ends with an unpaired release character, or with one that escapes a final terminator."""
    body = text[:-1] if text.endswith(terminator) else text
    count = len(body) - len(body.rstrip(release))
    return count % 2 == 1


def _check_count(segment: Segment, actual: int, what: str, report: Report) -> None:
    declared = segment.value(1)
    if not declared.isdigit():
        report.warn(segment.location, f"{segment.tag} has no count (expected {actual} {what})")
    elif int(declared) != actual:
        report.warn(segment.location, f"{segment.tag} counts {int(declared)} but there are {actual} {what}")


def _check_reference(segment: Segment, expected: str, opener: str, report: Report) -> None:
    reference = segment.value(2)
    if not reference:
        report.warn(segment.location, f"{segment.tag} has no reference (the {opener} says {expected!r})")
    elif reference != expected:
        report.warn(segment.location, f"{segment.tag} reference {reference!r} differs from the {opener}'s {expected!r}")


def _prepared(header: Segment, report: Report) -> datetime | None:
    """The preparation date and time in ``UNB`` (``YYMMDD`` taken as 20YY, or ``CCYYMMDD``; ``HHMM``)."""
    day, time = header.value(4, 1), header.value(4, 2) or "0000"
    try:
        if len(day) == 6 and day.isdigit():
            day = "20" + day
        if len(day) != 8 or not day.isdigit() or len(time) != 4 or not time.isdigit():
            raise ValueError
        return datetime(int(day[:4]), int(day[4:6]), int(day[6:]), int(time[:2]), int(time[2:]))
    except ValueError:
        report.warn(header.location, f"preparation date and time {day}:{time} is not YYMMDD:HHMM")
        return None


def _warn_character_set(segments: list[Segment], identifier: str | None, fallback: str, report: Report) -> None:
    codec = codec_for(identifier)
    for segment in segments:
        try:
            segment.raw.encode(codec)
        except UnicodeEncodeError:
            report.warn(
                segment.location,
                f"characters outside the declared character set {identifier or 'UNOA'} ({codec}); the data was"
                f" read as {fallback}",
            )
            return
