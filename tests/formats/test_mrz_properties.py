"""Properties: any zone the writer composes reads back to its fields, valid; any single misprint is survived."""

from __future__ import annotations

import string
from datetime import date, timedelta
from typing import Any

from hypothesis import assume, given, reject, settings
from hypothesis import strategies as st

from perimeter.core.dates import PartialDate
from perimeter.core.errors import InvalidInput
from perimeter.formats.mrz import MrzFormat, parse_mrz
from perimeter.formats.mrz._checkdigit import char_value
from perimeter.formats.mrz._compose import compose
from perimeter.formats.mrz._layouts import LAYOUTS
from perimeter.formats.mrz._protected import protected_fields

ALNUM = string.ascii_uppercase + string.digits
CODES = ["UTO", "USA", "CAN", "MEX", "D", "GBD", "UNO", "XXA", "FRA", "JPN"]
# optional data each layout holds (TD1's first field also takes the end of a long document number)
OPTIONAL_1 = {"td1": 15, "td2": 7, "mrva": 16, "mrvb": 8}


def _caught(old: str, new: str, position: tuple[int, int], check_positions: set[tuple[int, int]]) -> bool:
    """Whether a check digit must notice ``old`` turned into ``new`` at ``position``.

    A check digit misses only a change by a multiple of 10 in value (``0``, ``A``, ``K``, ``U`` and ``<`` are alike
    to it); and a TD1/TD2 number check digit turned into ``<`` announces a long number instead.
    """
    return (char_value(new) - char_value(old)) % 10 != 0 and not (new == "<" and position in check_positions)


def _word(max_size: int = 8) -> st.SearchStrategy[str]:
    return st.text(string.ascii_uppercase, min_size=1, max_size=max_size)


@st.composite
def zones(draw: st.DrawFn) -> tuple[str, dict[str, Any], date]:
    """A composed zone, the fields it was composed from, and the day it is read on."""
    mrz_format = draw(st.sampled_from(list(MrzFormat)))
    today = draw(st.dates(date(2000, 1, 1), date(2090, 12, 31)))
    long_number = mrz_format in (MrzFormat.TD1, MrzFormat.TD2)
    # born within the last hundred years (365 * 100 days falls short of a century by its leap days)
    birth_day = draw(st.dates(today - timedelta(days=365 * 100), today))
    precision = draw(st.sampled_from(["day", "month", "year", "unknown"]))
    # a partial date a century old reads as this year's (or month's): the zone cannot tell them apart
    if precision == "month":
        assume((birth_day.year + 100, birth_day.month) > (today.year, today.month))
    if precision == "year":
        assume(birth_day.year + 100 > today.year)
    birth: date | PartialDate | None = {
        "day": birth_day,
        "month": PartialDate(birth_day.year, birth_day.month),
        "year": PartialDate(birth_day.year),
        "unknown": None,
    }[precision]
    earliest_expiry = max(birth_day, today - timedelta(days=365 * 49))
    fields: dict[str, Any] = {
        "document_number": draw(st.text(ALNUM, min_size=1, max_size=20 if long_number else 9)),
        "issuing_country": draw(st.sampled_from(CODES)),
        "nationality": draw(st.sampled_from(CODES)),
        "surname": " ".join(draw(st.lists(_word(), min_size=1, max_size=2))),
        "given_names": " ".join(draw(st.lists(_word(), min_size=0, max_size=3))),
        "birth_date": birth,
        "sex": draw(st.sampled_from(["M", "F", "X", None])),
        "expiry_date": draw(st.dates(earliest_expiry, today + timedelta(days=365 * 49))),
    }
    if mrz_format.value in OPTIONAL_1:
        size = OPTIONAL_1[mrz_format.value]
        fields["optional_data_1"] = draw(st.text(ALNUM, max_size=size))
    if mrz_format is MrzFormat.TD1:
        fields["optional_data_2"] = draw(st.text(ALNUM, max_size=11))
    if mrz_format is MrzFormat.TD3:
        fields["personal_number"] = draw(st.text(ALNUM, max_size=14))
    layout = LAYOUTS[mrz_format]
    name = fields["surname"].replace(" ", "<") + "<<" + fields["given_names"].replace(" ", "<")
    assume(len(name) < layout.name.end - layout.name.start)  # a name that fits, not cut short
    try:
        text = compose(mrz_format, **fields)
    except InvalidInput:  # a long number and optional data that do not fit together
        reject()
    return text, {"format": mrz_format, **fields}, today


