"""From what a reader or a person typed to the lines of one known layout, or :class:`ParseError`."""

from __future__ import annotations

from collections.abc import Sequence

from perimeter.core.errors import ParseError
from perimeter.formats.mrz._checkdigit import MRZ_ALPHABET
from perimeter.formats.mrz._layouts import EXPECTED_SHAPES, LAYOUTS, Layout, detect

# A whole zone given on one line: its total length and how many lines it splits into.
_JOINED = {layout.line_count * layout.line_length: layout for layout in LAYOUTS.values()}


def _describe(lines: list[str]) -> str:
    if not lines:
        return "no text"
    lengths = sorted({len(line) for line in lines})
    plural = "line" if len(lines) == 1 else "lines"
    if len(lengths) == 1:
        return f"{len(lines)} {plural} of {lengths[0]} characters"
    return f"{len(lines)} {plural} of " + ", ".join(str(len(line)) for line in lines) + " characters"


def clean(mrz: str | bytes | Sequence[str], source: str) -> tuple[tuple[str, ...], Layout, list[str]]:
    """The zone's lines, its layout and warnings about what was read loosely.

    Accepted loosely (each with a warning): surrounding whitespace and blank lines (no warning), lower-case letters
    (upper-cased), a whole zone written on one line (split). Anything else that does not have one of the five
    shapes, or holds a character other than ``A``-``Z``, ``0``-``9`` and ``<``, is not an MRZ.
    """
    if isinstance(mrz, bytes):
        try:
            mrz = mrz.decode("ascii")
        except UnicodeDecodeError as error:
            raise ParseError(source, f"byte {error.start + 1}", "not an MRZ: the text is not ASCII") from None
    parts = [mrz] if isinstance(mrz, str) else list(mrz)
    lines = [line.strip() for part in parts for line in str(part).splitlines()]
    lines = [line for line in lines if line]
    warnings: list[str] = []

    if any(char.islower() for line in lines for char in line):
        lines = [line.upper() for line in lines]
        warnings.append("lower-case letters were read as capitals (an MRZ is printed in capitals only)")

    if len(lines) == 1 and len(lines[0]) in _JOINED:
        shape = _JOINED[len(lines[0])]
        text, size = lines[0], shape.line_length
        lines = [text[start : start + size] for start in range(0, len(text), size)]
        warnings.append(f"the zone was given on one line of {len(text)} characters; read as {shape.shape}")

    layout = detect(tuple(lines))
    if layout is None:
        raise ParseError(source, None, f"not an MRZ: found {_describe(lines)}; expected {EXPECTED_SHAPES}")

    for number, line in enumerate(lines, start=1):
        for column, char in enumerate(line, start=1):
            if char not in MRZ_ALPHABET:
                raise ParseError(
                    source,
                    f"line {number}, column {column}",
                    f"not an MRZ: {char!r} is not an MRZ character (only A-Z, 0-9 and <)",
                )
    return tuple(lines), layout, warnings
