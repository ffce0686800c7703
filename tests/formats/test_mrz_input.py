"""What ``parse_mrz`` accepts loosely, and what it refuses as not an MRZ at all."""

from __future__ import annotations

from datetime import date

import pytest

from perimeter.core.errors import ParseError
from perimeter.formats.mrz import parse_mrz

TODAY = date(2025, 6, 1)
LINE1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
LINE2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10"


@pytest.mark.parametrize(
    "given",
    [
        f"{LINE1}\n{LINE2}",
        [LINE1, LINE2],
        (LINE1, LINE2),
        f"  {LINE1}  \r\n\t{LINE2}\n\n",
        f"\n\n{LINE1}\n   \n{LINE2}\n",
        [f" {LINE1}\n", f"{LINE2} "],
    ],
)
def test_whitespace_blank_lines_and_lists_are_accepted_silently(given: str | list[str]) -> None:
    result = parse_mrz(given, today=TODAY)
    assert result.lines == (LINE1, LINE2)
    assert result.valid and result.warnings == ()


def test_lower_case_is_upper_cased_with_a_warning() -> None:
    result = parse_mrz(f"{LINE1.lower()}\n{LINE2.lower()}", today=TODAY)
    assert result.lines == (LINE1, LINE2)
    assert result.valid
    assert any("lower-case" in warning for warning in result.warnings)


def test_a_zone_on_one_line_is_split_with_a_warning() -> None:
    result = parse_mrz(LINE1 + LINE2, today=TODAY)
    assert result.lines == (LINE1, LINE2)
    assert result.valid
    assert any("one line of 88" in warning for warning in result.warnings)


@pytest.mark.parametrize(
    ("given", "found"),
    [
        ("", "found no text"),
        ("   \n \n", "found no text"),
        ("hello world", "found 1 line of 11 characters"),
        (f"{LINE1}\n{LINE2[:-1]}", "found 2 lines of 44, 43 characters"),
        (LINE1, "found 1 line of 44 characters"),
        (f"{LINE1}\n{LINE2}\n{LINE2}", "found 3 lines of 44 characters"),
        ([LINE1[:30]] * 4, "found 4 lines of 30 characters"),
        ([LINE1[:40], LINE2[:40]], "found 2 lines of 40 characters"),
    ],
)
def test_a_wrong_shape_is_not_an_mrz(given: str | list[str], found: str) -> None:
    with pytest.raises(ParseError) as error:
        parse_mrz(given, today=TODAY)
    message = str(error.value)
    assert "not an MRZ" in message
    assert found in message
    assert "3 lines of 30 (TD1), 2 lines of 36 (TD2, MRV-B) or 2 lines of 44 (TD3, MRV-A)" in message


@pytest.mark.parametrize(
    ("line2", "location", "char"),
    [
        (LINE2[:5] + " " + LINE2[6:], "line 2, column 6", "' '"),
        (LINE2[:43] + "*", "line 2, column 44", "'*'"),
        (LINE2[:10] + "É" + LINE2[11:], "line 2, column 11", "'É'"),
    ],
)
def test_a_forbidden_character_is_not_an_mrz_and_is_located(line2: str, location: str, char: str) -> None:
    with pytest.raises(ParseError) as error:
        parse_mrz([LINE1, line2], source="scan 17", today=TODAY)
    assert error.value.source == "scan 17"
    assert error.value.location == location
    assert char in error.value.reason and "not an MRZ" in error.value.reason


def test_parse_error_is_a_value_error_for_callers_that_catch_those() -> None:
    with pytest.raises(ValueError, match="not an MRZ"):
        parse_mrz("P<UTO", today=TODAY)


def test_today_defaults_to_the_current_date() -> None:
    assert parse_mrz([LINE1, LINE2]).birth_date is not None


def test_ascii_bytes_are_read_and_other_bytes_are_not_an_mrz() -> None:
    assert parse_mrz(f"{LINE1}\n{LINE2}".encode("ascii"), today=TODAY).valid
    with pytest.raises(ParseError, match="not an MRZ") as error:
        parse_mrz(f"{LINE1}\n{LINE2}é".encode(), today=TODAY)
    assert error.value.location == "byte 90"
