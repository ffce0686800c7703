"""Where each field sits in the five machine-readable zones of ICAO Doc 9303 (Parts 4 to 7).

Positions are zero-based and end-exclusive (the standard counts from 1: its positions 6-14 are ``Span(0, 5, 14)``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum


class MrzFormat(StrEnum):
    """The five machine-readable zone layouts."""

    TD1 = "td1"  # identity cards: 3 lines of 30 (Part 5)
    TD2 = "td2"  # identity cards and travel documents: 2 lines of 36 (Part 6)
    TD3 = "td3"  # passports: 2 lines of 44 (Part 4)
    MRVA = "mrva"  # visas, format A: 2 lines of 44 (Part 7)
    MRVB = "mrvb"  # visas, format B: 2 lines of 36 (Part 7)


@dataclass(frozen=True)
class Span:
    """Characters ``start`` to ``end`` (exclusive) of line ``line``."""

    line: int
    start: int
    end: int

    def read(self, lines: tuple[str, ...]) -> str:
        return lines[self.line][self.start : self.end]

    def positions(self) -> list[tuple[int, int]]:
        return [(self.line, column) for column in range(self.start, self.end)]


def _at(line: int, column: int) -> Span:
    return Span(line, column, column + 1)


@dataclass(frozen=True)
class Layout:
    """One MRZ layout: its shape and the span of every field."""

    format: MrzFormat
    line_count: int
    line_length: int
    document_kinds: str  # the letters the document code may start with
    name: Span
    document_number: Span
    document_number_check: Span
    nationality: Span
    birth_date: Span
    birth_date_check: Span
    sex: Span
    expiry_date: Span
    expiry_date_check: Span
    optional_data_1: Span | None = None
    optional_data_2: Span | None = None
    personal_number: Span | None = None
    personal_number_check: Span | None = None
    composite: tuple[Span, ...] = ()
    composite_check: Span | None = None
    #: A document number longer than 9 characters continues in optional data 1 (TD1 and TD2 only).
    number_overflow: bool = False

    document_code: Span = Span(0, 0, 2)
    issuing_country: Span = Span(0, 2, 5)

    @property
    def shape(self) -> str:
        return f"{self.line_count} lines of {self.line_length}"


def _two_line(fmt: MrzFormat, length: int, kinds: str) -> Layout:
    """What TD2, TD3 and both visas share: the name on line 1; number, nationality, birth, sex, expiry on line 2."""
    return Layout(
        format=fmt,
        line_count=2,
        line_length=length,
        document_kinds=kinds,
        name=Span(0, 5, length),
        document_number=Span(1, 0, 9),
        document_number_check=_at(1, 9),
        nationality=Span(1, 10, 13),
        birth_date=Span(1, 13, 19),
        birth_date_check=_at(1, 19),
        sex=_at(1, 20),
        expiry_date=Span(1, 21, 27),
        expiry_date_check=_at(1, 27),
    )


LAYOUTS: dict[MrzFormat, Layout] = {
    MrzFormat.TD1: Layout(
        format=MrzFormat.TD1,
        line_count=3,
        line_length=30,
        document_kinds="ACI",
        document_number=Span(0, 5, 14),
        document_number_check=_at(0, 14),
        optional_data_1=Span(0, 15, 30),
        birth_date=Span(1, 0, 6),
        birth_date_check=_at(1, 6),
        sex=_at(1, 7),
        expiry_date=Span(1, 8, 14),
        expiry_date_check=_at(1, 14),
        nationality=Span(1, 15, 18),
        optional_data_2=Span(1, 18, 29),
        composite=(Span(0, 5, 30), Span(1, 0, 7), Span(1, 8, 15), Span(1, 18, 29)),
        composite_check=_at(1, 29),
        name=Span(2, 0, 30),
        number_overflow=True,
    ),
    MrzFormat.TD2: replace(
        _two_line(MrzFormat.TD2, 36, "ACI"),
        optional_data_1=Span(1, 28, 35),
        composite=(Span(1, 0, 10), Span(1, 13, 20), Span(1, 21, 35)),
        composite_check=_at(1, 35),
        number_overflow=True,
    ),
    MrzFormat.TD3: replace(
        _two_line(MrzFormat.TD3, 44, "P"),
        personal_number=Span(1, 28, 42),
        personal_number_check=_at(1, 42),
        composite=(Span(1, 0, 10), Span(1, 13, 20), Span(1, 21, 43)),
        composite_check=_at(1, 43),
    ),
    MrzFormat.MRVA: replace(_two_line(MrzFormat.MRVA, 44, "V"), optional_data_1=Span(1, 28, 44)),
    MrzFormat.MRVB: replace(_two_line(MrzFormat.MRVB, 36, "V"), optional_data_1=Span(1, 28, 36)),
}


def detect(lines: tuple[str, ...]) -> Layout | None:
    """The layout whose shape the lines have; a document code starting with ``V`` tells a visa from TD2/TD3."""
    if not lines or len({len(line) for line in lines}) != 1:
        return None
    shape = (len(lines), len(lines[0]))
    visa = lines[0].startswith("V")
    if shape == (3, 30):
        return LAYOUTS[MrzFormat.TD1]
    if shape == (2, 36):
        return LAYOUTS[MrzFormat.MRVB if visa else MrzFormat.TD2]
    if shape == (2, 44):
        return LAYOUTS[MrzFormat.MRVA if visa else MrzFormat.TD3]
    return None


EXPECTED_SHAPES = "3 lines of 30 (TD1), 2 lines of 36 (TD2, MRV-B) or 2 lines of 44 (TD3, MRV-A)"
