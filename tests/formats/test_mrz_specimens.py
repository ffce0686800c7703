"""The ICAO Doc 9303 specimens (Utopia, "ERIKSSON ANNA MARIA"), read field by field."""

from __future__ import annotations

from datetime import date

import pytest

from perimeter.core.dates import PartialDate
from perimeter.formats.mrz import MrzFormat, check_digit, parse_mrz

TODAY = date(2025, 6, 1)

TD3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
TD2 = "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6"
TD1 = "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<"
# Doc 9303 Part 11, Appendix D.2: a document number of 12 characters, continued in the optional data.
TD1_LONG = "I<UTOD23145890<7349<<<<<<<<<<<\n3407127M9507122UTO<<<<<<<<<<<2\nSTEVENSON<<PETER<JOHN<<<<<<<<<"
TD2_LONG = "I<UTOSTEVENSON<<PETER<JOHN<<<<<<<<<<\nD23145890<UTO3407127M95071227349<<<8"
MRVA = "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL8988901C4XXX4009078F96121096ZE184226B<<<<<<"
MRVB = "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nL8988901C4XXX4009078F9612109<<<<<<<<"


def test_check_digit_follows_the_7_3_1_rule() -> None:
    assert check_digit("L898902C3") == "6"
    assert check_digit("740812") == "2"
    assert check_digit("<<<<<<<<<") == "0"
    assert check_digit("D23145890734") == "9"


def test_td3_passport_specimen() -> None:
    result = parse_mrz(TD3, today=TODAY)

    assert result.format is MrzFormat.TD3
    assert (result.document_code, result.document_type) == ("P", "passport")
    assert (result.issuing_country, result.nationality) == ("UTO", "UTO")
    assert (result.surname, result.given_names, result.name_truncated) == ("ERIKSSON", "ANNA MARIA", False)
    assert result.document_number == "L898902C3"
    assert result.birth_date == PartialDate(1974, 8, 12)
    assert result.expiry_date == date(2012, 4, 15)
    assert result.sex == "F"
    assert result.personal_number == "ZE184226B"
    assert result.valid and result.check_digits_valid and result.codes_valid
    assert result.problems == () and result.warnings == () and result.suggested_corrections == ()
    assert {name: (f.value, f.found, f.ok) for name, f in result.fields.items()} == {
        "document_number": ("L898902C3", "6", True),
        "birth_date": ("740812", "2", True),
        "expiry_date": ("120415", "9", True),
        "personal_number": ("ZE184226B<<<<<", "1", True),
    }
    assert result.composite is not None
    assert (result.composite.found, result.composite.expected) == ("0", "0")


def test_td2_specimen() -> None:
    result = parse_mrz(TD2, today=TODAY)
    assert result.format is MrzFormat.TD2
    assert (result.document_code, result.document_type) == ("I", "identity document")
    assert (result.document_number, result.surname, result.given_names) == ("D23145890", "ERIKSSON", "ANNA MARIA")
    assert result.valid and result.codes_valid and result.personal_number is None


def test_td1_specimen() -> None:
    result = parse_mrz(TD1, today=TODAY)
    assert result.format is MrzFormat.TD1
    assert (result.document_number, result.surname, result.given_names) == ("D23145890", "ERIKSSON", "ANNA MARIA")
    assert result.birth_date == PartialDate(1974, 8, 12) and result.expiry_date == date(2012, 4, 15)
    assert result.valid and result.codes_valid and result.problems == ()


@pytest.mark.parametrize(("text", "mrz_format"), [(TD1_LONG, MrzFormat.TD1), (TD2_LONG, MrzFormat.TD2)])
def test_a_long_document_number_continues_in_the_optional_data(text: str, mrz_format: MrzFormat) -> None:
    result = parse_mrz(text, today=TODAY)

    assert result.format is mrz_format
    assert result.document_number == "D23145890734"
    assert result.fields["document_number"].value == "D23145890734"
    assert result.fields["document_number"].found == "9"
    assert result.optional_data_1 == ""
    assert (result.surname, result.given_names) == ("STEVENSON", "PETER JOHN")
    assert result.birth_date == PartialDate(1934, 7, 12) and result.expiry_date == date(1995, 7, 12)
    assert result.valid and result.problems == ()


def test_a_long_document_number_keeps_the_optional_data_after_it() -> None:
    line1, line2, line3 = TD1_LONG.replace("7349<<<<<<<<<<<", "7349<ABC<<<<<<<", 1).splitlines()
    composite = check_digit(line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29])
    result = parse_mrz([line1, line2[:29] + composite, line3], today=TODAY)
    assert (result.document_number, result.optional_data_1, result.valid) == ("D23145890734", "ABC", True)


def test_a_missing_overflow_is_a_check_digit_problem_not_a_crash() -> None:
    text = TD1.replace("D231458907", "D23145890<", 1)
    result = parse_mrz(text, today=TODAY)
    assert not result.valid
    problem = next(p for p in result.problems if p.field == "document_number")
    assert (problem.kind.value, problem.found, problem.expected) == ("check-digit", "<", "7")


@pytest.mark.parametrize(("text", "mrz_format"), [(MRVA, MrzFormat.MRVA), (MRVB, MrzFormat.MRVB)])
def test_visas_have_no_composite(text: str, mrz_format: MrzFormat) -> None:
    result = parse_mrz(text, today=TODAY)
    assert result.format is mrz_format
    assert (result.document_code, result.document_type) == ("V", "visa")
    assert result.document_number == "L8988901C"
    assert result.nationality == "XXX"  # ICAO's "person of unspecified nationality"
    assert result.birth_date == PartialDate(1940, 9, 7)
    assert result.composite is None and "personal_number" not in result.fields
    assert result.valid and result.codes_valid


def test_a_visa_is_told_from_a_passport_by_its_document_code() -> None:
    assert parse_mrz(MRVA, today=TODAY).format is MrzFormat.MRVA
    assert parse_mrz("P" + MRVA[1:], today=TODAY).format is MrzFormat.TD3
    assert parse_mrz(MRVB, today=TODAY).format is MrzFormat.MRVB
    assert parse_mrz("I" + MRVB[1:], today=TODAY).format is MrzFormat.TD2


def test_to_json_dict_holds_plain_json_types() -> None:
    data = parse_mrz(TD3, today=TODAY).to_json_dict()
    assert data["format"] == "td3"
    assert data["birth_date"] == "1974-08-12"
    assert data["expiry_date"] == "2012-04-15"
    assert data["fields"]["document_number"] == {
        "field": "document_number",
        "value": "L898902C3",
        "found": "6",
        "expected": "6",
        "ok": True,
    }
    assert data["problems"] == [] and data["suggested_corrections"] == []
