"""The characters each check digit protects, located by position so that a correction can be tried in place."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from perimeter.formats.mrz._checkdigit import check_digit
from perimeter.formats.mrz._layouts import Layout
from perimeter.formats.mrz.model import CheckedField

Position = tuple[int, int]  # (line, column), both from 0
Lines = tuple[str, ...]


@dataclass(frozen=True)
class Protected:
    """A field and its check digit.

    ``kind`` says what the field holds, which decides the OCR confusions worth trying: ``date`` (digits only),
    ``alnum`` (letters and digits) or ``composite`` (the composite check over several fields).
    """

    field: str
    label: str
    positions: tuple[Position, ...]
    check_position: Position
    kind: Literal["date", "alnum", "composite"]
    filler_check_ok: bool = False  # an empty (all-filler) field may carry < instead of 0 (TD3 personal number)

    def value(self, lines: Lines) -> str:
        return "".join(lines[line][column] for line, column in self.positions)

    def found(self, lines: Lines) -> str:
        line, column = self.check_position
        return lines[line][column]

    def expected(self, lines: Lines) -> str:
        return check_digit(self.value(lines))

    def verifies(self, lines: Lines) -> bool:
        found, expected = self.found(lines), self.expected(lines)
        if self.filler_check_ok and found == "<" and set(self.value(lines)) == {"<"}:
            return True
        return found == expected

    def checked(self, lines: Lines) -> CheckedField:
        return CheckedField(
            field=self.field,
            value=self.value(lines),
            found=self.found(lines),
            expected=self.expected(lines),
            ok=self.verifies(lines),
        )


def document_number(lines: Lines, layout: Layout) -> tuple[Protected, int]:
    """The document number's check, and how many characters of optional data 1 the number took.

    In TD1 and TD2 a number longer than nine characters has its first nine in the number field, ``<`` in the
    check digit position, and the rest in optional data 1 followed by the check digit and a filler
    (Doc 9303 Part 5 §4.2.4 and the matching TD2 rule of Part 6; Part 11, Appendix D, gives an example).
    """
    positions = layout.document_number.positions()
    check = layout.document_number_check.positions()[0]
    optional = layout.optional_data_1
    if layout.number_overflow and optional is not None and layout.document_number_check.read(lines) == "<":
        text = optional.read(lines)
        end = text.find("<") if "<" in text else len(text)
        if end > 0:
            extra = optional.positions()[:end]
            protected = Protected("document_number", "document number", (*positions, *extra[:-1]), extra[-1], "alnum")
            return protected, min(end + 1, len(text))
    return Protected("document_number", "document number", tuple(positions), check, "alnum"), 0


def protected_fields(lines: Lines, layout: Layout) -> tuple[list[Protected], Protected | None, int]:
    """Every field check, the composite check (``None`` for visas) and the optional data the number took."""
    number, taken = document_number(lines, layout)
    fields = [
        number,
        Protected(
            "birth_date",
            "birth date",
            tuple(layout.birth_date.positions()),
            layout.birth_date_check.positions()[0],
            "date",
        ),
        Protected(
            "expiry_date",
            "expiry date",
            tuple(layout.expiry_date.positions()),
            layout.expiry_date_check.positions()[0],
            "date",
        ),
    ]
    if layout.personal_number is not None and layout.personal_number_check is not None:
        fields.append(
            Protected(
                "personal_number",
                "personal number",
                tuple(layout.personal_number.positions()),
                layout.personal_number_check.positions()[0],
                "alnum",
                filler_check_ok=True,
            )
        )
    composite = None
    if layout.composite_check is not None:
        spans = tuple(position for span in layout.composite for position in span.positions())
        composite = Protected("composite", "composite", spans, layout.composite_check.positions()[0], "composite")
    return fields, composite, taken
