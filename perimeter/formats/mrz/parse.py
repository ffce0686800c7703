"""Read and verify a machine-readable zone of any of the five ICAO Doc 9303 layouts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from perimeter.core.errors import ParseError
from perimeter.formats.mrz import _fields
from perimeter.formats.mrz._clean import clean
from perimeter.formats.mrz._dates import read_birth_date, read_expiry_date
from perimeter.formats.mrz._layouts import Layout
from perimeter.formats.mrz._protected import Lines, Protected, protected_fields
from perimeter.formats.mrz.model import MrzResult, Problem, ProblemKind, document_type
from perimeter.formats.mrz.ocr import suggest_corrections

__all__ = ["ParseError", "parse_mrz"]


def parse_mrz(mrz: str | bytes | Sequence[str], *, today: date | None = None, source: str = "MRZ") -> MrzResult:
    """Read ``mrz`` (lines joined by newlines, ASCII bytes, or a list of lines) and verify its check digits and codes.

    ``today`` anchors the century of two-digit years (the current date when not given); ``source`` names the input
    in error messages. An input that has none of the five shapes, or holds a character an MRZ cannot, raises
    :class:`ParseError` ("not an MRZ"); anything else is read, and what is wrong with it is listed in the result's
    ``problems``, with OCR corrections in ``suggested_corrections`` when a check digit fails.
    """
    lines, layout, warnings = clean(mrz, source)
    return _read(lines, layout, today or date.today(), warnings)


def _check_problem(lines: Lines, check: Protected) -> Problem:
    found, expected = check.found(lines), check.expected(lines)
    subject = "composite" if check.kind == "composite" else f"{check.label} {check.value(lines)}"
    message = f"{subject}: check digit is {found!r}, expected {expected!r}"
    return Problem(kind=ProblemKind.CHECK_DIGIT, field=check.field, message=message, expected=expected, found=found)


def _read(lines: Lines, layout: Layout, today: date, warnings: list[str]) -> MrzResult:
    problems: list[Problem] = []
    checks, composite, taken = protected_fields(lines, layout)
    for check in [*checks, composite]:
        if check is not None and not check.verifies(lines):
            problems.append(_check_problem(lines, check))
    check_digits_valid = not problems

    code, found = _fields.read_document_code(layout.document_code.read(lines), layout)
    problems += found
    issuing, issuing_problems = _fields.read_country(
        layout.issuing_country.read(lines), "issuing_country", "issuing state"
    )
    nationality, nationality_problems = _fields.read_country(
        layout.nationality.read(lines), "nationality", "nationality"
    )
    problems += issuing_problems + nationality_problems

    expiry, found = read_expiry_date(layout.expiry_date.read(lines), today)
    problems += found
    birth, found, notes = read_birth_date(layout.birth_date.read(lines), today, expiry)
    problems += found
    warnings += notes

    surname, given_names, truncated, found, notes = _fields.read_name(layout.name.read(lines))
    problems += found
    warnings += notes
    sex, found = _fields.read_sex(layout.sex.read(lines))
    problems += found

    optional_1 = layout.optional_data_1.read(lines)[taken:] if layout.optional_data_1 else ""
    optional_2 = layout.optional_data_2.read(lines) if layout.optional_data_2 else ""
    personal = layout.personal_number.read(lines) if layout.personal_number else None

    return MrzResult(
        format=layout.format,
        lines=lines,
        document_code=code,
        document_type=document_type(code),
        issuing_country=issuing,
        document_number=checks[0].value(lines).strip("<"),
        surname=surname,
        given_names=given_names,
        name_truncated=truncated,
        nationality=nationality,
        birth_date=birth,
        sex=sex,
        expiry_date=expiry,
        optional_data_1=optional_1.strip("<"),
        optional_data_2=optional_2.strip("<"),
        personal_number=None if personal is None else personal.strip("<"),
        fields={check.field: check.checked(lines) for check in checks},
        composite=composite.checked(lines) if composite else None,
        valid=check_digits_valid,
        check_digits_valid=check_digits_valid,
        codes_valid=not issuing_problems and not nationality_problems,
        problems=tuple(problems),
        warnings=tuple(warnings),
        suggested_corrections=suggest_corrections(lines, layout, checks, composite),
    )
