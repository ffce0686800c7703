"""Segments: splitting interchange text at segment terminators, and segments into elements and components."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from perimeter.formats.edifact._separators import TYPOGRAPHIC_APOSTROPHES, Separators

_LEADING = " \t\r\n\x00\x01\x02\x03\x04\ufeff"
_SHOWN = 80


class Segment(NamedTuple):
    """One segment as read: its tag, its data elements (each a tuple of components, release characters removed),
    its number in the interchange (``UNB`` is 1), its position in its message (``UNH`` is 1, 0 outside messages)
    and its text as written (line folds removed, terminator not included).

    A named tuple rather than a dataclass: a 260-traveller manifest has over 3,000 of them.
    """

    tag: str
    elements: tuple[tuple[str, ...], ...]
    number: int
    raw: str
    position: int = 0

    def value(self, element: int, component: int = 1) -> str:
        """A component by its number as the implementation guides count them (both from 1); ``""`` when absent."""
        try:
            return self.elements[element - 1][component - 1].strip()
        except IndexError:
            return ""

    def composite(self, element: int) -> tuple[str, ...]:
        """All components of a data element (counted from 1), stripped; ``()`` when absent."""
        if element > len(self.elements):
            return ()
        return tuple(part.strip() for part in self.elements[element - 1])

    @property
    def location(self) -> str:
        """Where the segment is, for messages: ``segment 37 'DTM+329:19730229'``."""
        return f"segment {self.number} {shown(self.raw)}"


def shown(text: str) -> str:
    """Segment text quoted for a message: control characters escaped, long text cut."""
    printable = "".join(char if char.isprintable() else ascii(char)[1:-1] for char in text)
    if len(printable) > _SHOWN:
        printable = printable[: _SHOWN - 1] + "…"
    return f"'{printable}'"


@lru_cache(maxsize=32)
def _boundaries(separators: Separators, typographic: bool) -> re.Pattern[str]:
    alternatives = [re.escape(separators.release) + ".", re.escape(separators.terminator)]
    if typographic:
        alternatives.append(f"[{TYPOGRAPHIC_APOSTROPHES}](?=[ \\t]*[\\r\\n])")
    return re.compile("|".join(alternatives), re.DOTALL)


class Chunks(NamedTuple):
    """The texts between unreleased segment terminators, from ``start`` on.

    Each text was followed by a one-character terminator, so a text's end in the interchange is ``start`` plus the
    lengths of the texts up to it, each plus one. ``typographic`` holds the indices of texts ended by a typographic
    apostrophe at the end of a line; ``rest`` is where the unterminated remainder begins.
    """

    texts: list[str]
    start: int
    rest: int
    typographic: frozenset[int]

    def end(self, index: int) -> int:
        return self.start + sum(len(text) + 1 for text in self.texts[: index + 1])


def split_chunks(text: str, start: int, separators: Separators) -> Chunks:
    """Cut ``text`` from ``start`` at unreleased segment terminators.

    When the terminator is the apostrophe, a typographic apostrophe at the end of a line is taken for one too (its
    index is recorded so that the reader can warn).
    """
    typographic = separators.terminator == "'" and any(char in text for char in TYPOGRAPHIC_APOSTROPHES)
    release, terminator = separators.release, separators.terminator
    if not typographic and text.find(release, start) == -1:
        texts = text[start:].split(terminator)
        rest = len(text) - len(texts[-1])
        return Chunks(texts[:-1], start, rest, frozenset())
    texts = []
    flagged: set[int] = set()
    position = start
    for match in _boundaries(separators, typographic).finditer(text, start):
        found = match.group()
        if len(found) == 2 and found[0] == release:
            continue
        if found != terminator:
            flagged.add(len(texts))
        texts.append(text[position : match.start()])
        position = match.end()
    return Chunks(texts, start, position, frozenset(flagged))


def clean(chunk_text: str, line_breaks: dict[int, None]) -> str:
    """The segment text as meant: line breaks removed (they are line folds, not data) and leading blanks dropped.

    ``line_breaks`` is the :func:`line_break_table` of the separators in use.
    """
    text = chunk_text.lstrip(_LEADING)
    if "\n" in text or "\r" in text:
        text = text.translate(line_breaks)
    return text


def line_break_table(separators: Separators) -> dict[int, None]:
    """``str.translate`` table deleting CR and LF, except one that is itself a separator."""
    used = {separators.component, separators.element, separators.release, separators.terminator}
    return {ord(char): None for char in "\r\n" if char not in used}


def split_elements(text: str, separators: Separators) -> tuple[str, tuple[tuple[str, ...], ...]]:
    """(tag, data elements) of a cleaned segment text; release characters are removed from the values.

    A release character at the very end has nothing to release and is kept as written; the splitter only leaves
    one there when the text ends (the reader reports it).
    """
    element, component, release = separators.element, separators.component, separators.release
    if release not in text:
        parts = [tuple(part.split(component)) for part in text.split(element)]
    else:
        parts = _split_released(text, element, component, release)
    return parts[0][0].strip(), tuple(parts[1:])


def _split_released(text: str, element: str, component: str, release: str) -> list[tuple[str, ...]]:
    parts: list[tuple[str, ...]] = []
    components: list[str] = []
    buffer: list[str] = []
    index, length = 0, len(text)
    while index < length:
        char = text[index]
        if char == release and index + 1 < length:
            index += 1
            buffer.append(text[index])
        elif char == component:
            components.append("".join(buffer))
            buffer = []
        elif char == element:
            components.append("".join(buffer))
            parts.append(tuple(components))
            components, buffer = [], []
        else:
            buffer.append(char)
        index += 1
    components.append("".join(buffer))
    parts.append(tuple(components))
    return parts


def is_tag(tag: str) -> bool:
    """Three capital letters (A-Z)."""
    return len(tag) == 3 and tag.isupper() and tag.isascii() and tag.isalpha()


def format_segment(tag: str, elements: list[list[str] | str], separators: Separators) -> str:
    """One segment written out with ``separators`` (terminator included); trailing empty values are left out."""
    written: list[str] = []
    for value in elements:
        components = [value] if isinstance(value, str) else list(value)
        while components and components[-1] == "":
            components.pop()
        written.append(separators.component.join(separators.escape(part) for part in components))
    while written and written[-1] == "":
        written.pop()
    return separators.element.join([tag, *written]) + separators.terminator