@settings(max_examples=300, deadline=None)
@given(zones())
def test_a_composed_zone_reads_back_to_its_fields(zone: tuple[str, dict[str, Any], date]) -> None:
    text, fields, today = zone
    result = parse_mrz(text, today=today)

    assert result.valid and result.codes_valid
    assert result.problems == () and result.suggested_corrections == ()
    assert result.format is fields["format"]
    assert result.document_number == fields["document_number"]
    assert (result.issuing_country, result.nationality) == (fields["issuing_country"], fields["nationality"])
    assert (result.surname, result.given_names) == (fields["surname"], fields["given_names"])
    assert not result.name_truncated
    birth = fields["birth_date"]
    assert result.birth_date == (PartialDate.from_date(birth) if isinstance(birth, date) else birth)
    assert result.expiry_date == fields["expiry_date"]
    assert result.sex == fields["sex"]
    assert result.optional_data_1 == fields.get("optional_data_1", "")
    assert result.optional_data_2 == fields.get("optional_data_2", "")
    assert result.personal_number == fields.get("personal_number")


@settings(max_examples=500, deadline=None)
@given(zones(), st.data())
def test_a_single_misprint_never_crashes_and_is_caught_where_a_check_digit_looks(
    zone: tuple[str, dict[str, Any], date], data: st.DataObject
) -> None:
    text, fields, today = zone
    lines = text.splitlines()
    line = data.draw(st.integers(0, len(lines) - 1))
    column = data.draw(st.integers(0, len(lines[line]) - 1))
    old = lines[line][column]
    new = data.draw(st.sampled_from(ALNUM + "<").filter(lambda char: char != old))
    lines[line] = lines[line][:column] + new + lines[line][column + 1 :]

    result = parse_mrz(lines, today=today)  # never raises: the shape and the alphabet are intact

    layout = LAYOUTS[fields["format"]]
    checks, composite, _ = protected_fields(tuple(text.splitlines()), layout)
    guarded = {position for check in [*checks, composite] if check for position in check.positions}
    check_positions = {check.check_position for check in [*checks, composite] if check}
    if (line, column) in guarded | check_positions and _caught(old, new, (line, column), check_positions):
        assert not result.valid


def test_every_single_misprint_of_the_long_number_specimen() -> None:
    """Exhaustively: each position of Doc 9303 Part 11's TD1 with a 12-character number, each other character."""
    text = "I<UTOD23145890<7349<<<<<<<<<<<\n3407127M9507122UTO<<<<<<<<<<<2\nSTEVENSON<<PETER<JOHN<<<<<<<<<"
    lines = tuple(text.splitlines())
    checks, composite, _ = protected_fields(lines, LAYOUTS[MrzFormat.TD1])
    assert composite is not None
    guarded = {position for check in [*checks, composite] for position in check.positions}
    check_positions = {check.check_position for check in [*checks, composite]}
    missed = []
    for line, row in enumerate(lines):
        for column, old in enumerate(row):
            for new in (ALNUM + "<").replace(old, ""):
                changed = list(lines)
                changed[line] = row[:column] + new + row[column + 1 :]
                result = parse_mrz(changed, today=date(2025, 6, 1))
                position = (line, column)
                covered = position in guarded | check_positions
                if covered and _caught(old, new, position, check_positions) and result.valid:
                    missed.append((position, old, new))
    assert missed == []
