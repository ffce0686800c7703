"""The MRZ writer behind ``compose_td1`` and its siblings: fields in, lines out, check digits computed.

Names must already be in the MRZ's Latin capitals (transliteration is the caller's business); spaces, hyphens and
commas become ``<``, apostrophes are dropped, and a name too long for its field is cut so that it fills the field
and ends in a letter (see :func:`_fit`), which is what tells a reader that it may have been truncated.
"""

from __future__ import annotations

import re
from datetime import date

from perimeter.core.dates import PartialDate
from perimeter.core.errors import InvalidInput
from perimeter.formats.mrz._layouts import LAYOUTS, Layout, MrzFormat, Span
from perimeter.formats.mrz._protected import protected_fields

_CODE = re.compile(r"^[A-Z0-9<]*$")


def _text(value: str, what: str) -> str:
    text = value.strip().upper().replace(" ", "<")
    if not _CODE.match(text):
        raise InvalidInput(f"{what} {value!r} holds characters an MRZ cannot (only A-Z, 0-9, space and <)")
    return text


def _name(surname: str, given_names: str) -> str:
    def clean(value: str, what: str) -> str:
        text = re.sub(r"[ \-,]+", "<", value.strip().upper().replace("'", "")).strip("<")
        if not re.fullmatch(r"[A-Z<]*", text):
            raise InvalidInput(f"{what} {value!r} must be transliterated to the Latin letters A-Z first")
        return text

    primary, secondary = clean(surname, "surname"), clean(given_names, "given names")
    if not primary:
        raise InvalidInput("the surname (primary identifier) is required")
    return f"{primary}<<{secondary}" if secondary else primary


def _fit(name: str, size: int) -> str:
    """The name cut to ``size``; a cut name fills its field and ends in a letter, as readers expect of one.

    Where the cut falls on fillers, the name before them gives up its last letter to the next name's initial.
    """
    if len(name) <= size:
        return name
    cut, rest = name[:size], name[size:]
    if cut.endswith("<"):
        # the run of fillers across the cut: one between names, two between surname and given names
        fillers = len(cut) - len(cut.rstrip("<")) + len(rest) - len(rest.lstrip("<"))
        cut = cut[: size - fillers - 1] + "<" * fillers + rest.lstrip("<")[:1]
    return cut


def _birth(value: date | PartialDate | None) -> str:
    if value is None:
        return "<<<<<<"
    if isinstance(value, date):
        return value.strftime("%y%m%d")
    month = f"{value.month:02d}" if value.month else "<<"
    day = f"{value.day:02d}" if value.day else "<<"
    return f"{value.year % 100:02d}{month}{day}"


class _Writer:
    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.rows = [["<"] * layout.line_length for _ in range(layout.line_count)]

    def put(self, span: Span | None, text: str, what: str) -> None:
        if span is None:
            if text:
                raise InvalidInput(f"a {self.layout.format.name} zone has no {what}")
            return
        size = span.end - span.start
        if len(text) > size:
            raise InvalidInput(f"{what} {text!r} is longer than its {size} characters")
        for offset, char in enumerate(text):
            self.rows[span.line][span.start + offset] = char

    def lines(self) -> tuple[str, ...]:
        return tuple("".join(row) for row in self.rows)

    def finish(self) -> str:
        """Write every check digit, the composite last since it covers the others."""
        fields, composite, _ = protected_fields(self.lines(), self.layout)
        for check in [*fields, composite]:
            if check is None:
                continue
            lines = self.lines()
            line, column = check.check_position
            empty = check.filler_check_ok and set(check.value(lines)) == {"<"}
            self.rows[line][column] = "<" if empty else check.expected(lines)
        return "\n".join(self.lines())


def compose(
    mrz_format: MrzFormat,
    *,
    document_number: str,
    issuing_country: str,
    surname: str,
    given_names: str,
    nationality: str,
    birth_date: date | PartialDate | None,
    sex: str | None,
    expiry_date: date,
    document_code: str | None = None,
    optional_data_1: str = "",
    optional_data_2: str = "",
    personal_number: str = "",
) -> str:
    """The zone's lines joined by newlines, every check digit computed.

    A TD1 or TD2 document number longer than nine characters continues in optional data 1 (Doc 9303 Parts 5 and 6;
    Part 11, Appendix D, shows one); the other layouts refuse it. ``sex`` is ``M``, ``F``, ``X`` or ``None`` or
    ``<`` (unspecified).
    """
    layout = LAYOUTS[mrz_format]
    writer = _Writer(layout)
    code = _text(document_code or {"td3": "P", "mrva": "V", "mrvb": "V"}.get(mrz_format.value, "I"), "document code")
    if code.startswith("V") != (layout.document_kinds == "V"):
        raise InvalidInput(f"document code {code!r}: only visas, and all visas, have a code starting with V")
    writer.put(layout.document_code, code, "document code")
    writer.put(layout.issuing_country, _text(issuing_country, "issuing state"), "issuing state")
    writer.put(layout.nationality, _text(nationality, "nationality"), "nationality")
    writer.put(layout.name, _fit(_name(surname, given_names), layout.name.end - layout.name.start), "name")
    writer.put(layout.birth_date, _birth(birth_date), "birth date")
    writer.put(layout.expiry_date, expiry_date.strftime("%y%m%d"), "expiry date")
    if sex not in (None, "<", "M", "F", "X"):
        raise InvalidInput(f"sex {sex!r} must be M, F, X or unspecified")
    writer.put(layout.sex, sex or "<", "sex")

    number = _text(document_number, "document number")
    optional = _text(optional_data_1, "optional data")
    # finish() computes the check digits; until then a "0" holds their place (a "<" would announce a long number)
    if len(number) > 9 and layout.number_overflow:
        number, optional = number[:9], f"{number[9:]}0<{optional}"
        writer.put(layout.document_number_check, "<", "document number check digit")
    else:
        writer.put(layout.document_number_check, "0", "document number check digit")
    writer.put(layout.document_number, number, "document number")
    writer.put(layout.optional_data_1, optional, "optional data (with the end of a long document number)")
    writer.put(layout.optional_data_2, _text(optional_data_2, "optional data 2"), "optional data 2")
    writer.put(layout.personal_number, _text(personal_number, "personal number"), "personal number")
    return writer.finish()
