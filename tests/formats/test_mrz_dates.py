"""Two-digit years: the century a birth date and an expiry date are given, and dates that are not dates."""

from __future__ import annotations

from datetime import date

import pytest
from mrz_builders import build_td3

from perimeter.core.dates import PartialDate
from perimeter.formats.mrz import ProblemKind, parse_mrz


@pytest.mark.parametrize(
    ("birth", "today", "expected"),
    [
        ("740812", date(2025, 6, 1), PartialDate(1974, 8, 12)),
        ("200101", date(2025, 6, 1), PartialDate(2020, 1, 1)),
        ("250601", date(2025, 6, 1), PartialDate(2025, 6, 1)),  # born today
        ("250602", date(2025, 6, 1), PartialDate(1925, 6, 2)),  # tomorrow cannot be a birth date: a century ago
        ("000229", date(2025, 6, 1), PartialDate(2000, 2, 29)),
        ("991231", date(2000, 1, 1), PartialDate(1999, 12, 31)),
        ("991231", date(2099, 12, 31), PartialDate(2099, 12, 31)),
        ("74<<<<", date(2025, 6, 1), PartialDate(1974)),
        ("7408<<", date(2025, 6, 1), PartialDate(1974, 8)),
        ("25<<<<", date(2025, 6, 1), PartialDate(2025)),
        ("2507<<", date(2025, 6, 1), PartialDate(1925, 7)),
    ],
)
def test_a_birth_date_is_never_in_the_future(birth: str, today: date, expected: PartialDate) -> None:
    expiry = f"{(today.year + 5) % 100:02d}0101"  # a document valid for five more years
    result = parse_mrz(build_td3(birth=birth, expiry=expiry), today=today)
    assert result.birth_date == expected
    assert result.valid
    assert not [p for p in result.problems if p.kind == ProblemKind.DATE]


def test_a_birth_date_is_never_after_the_expiry_date() -> None:
    # 2019 is in the past, but the document expired in 2016: the holder was born in 1919
    result = parse_mrz(build_td3(birth="190101", expiry="160730"), today=date(2025, 6, 1))
    assert result.birth_date == PartialDate(1919, 1, 1)
    assert result.expiry_date == date(2016, 7, 30)


def test_an_unknown_birth_date_is_a_warning_not_a_problem() -> None:
    result = parse_mrz(build_td3(birth="<<<<<<"), today=date(2025, 6, 1))
    assert result.birth_date is None and result.valid and result.problems == ()
    assert any("unknown" in warning for warning in result.warnings)


def test_zero_for_an_unknown_day_is_read_with_a_warning() -> None:
    result = parse_mrz(build_td3(birth="740800"), today=date(2025, 6, 1))
    assert result.birth_date == PartialDate(1974, 8)
    assert result.problems == ()
    assert any("00" in warning for warning in result.warnings)


@pytest.mark.parametrize(
    ("expiry", "today", "expected"),
    [
        ("120415", date(2025, 6, 1), date(2012, 4, 15)),
        ("350101", date(2025, 6, 1), date(2035, 1, 1)),
        ("750101", date(2025, 6, 1), date(2075, 1, 1)),  # 50 years either way: the later
        ("760101", date(2025, 6, 1), date(1976, 1, 1)),
        ("970801", date(2025, 6, 1), date(1997, 8, 1)),
        ("100101", date(2090, 1, 1), date(2110, 1, 1)),
        ("991231", date(2001, 1, 1), date(1999, 12, 31)),
    ],
)
def test_an_expiry_date_takes_the_nearest_century(expiry: str, today: date, expected: date) -> None:
    result = parse_mrz(build_td3(birth="<<<<<<", expiry=expiry), today=today)
    assert result.expiry_date == expected


@pytest.mark.parametrize(
    ("field", "birth", "expiry", "reason"),
    [
        ("birth_date", "741312", "120415", "not a calendar date"),
        ("birth_date", "740132", "120415", "not a calendar date"),
        ("birth_date", "010229", "120415", "not a calendar date"),  # 2001 was no leap year
        ("birth_date", "74<<12", "120415", "not YYMMDD"),
        ("birth_date", "7A0812", "120415", "not YYMMDD"),
        ("expiry_date", "740812", "120431", "not a calendar date"),
        ("expiry_date", "740812", "12<<<<", "not YYMMDD"),
    ],
)
def test_an_impossible_date_is_a_date_problem(field: str, birth: str, expiry: str, reason: str) -> None:
    result = parse_mrz(build_td3(birth=birth, expiry=expiry), today=date(2025, 6, 1))
    dates = [p for p in result.problems if p.kind == ProblemKind.DATE]
    assert [(p.field, p.found) for p in dates] == [(field, birth if field == "birth_date" else expiry)]
    assert reason in dates[0].message
    assert getattr(result, field) is None
    assert result.valid  # the check digits are right: a date problem is reported apart from them
