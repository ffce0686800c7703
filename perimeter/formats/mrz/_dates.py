"""Dates in a machine-readable zone: ``YYMMDD`` with the century left out, to be inferred.

- A birth date cannot be in the future, nor after the document's expiry: of 20YY and 19YY, the first that is on or
  before ``today`` (and the expiry date, when known) is taken. Its month and day may be unknown (``<<``, Doc 9303
  Part 3); ``00`` for an unknown month or day, a common national practice, is read the same way with a warning.
- An expiry date is taken in the century that puts it nearest to ``today`` (ties go to the later one), which gives
  20YY for every document valid or expired in the last half-century.
"""

from __future__ import annotations

from datetime import date

from perimeter.core.dates import PartialDate
from perimeter.formats.mrz.model import Problem, ProblemKind


def _calendar_error(year: int, month: int, day: int) -> str | None:
    try:
        date(year, month, day)
    except ValueError as error:
        return str(error)
    return None


def _part(text: str) -> int | None:
    """``None`` for an unknown part (``<<`` or ``00``), the number otherwise."""
    return None if text in ("<<", "00") else int(text)


def read_birth_date(text: str, today: date, expiry: date | None) -> tuple[PartialDate | None, list[Problem], list[str]]:
    """The birth date to the precision it is known, or ``None`` (unknown or unreadable, the latter a problem)."""
    if text == "<<<<<<":
        return None, [], ["the birth date is unknown (all fillers)"]
    yy, mm, dd = text[0:2], text[2:4], text[4:6]
    well_formed = (
        yy.isdigit()
        and (mm.isdigit() or mm == "<<")
        and (dd.isdigit() or dd == "<<")
        and not (_part(mm) is None and _part(dd) is not None)
    )
    if not well_formed:
        message = f"birth date {text} is not YYMMDD (digits, with << for an unknown month or day)"
        return None, [Problem(kind=ProblemKind.DATE, field="birth_date", message=message, found=text)], []
    warnings = []
    if "00" in (mm, dd):
        warnings.append(f"birth date {text}: 00 read as an unknown month or day (Doc 9303 uses <<)")
    month, day = _part(mm), _part(dd)
    year = _birth_year(int(yy), month, day, today, expiry)
    error = _calendar_error(year, month or 1, day or 1)
    if error:
        message = f"birth date {text} is not a calendar date ({error})"
        return None, [Problem(kind=ProblemKind.DATE, field="birth_date", message=message, found=text)], warnings
    value = PartialDate(year, month, day)
    problems = []
    if expiry is not None and (year, month or 1, day or 1) > (expiry.year, expiry.month, expiry.day):
        message = f"birth date {value} is after the expiry date {expiry}"
        problems.append(Problem(kind=ProblemKind.DATE, field="birth_date", message=message, found=text))
    return value, problems, warnings


def _birth_year(yy: int, month: int | None, day: int | None, today: date, expiry: date | None) -> int:
    for century in (2000, 1900):
        earliest = (century + yy, month or 1, day or 1)
        if earliest > (today.year, today.month, today.day):
            continue
        if expiry is not None and earliest > (expiry.year, expiry.month, expiry.day):
            continue
        return century + yy
    return 1900 + yy


def read_expiry_date(text: str, today: date) -> tuple[date | None, list[Problem]]:
    """The expiry date, or ``None`` with a problem when it is not a ``YYMMDD`` calendar date."""
    if not text.isdigit():
        message = f"expiry date {text} is not YYMMDD (six digits)"
        return None, [Problem(kind=ProblemKind.DATE, field="expiry_date", message=message, found=text)]
    yy, month, day = int(text[0:2]), int(text[2:4]), int(text[4:6])
    year = min((century + yy for century in (1900, 2000, 2100)), key=lambda y: (abs(y - today.year), -y))
    error = _calendar_error(year, month, day)
    if error:
        message = f"expiry date {text} is not a calendar date ({error})"
        return None, [Problem(kind=ProblemKind.DATE, field="expiry_date", message=message, found=text)]
    return date(year, month, day), []
