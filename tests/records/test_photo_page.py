"""Comparing what an officer typed from the photo page with the machine-readable zone."""

from datetime import date

import pytest

from perimeter.formats.mrz import compose_td3, parse_mrz
from perimeter.records.photo_page import PhotoPage, compare, zone_forms

ZONE = parse_mrz(
    compose_td3(
        document_number="C01X00T47",
        issuing_country="D",
        surname="MUELLER SCHMIDT",
        given_names="JOERG",
        nationality="D",
        birth_date=date(1964, 8, 12),
        sex="M",
        expiry_date=date(2031, 10, 31),
    ),
    today=date(2026, 1, 1),
)


def test_names_are_compared_as_a_zone_writes_them() -> None:
    assert "MUELLER" in zone_forms("Müller") and "MULLER" in zone_forms("Müller")
    assert zone_forms("O'Brien-Smith") == {"OBRIENSMITH"}
    page = PhotoPage(
        surname="Müller-Schmidt", given_names="Jörg", birth_date="1964-08-12", document_number="C01X 0OT47"
    )
    assert compare(page, ZONE) == []


@pytest.mark.parametrize(
    ("typed", "field"),
    [
        ({"surname": "Miller-Schmidt"}, "surname"),
        ({"given_names": "Jürgen"}, "given_names"),
        ({"birth_date": "1964-09-12"}, "birth_date"),
        ({"birth_date": "1965"}, "birth_date"),
        ({"document_number": "C01X00T48"}, "document_number"),
        ({"nationality": "AUT"}, "nationality"),
        ({"expiry_date": "2031-10-30"}, "expiry_date"),
    ],
)
def test_each_disagreement_is_named_with_both_values(typed: dict[str, str], field: str) -> None:
    page = PhotoPage.model_validate(typed)
    (mismatch,) = compare(page, ZONE)
    assert mismatch.field == field and mismatch.typed and mismatch.zone and mismatch.explanation.startswith("The ")
    assert page.compared_fields == list(typed)


def test_a_partial_date_agrees_in_what_it_knows() -> None:
    assert compare(PhotoPage(birth_date="1964-08"), ZONE) == []


def test_a_name_that_fills_the_zone_may_be_cut_short() -> None:
    long_name = "WOLFESCHLEGELSTEINHAUSENBERGERDORFF"
    zone = parse_mrz(
        compose_td3(
            document_number="X1",
            issuing_country="UTO",
            surname=long_name,
            given_names="HUBERT BLAINE",
            nationality="UTO",
            birth_date=None,
            sex=None,
            expiry_date=date(2031, 1, 1),
        ),
        today=date(2026, 1, 1),
    )
    assert zone.name_truncated
    page = PhotoPage(surname=long_name.title(), given_names="Hubert Blaine Wilhelm")
    assert compare(page, zone) == []
