from datetime import date

import pytest
from pydantic import TypeAdapter, ValidationError

from perimeter.core.dates import PartialDate
from perimeter.core.errors import InvalidInput


@pytest.mark.parametrize("text", ["1971", "1971-05", "1971-05-30"])
def test_partial_dates_round_trip(text: str) -> None:
    assert str(PartialDate.parse(text)) == text


def test_precision_and_full_date() -> None:
    assert PartialDate.parse("1971").precision == "year"
    assert PartialDate.parse("1971-05").as_date() is None
    assert PartialDate.parse("1971-05-30").as_date() == date(1971, 5, 30)


@pytest.mark.parametrize("text", ["71", "1971-13", "1971-02-30", "1971/05/30", "abc"])
def test_bad_dates_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput):
        PartialDate.parse(text)


def test_pydantic_validates_and_serialises() -> None:
    adapter = TypeAdapter(PartialDate)
    assert adapter.validate_python("1980-01") == PartialDate(1980, 1)
    assert adapter.dump_json(PartialDate(1980, 1, 2)) == b'"1980-01-02"'
    with pytest.raises(ValidationError, match="not a calendar date"):
        adapter.validate_python("1980-02-31")
