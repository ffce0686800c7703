"""Check digits, codes, names and the other fields: every problem named with its field, expected and found."""

from __future__ import annotations

from datetime import date

import pytest
from mrz_builders import TD3_LINE1, build_td3

from perimeter.formats.mrz import ProblemKind, parse_mrz

TODAY = date(2025, 6, 1)


def _problems(text: str) -> list[tuple[str, str, str | None, str | None]]:
    result = parse_mrz(text, today=TODAY)
    return [(p.kind.value, p.field, p.expected, p.found) for p in result.problems]


@pytest.mark.parametrize(
    ("override", "field", "expected", "found"),
    [
        ({"number": "5"}, "document_number", "6", "5"),
        ({"birth": "3"}, "birth_date", "2", "3"),
        ({"expiry": "0"}, "expiry_date", "9", "0"),
        ({"personal": "7"}, "personal_number", "1", "7"),
    ],
)
def test_each_failing_check_digit_is_named_with_expected_and_found(
    override: dict[str, str], field: str, expected: str, found: str
) -> None:
    result = parse_mrz(build_td3(checks=override), today=TODAY)

    assert not result.valid and not result.check_digits_valid
    assert result.codes_valid
    assert (result.fields[field].expected, result.fields[field].found, result.fields[field].ok) == (
        expected,
        found,
        False,
    )
    problem = result.problems[0]
    assert (problem.kind, problem.field, problem.expected, problem.found) == (
        ProblemKind.CHECK_DIGIT,
        field,
        expected,
        found,
    )
    assert f"check digit is '{found}', expected '{expected}'" in problem.message
    # the check digit is part of the composite, which the composite digit then no longer matches
    assert [p.field for p in result.problems] == [field, "composite"]


def test_a_composite_failure_alone_is_named() -> None:
    assert _problems(build_td3(checks={"composite": "9"})) == [("check-digit", "composite", "0", "9")]


@pytest.mark.parametrize("filler_check", ["<", "0"])
def test_an_empty_personal_number_may_carry_filler_or_zero(filler_check: str) -> None:
    result = parse_mrz(build_td3(personal="<" * 14, checks={"personal": filler_check}), today=TODAY)
    assert result.valid
    assert result.personal_number == ""
    assert result.fields["personal_number"].expected == "0"


def test_a_filled_personal_number_may_not_carry_filler() -> None:
    assert _problems(build_td3(checks={"personal": "<"})) == [
        ("check-digit", "personal_number", "1", "<"),
        ("check-digit", "composite", "9", "0"),
    ]


def test_codes_are_judged_apart_from_check_digits() -> None:
    text = "P<ASUMXHMWD<<EBDALRXHYM<<<<<<<<<<<<<<<<<<<<<\nA2222222<0ASU7108215F04120411000146819<<<<44"
    result = parse_mrz(text, today=TODAY)
    assert result.valid and result.check_digits_valid
    assert not result.codes_valid
    assert [(p.kind.value, p.field, p.found) for p in result.problems] == [
        ("code", "issuing_country", "ASU"),
        ("code", "nationality", "ASU"),
    ]


def test_germany_is_d_with_fillers() -> None:
    result = parse_mrz(build_td3(line1="P<D<<" + TD3_LINE1[5:], nationality="D<<"), today=TODAY)
    assert (result.issuing_country, result.nationality, result.codes_valid) == ("D", "D", True)


@pytest.mark.parametrize(
    ("name", "surname", "given", "truncated"),
    [
        ("ERIKSSON<<ANNA<MARIA", "ERIKSSON", "ANNA MARIA", False),
        ("KOWALSKA<KWIATKOWSKA<<JOANNA", "KOWALSKA KWIATKOWSKA", "JOANNA", False),
        ("TEST", "TEST", "", False),
        ("A" * 16 + "<<" + "B" * 20, "A" * 16, "B" * 20, False),  # 38 of 39 characters
        ("A" * 16 + "<<" + "B" * 21, "A" * 16, "B" * 21, True),  # the whole field: perhaps cut short
    ],
)
def test_names_split_on_the_double_filler(name: str, surname: str, given: str, truncated: bool) -> None:
    line1 = ("P<UTO" + name + "<" * 44)[:44]
    result = parse_mrz(build_td3(line1=line1), today=TODAY)
    assert (result.surname, result.given_names, result.name_truncated) == (surname, given, truncated)
    assert any("truncated" in warning for warning in result.warnings) is truncated
    assert result.valid


def test_digits_in_a_name_are_a_format_problem() -> None:
    line1 = ("P<UTOERIKSS0N<<ANNA" + "<" * 44)[:44]
    assert _problems(build_td3(line1=line1)) == [("format", "name", None, "ERIKSS0N<<ANNA" + "<" * 25)]


@pytest.mark.parametrize(("char", "sex"), [("M", "M"), ("F", "F"), ("X", "X"), ("<", None)])
def test_sex(char: str, sex: str | None) -> None:
    result = parse_mrz(build_td3(sex=char), today=TODAY)
    assert result.sex == sex and result.problems == ()


def test_an_unknown_sex_is_a_format_problem() -> None:
    result = parse_mrz(build_td3(sex="Q"), today=TODAY)
    assert result.sex is None
    assert [(p.kind.value, p.field, p.found) for p in result.problems] == [("format", "sex", "Q")]


def test_a_passport_shaped_zone_with_an_identity_card_code_is_a_format_problem() -> None:
    result = parse_mrz(build_td3(line1="I" + TD3_LINE1[1:]), today=TODAY)
    assert result.format.value == "td3" and result.valid
    assert [(p.kind.value, p.field) for p in result.problems] == [("format", "document_code")]
