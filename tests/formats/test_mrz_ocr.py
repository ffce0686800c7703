"""Corrections offered for OCR confusions (O/0, I/1, B/8, S/5, Z/2, G/6), never applied to the result."""

from __future__ import annotations

from datetime import date

from mrz_builders import build_td3, misread

from perimeter.formats.mrz import MrzResult, ProblemKind, compose_td1, parse_mrz

TODAY = date(2025, 6, 1)
MRVA = "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL8988901C4XXX4009078F96121096ZE184226B<<<<<<"


def _offered(result: MrzResult, field: str) -> list[tuple[str, str, str, str]]:
    return [
        (c.found, c.corrected, c.found_check_digit, c.corrected_check_digit)
        for c in result.suggested_corrections
        if c.field == field
    ]


def test_an_o_read_for_a_zero_in_the_document_number_is_corrected() -> None:
    result = parse_mrz(misread(build_td3(number="ZE000509<"), 1, 2, "O"), today=TODAY)

    assert not result.valid
    assert result.document_number == "ZEO00509"  # as read: the suggestion changes nothing
    assert result.fields["document_number"].value == "ZEO00509<"
    assert _offered(result, "document_number") == [("ZEO00509<", "ZE000509<", "9", "9")]
    correction = result.suggested_corrections[0]
    assert "O read as 0 at character 3" in correction.message


def test_a_zero_read_for_an_o_in_the_document_number_is_corrected() -> None:
    result = parse_mrz(misread(build_td3(number="AO1234567"), 1, 1, "0"), today=TODAY)
    assert ("A01234567", "AO1234567") in [(found, fixed) for found, fixed, *_ in _offered(result, "document_number")]


def test_an_o_read_for_a_zero_in_a_date_is_corrected() -> None:
    result = parse_mrz(misread(build_td3(birth="740812"), 1, 15, "O"), today=TODAY)

    assert result.birth_date is None
    assert [(p.kind, p.field) for p in result.problems] == [
        (ProblemKind.CHECK_DIGIT, "birth_date"),
        (ProblemKind.CHECK_DIGIT, "composite"),
        (ProblemKind.DATE, "birth_date"),
    ]
    assert _offered(result, "birth_date") == [("74O812", "740812", "2", "2")]


def test_a_letter_read_for_a_check_digit_is_corrected() -> None:
    result = parse_mrz(misread(build_td3(), 1, 19, "Z"), today=TODAY)  # the birth date's check digit is 2
    assert _offered(result, "birth_date") == [("740812", "740812", "Z", "2")]


def test_two_misread_fields_are_corrected_together() -> None:
    text = misread(misread(build_td3(number="ZE000509<", expiry="300115"), 1, 3, "O"), 1, 22, "O")
    result = parse_mrz(text, today=TODAY)
    assert _offered(result, "document_number") == [("ZE0O0509<", "ZE000509<", "9", "9")]
    assert _offered(result, "expiry_date") == [("3O0115", "300115", "6", "6")]


def test_a_wrong_digit_is_not_an_ocr_confusion() -> None:
    result = parse_mrz(build_td3(checks={"number": "7"}), today=TODAY)
    assert not result.valid
    assert result.suggested_corrections == ()


def test_a_misread_optional_data_is_found_through_the_composite() -> None:
    text = compose_td1(
        document_number="D23145890",
        issuing_country="UTO",
        surname="ERIKSSON",
        given_names="ANNA MARIA",
        nationality="UTO",
        birth_date=date(1974, 8, 12),
        sex="F",
        expiry_date=date(2012, 4, 15),
        optional_data_1="10345",
    )
    result = parse_mrz(misread(text, 0, 16, "O"), today=TODAY)
    assert [p.field for p in result.problems] == ["composite"]
    assert _offered(result, "optional_data_1") == [("1O345" + "<" * 10, "10345" + "<" * 10, "7", "7")]


def test_a_visa_has_no_composite_to_confirm_a_correction() -> None:
    result = parse_mrz(misread(MRVA, 1, 14, "O"), today=TODAY)  # birth 400907 read as 4O0907
    assert _offered(result, "birth_date") == [("4O0907", "400907", "8", "8")]
