"""The writer reproduces the ICAO specimens and refuses what does not fit."""

from __future__ import annotations

from datetime import date

import pytest

from perimeter.core.dates import PartialDate
from perimeter.core.errors import InvalidInput
from perimeter.formats.mrz import MrzFormat, compose_td1, compose_td2, compose_td3, compose_visa, parse_mrz

ANNA = {
    "issuing_country": "UTO",
    "surname": "ERIKSSON",
    "given_names": "ANNA MARIA",
    "nationality": "UTO",
    "birth_date": date(1974, 8, 12),
    "sex": "F",
    "expiry_date": date(2012, 4, 15),
}
PETER = {**ANNA, "surname": "STEVENSON", "given_names": "PETER JOHN", "sex": "M"}
PETER.update(birth_date=date(1934, 7, 12), expiry_date=date(1995, 7, 12))


def test_td3_specimen() -> None:
    assert compose_td3(document_number="L898902C3", personal_number="ZE184226B", **ANNA) == (
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
    )


def test_td1_specimens_short_and_long_number() -> None:
    assert compose_td1(document_number="D23145890", **ANNA) == (
        "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<"
    )
    assert compose_td1(document_number="D23145890734", **PETER) == (
        "I<UTOD23145890<7349<<<<<<<<<<<\n3407127M9507122UTO<<<<<<<<<<<2\nSTEVENSON<<PETER<JOHN<<<<<<<<<"
    )


def test_td2_specimens_short_and_long_number() -> None:
    assert compose_td2(document_number="D23145890", **ANNA) == (
        "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6"
    )
    assert compose_td2(document_number="D23145890734", **PETER) == (
        "I<UTOSTEVENSON<<PETER<JOHN<<<<<<<<<<\nD23145890<UTO3407127M95071227349<<<8"
    )


def test_visa_specimens() -> None:
    fields = {**ANNA, "nationality": "XXX", "birth_date": date(1940, 9, 7), "expiry_date": date(1996, 12, 10)}
    assert compose_visa(MrzFormat.MRVB, document_number="L8988901C", **fields) == (
        "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nL8988901C4XXX4009078F9612109<<<<<<<<"
    )
    assert compose_visa(MrzFormat.MRVA, document_number="L8988901C", optional_data="6ZE184226B", **fields) == (
        "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL8988901C4XXX4009078F96121096ZE184226B<<<<<<"
    )


def test_partial_and_unknown_birth_dates_and_the_empty_personal_number() -> None:
    text = compose_td3(document_number="X1", **{**ANNA, "birth_date": PartialDate(1974, 8), "sex": None})
    assert text.splitlines()[1] == "X1<<<<<<<4UTO7408<<7<1204159<<<<<<<<<<<<<<<2"
    assert parse_mrz(text, today=date(2025, 1, 1)).birth_date == PartialDate(1974, 8)
    assert compose_td3(document_number="X1", **{**ANNA, "birth_date": None}).splitlines()[1][13:20] == "<<<<<<0"


def test_names_are_written_with_fillers_and_cut_to_the_field() -> None:
    text = compose_td3(document_number="X1", **{**ANNA, "surname": "O'BRIEN-SMITH", "given_names": "JEAN PAUL " * 5})
    # the cut falls after JEAN<: JEA gives its N up for the initial of the next PAUL, so the field ends in a letter
    assert text.splitlines()[0] == "P<UTOOBRIEN<SMITH<<JEAN<PAUL<JEAN<PAUL<JEA<P"
    result = parse_mrz(text, today=date(2025, 1, 1))
    assert result.name_truncated and result.given_names == "JEAN PAUL JEAN PAUL JEA P"
    cut_at_the_separator = compose_td3(document_number="X1", **{**ANNA, "surname": "S" * 38, "given_names": "ANNA"})
    assert cut_at_the_separator.splitlines()[0] == "P<UTO" + "S" * 36 + "<<A"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"document_number": "L898902C3X"}, "longer than its 9 characters"),
        ({"surname": "MÜLLER"}, "transliterated"),
        ({"surname": ""}, "surname"),
        ({"sex": "Q"}, "sex"),
        ({"issuing_country": "UTOPIA"}, "issuing state"),
        ({"personal_number": "ZE18/4226B"}, "personal number"),
        ({"document_code": "V"}, "visas"),
    ],
)
def test_what_does_not_fit_is_refused(change: dict[str, str], message: str) -> None:
    fields = {"document_number": "L898902C3", **ANNA, **change}
    with pytest.raises(InvalidInput, match=message):
        compose_td3(**fields)  # type: ignore[arg-type]


def test_a_long_number_that_does_not_fit_with_the_optional_data_is_refused() -> None:
    with pytest.raises(InvalidInput, match="optional data"):
        compose_td1(document_number="D23145890734", optional_data_1="ABCDEFGHIJKL", **PETER)


def test_a_visa_format_is_required_for_a_visa() -> None:
    with pytest.raises(ValueError, match="not a visa"):
        compose_visa(MrzFormat.TD3, document_number="X1", **ANNA)
