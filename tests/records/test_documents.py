"""The document status record: types from ICAO codes, number keys, issuing countries."""

import pytest
from pydantic import ValidationError

from perimeter.core.errors import InvalidInput, UnknownCountry
from perimeter.records.documents import (
    DocumentStatusRecord,
    DocumentType,
    document_type_from_icao,
    issuing_country,
    number_key,
    parse_document_type,
)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("P", DocumentType.PASSPORT),
        ("P<", DocumentType.PASSPORT),
        ("PD", DocumentType.PASSPORT),
        ("I", DocumentType.ID_CARD),
        ("ID", DocumentType.ID_CARD),
        ("A", DocumentType.ID_CARD),
        ("C", DocumentType.ID_CARD),
        ("V", DocumentType.VISA),
        ("IR", DocumentType.RESIDENCE_PERMIT),
        ("X", DocumentType.OTHER),
    ],
)
def test_icao_document_codes_name_the_kind_of_document(code: str, expected: DocumentType) -> None:
    assert document_type_from_icao(code) is expected


def test_document_types_are_read_by_name_or_icao_code() -> None:
    assert parse_document_type("Passport") is DocumentType.PASSPORT
    assert parse_document_type("id card") is DocumentType.ID_CARD
    assert parse_document_type("V") is DocumentType.VISA
    with pytest.raises(InvalidInput, match="'driving-licence' is not one of passport, id-card"):
        parse_document_type("driving-licence")


@pytest.mark.parametrize("typed", ["L898902C3", "l898902c3", "L898 902 C3", "L898-902-C3", "L898902C3<", " L8989O2C3 "])
def test_number_keys_forgive_spaces_dashes_case_and_the_letter_o(typed: str) -> None:
    assert number_key(typed) == "L898902C3"


@pytest.mark.parametrize("bad", ["", "   ", "---", "L898/902", "L8989§02", "X" * 36])
def test_what_cannot_be_a_document_number_is_refused(bad: str) -> None:
    with pytest.raises(InvalidInput, match="document number"):
        number_key(bad)


def test_issuing_countries_are_validated_and_d_is_germany() -> None:
    assert issuing_country("uto") == "UTO"
    assert issuing_country("D") == "DEU"
    with pytest.raises(UnknownCountry, match="issuing country 'ZZZ'"):
        issuing_country("ZZZ")


def test_a_record_validates_every_field_and_names_it() -> None:
    record = DocumentStatusRecord.model_validate(
        {
            "issuing_country": "D",
            "document_type": "P",
            "number": "c01x 00t47",
            "status": "Stolen",
            "reported_on": "2024-03-01",
            "holder_birth_date": "1964-08",
            "owner_node": "de-bpol",
        }
    )
    assert record.record_id == "DEU/passport/C01X00T47" and record.number == "C01X 00T47"
    assert str(record.holder_birth_date) == "1964-08"
    with pytest.raises(ValidationError, match="status 'misplaced' is not one of lost, stolen, revoked"):
        DocumentStatusRecord.model_validate({**record.model_dump(exclude={"number_key"}), "status": "misplaced"})
