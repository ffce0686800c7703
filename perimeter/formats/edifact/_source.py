"""From bytes to interchange text: the character set, and the envelope (IATA Type-B) around the interchange."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from perimeter.core.errors import ParseError

# UNB syntax identifiers (ISO 9735 and IATA) and the codec each declares.
_CODECS = {
    "UNOA": "ascii",
    "UNOB": "ascii",
    "UNOC": "latin-1",
    "UNOD": "iso8859-2",
    "UNOE": "iso8859-5",
    "UNOF": "iso8859-7",
    "UNOG": "iso8859-3",
    "UNOH": "iso8859-4",
    "UNOI": "iso8859-6",
    "UNOJ": "iso8859-8",
    "UNOK": "iso8859-9",
    "UNOW": "utf-8",
    "UNOX": "iso2022_jp",
    "UNOY": "utf-8",
    "IATA": "ascii",
    "IATB": "ascii",
}
_SYNTAX = re.compile(rb"UNB[^A-Za-z0-9\s]\s*([A-Z]{4})")
_START = re.compile(r"(?<![A-Za-z0-9])(?:UNA.{5}|UNB(?=[^A-Za-z0-9]))", re.DOTALL)
_ENVELOPE_CONTROLS = "\x01\x02\x03\x04\ufeff"


@dataclass(frozen=True, slots=True)
class Decoded:
    """Interchange text, how it was decoded, and where the interchange begins in it."""

    text: str
    syntax_identifier: str | None
    codec: str
    fallback: str | None  # the codec actually used when the bytes did not fit the declared one
    start: int
    envelope: tuple[str, ...]  # Type-B header lines (priority and addresses, originator) before the interchange


def codec_for(syntax_identifier: str | None) -> str:
    return _CODECS.get(syntax_identifier or "", "ascii")


def decode(data: bytes | str, source: str) -> Decoded:
    """Decode with the character set ``UNB`` declares and find where the interchange starts.

    Bytes outside the declared set are not refused: they are read as UTF-8 when they form valid UTF-8, else as
    Latin-1 (which keeps every byte), and ``fallback`` says so, so that the reader can warn naming the segment.
    """
    syntax_identifier: str | None = None
    fallback: str | None = None
    if isinstance(data, str):
        text, codec = data, "utf-8"
        match = _SYNTAX.search(data.encode("utf-8", "replace"))
        syntax_identifier = match.group(1).decode() if match else None
    else:
        match = _SYNTAX.search(data)
        syntax_identifier = match.group(1).decode() if match else None
        codec = codec_for(syntax_identifier)
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            for candidate in ("utf-8", "latin-1"):
                if candidate == codecs.lookup(codec).name:
                    continue
                try:
                    text = data.decode(candidate)
                except UnicodeDecodeError:
                    continue
                fallback = candidate
                break
        except LookupError:  # pragma: no cover - every codec in the table exists
            text, fallback = data.decode("latin-1"), "latin-1"
    start = _find_start(text)
    if start is None:
        raise ParseError(source, None, "no UNA or UNB segment found: this is not a UN/EDIFACT interchange")
    return Decoded(text, syntax_identifier, codec, fallback, start, _envelope(text[:start]))


def _find_start(text: str) -> int | None:
    """Where ``UNA`` (followed by ``UNB``) or ``UNB`` first occurs as a segment, not inside an envelope line."""
    for match in _START.finditer(text):
        if match.group().startswith("UNB"):
            return match.start()
        if "UNB" in text[match.end() : match.end() + 12]:
            return match.start()
    return None


def _envelope(header: str) -> tuple[str, ...]:
    lines = (line.strip(" \t" + _ENVELOPE_CONTROLS) for line in re.split(r"[\r\n]+", header))
    return tuple(line for line in lines if line)


def trailing_text(text: str) -> str:
    """What follows the interchange, less blanks and the Type-B end-of-text control characters."""
    return text.strip(" \t\r\n" + _ENVELOPE_CONTROLS)
