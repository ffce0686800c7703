"""What reading a machine-readable zone returns: every field, every check, every problem, nothing changed silently."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from perimeter.core.dates import PartialDate
from perimeter.formats.mrz._layouts import MrzFormat


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ProblemKind(StrEnum):
    CHECK_DIGIT = "check-digit"  # a check digit does not match the data it protects
    CODE = "code"  # an issuing state or nationality that is not ISO 3166-1 alpha-3 nor an ICAO code
    DATE = "date"  # a date that is not a calendar date, or impossible
    FORMAT = "format"  # a character or a value that the layout does not allow there


class CheckedField(_Frozen):
    """One check digit: the characters it protects as read, the digit found, the digit they give."""

    field: str
    value: str
    found: str
    expected: str
    ok: bool


class Problem(_Frozen):
    """One thing wrong with the zone, named precisely enough to find it on the document."""

    kind: ProblemKind
    field: str
    message: str
    expected: str | None = None
    found: str | None = None


class Correction(_Frozen):
    """A reading of a field that common OCR confusions (O/0, I/1, B/8, S/5, Z/2, G/6) would explain.

    ``found`` and ``corrected`` are the field's characters, ``found_check_digit`` and ``corrected_check_digit`` its
    check digit, before and after: with the correction the field's check digit verifies, and so does the composite
    when the layout has one (every suggested field corrected). ``message`` says which characters were read as what.
    It is a suggestion for a person: the result itself is never changed.
    """

    field: str
    found: str
    corrected: str
    found_check_digit: str
    corrected_check_digit: str
    message: str


class MrzResult(_Frozen):
    """A machine-readable zone as read, with its verification.

    ``valid`` means every check digit verifies (it equals ``check_digits_valid``); whether the issuing state and
    nationality are known codes is ``codes_valid``, reported separately. Date and format problems are listed in
    ``problems`` with their own ``kind`` and do not change either flag. Text fields have their ``<`` fillers
    removed; the characters exactly as read are in ``lines`` and in ``fields``.

    - ``fields``: the check digit of each field that has one (``document_number``, ``birth_date``, ``expiry_date``,
      and ``personal_number`` on TD3); ``composite`` the composite check (``None`` on visas).
    - ``birth_date``: as precise as the zone says (``1974``, ``1974-08`` or ``1974-08-12``); ``None`` when unknown
      (``<<<<<<``) or unreadable (then a ``date`` problem says why). ``expiry_date``: ``None`` when unreadable.
    - ``sex``: ``M``, ``F``, ``X``, or ``None`` when unspecified (``<``) or unreadable.
    - ``optional_data_1``: TD1's first optional data (after the end of a long document number), TD2's and the
      visas' only one; ``optional_data_2``: TD1's second. ``personal_number``: TD3's, ``None`` elsewhere.
    - ``name_truncated``: the name fills its field, so it may have been cut short.
    """

    format: MrzFormat
    lines: tuple[str, ...]
    document_code: str
    document_type: str
    issuing_country: str
    document_number: str
    surname: str
    given_names: str
    name_truncated: bool
    nationality: str
    birth_date: PartialDate | None
    sex: Literal["M", "F", "X"] | None
    expiry_date: date | None
    optional_data_1: str
    optional_data_2: str
    personal_number: str | None
    fields: dict[str, CheckedField]
    composite: CheckedField | None
    valid: bool
    check_digits_valid: bool
    codes_valid: bool
    problems: tuple[Problem, ...] = ()
    warnings: tuple[str, ...] = ()
    suggested_corrections: tuple[Correction, ...] = ()

    def to_json_dict(self) -> dict[str, Any]:
        """Plain JSON types only: dates as ISO 8601 text (a partial birth date as ``1974`` or ``1974-08``)."""
        return self.model_dump(mode="json")


def document_type(code: str) -> str:
    """What kind of document a document code (``P``, ``ID``, ``V``, ``AC``...) names, per Doc 9303 Part 4-7."""
    if code == "AC":
        return "crew member certificate"
    return {
        "P": "passport",
        "V": "visa",
        "I": "identity document",
        "A": "official travel document",
        "C": "official travel document",
    }.get(code[:1], "unknown")
