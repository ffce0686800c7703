"""Dates as airline messages write them, most with two-digit years, and the century each must be given.

A birth date is never after the reference date (a person is not born in the future); any other date (a flight, a
document's expiry) is put in the century that brings it nearest the reference date.
"""

from __future__ import annotations

from datetime import date, datetime

_MONTHS = {
    name: number
    for number, name in enumerate(
        ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), start=1
    )
}


def _year(two_digits: int, month: int, day: int, reference: date, *, past: bool) -> int:
    if past:
        year = reference.year - (reference.year - two_digits) % 100
        if (year, month, day) > (reference.year, reference.month, reference.day):
            year -= 100
        return year
    low = reference.year - 50
    return low + (two_digits - low) % 100


def _checked(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"{text!r} is not a calendar date") from None


def read_date(text: str, reference: date | None, *, past: bool, order: str = "YMD") -> date:
    """``YYMMDD`` or ``CCYYMMDD`` (``order="YMD"``, as EDIFACT ``DTM`` writes them) or ``DDMMYY`` (``order="DMY"``,
    as PNRGOV does). A :class:`ValueError` with a short reason when the text is not a date."""
    digits = text.strip()
    if not digits.isdigit() or len(digits) not in (6, 8):
        shape = "YYMMDD or CCYYMMDD" if order == "YMD" else "DDMMYY"
        raise ValueError(f"{text!r} is not a date of the form {shape}")
    if len(digits) == 8:
        if order == "YMD":
            return _checked(int(digits[:4]), int(digits[4:6]), int(digits[6:]), text)
        return _checked(int(digits[4:]), int(digits[2:4]), int(digits[:2]), text)
    if order == "YMD":
        two, month, day = int(digits[:2]), int(digits[2:4]), int(digits[4:])
    else:
        day, month, two = int(digits[:2]), int(digits[2:4]), int(digits[4:])
    if reference is None:
        raise ValueError(f"{text!r} has a two-digit year and there is no date to infer its century from")
    return _checked(_year(two, month, day, reference, past=past), month, day, text)


def read_named_month_date(text: str, reference: date | None, *, past: bool) -> date:
    """``12JUL64`` (``DDMMMYY``) or ``12JUL1964``, as ``SSR DOCS`` writes dates."""
    value = text.strip().upper()
    month = _MONTHS.get(value[2:5])
    if len(value) not in (7, 9) or not value[:2].isdigit() or month is None or not value[5:].isdigit():
        raise ValueError(f"{text!r} is not a date of the form DDMMMYY")
    day = int(value[:2])
    if len(value) == 9:
        return _checked(int(value[5:]), month, day, text)
    if reference is None:
        raise ValueError(f"{text!r} has a two-digit year and there is no date to infer its century from")
    return _checked(_year(int(value[5:]), month, day, reference, past=past), month, day, text)


def read_time(text: str) -> tuple[int, int]:
    """(hour, minute) of ``HHMM`` or ``HHMMSS`` (seconds dropped)."""
    value = text.strip()
    if not value.isdigit() or len(value) not in (4, 6) or int(value[:2]) > 23 or int(value[2:4]) > 59:
        raise ValueError(f"{text!r} is not a time of the form HHMM")
    return int(value[:2]), int(value[2:4])


def read_datetime(text: str, format_code: str, reference: date | None) -> datetime:
    """A ``DTM`` value with its format code: 201 ``YYMMDDHHMM``, 203 ``CCYYMMDDHHMM``, 102 ``CCYYMMDD``,
    101 ``YYMMDD`` (the code may be absent: the length tells)."""
    digits = text.strip()
    if not digits.isdigit():
        raise ValueError(f"{text!r} is not a date and time")
    if format_code == "203" or (not format_code and len(digits) == 12):
        day, clock = read_date(digits[:8], reference, past=False), digits[8:]
    elif format_code == "201" or (not format_code and len(digits) == 10):
        day, clock = read_date(digits[:6], reference, past=False), digits[6:]
    elif format_code in ("", "101", "102"):
        day, clock = read_date(digits, reference, past=False), "0000"
    else:
        raise ValueError(f"date format code {format_code!r} is not one of 101, 102, 201, 203")
    hour, minute = read_time(clock)
    return datetime(day.year, day.month, day.day, hour, minute)
