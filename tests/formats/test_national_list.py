"""The national-list format, JSON Lines and CSV: the documented examples, and every kind of refusal."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from perimeter.core.dates import PartialDate
from perimeter.core.errors import ParseError
from perimeter.formats.national_list import parse_national_csv, parse_national_jsonl
from perimeter.formats.watchlist_source import ListContext
from perimeter.records.common import Sensitivity
from perimeter.records.watchlist import (
    AliasQuality,
    BirthDate,
    Category,
    Gender,
    IdentityDocument,
    Name,
    NameKind,
    Place,
    SubjectType,
)

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data"
CONTEXT = ListContext("us-national", "us-cbp", Sensitivity.GREEN)
JSONL = "national-list.jsonl"
CSV = "national-list.csv"

HEAD = '{"id": "a1", "category": "terrorism", "subject_type": "person", "names": [{"full": "Test Person"}]'


def _jsonl_error(text: str) -> ParseError:
    with pytest.raises(ParseError) as caught:
        parse_national_jsonl(text.encode(), CONTEXT, JSONL)
    return caught.value


def _csv_error(text: str) -> ParseError:
    with pytest.raises(ParseError) as caught:
        parse_national_csv(text.encode(), CONTEXT, CSV)
    return caught.value


def test_the_documented_examples_are_the_test_files() -> None:
    document = (REPO / "docs" / "national-list-format.md").read_text(encoding="utf-8")
    blocks = dict(re.findall(r"```(json|csv)\n(.*?)```", document, re.DOTALL))
    assert blocks["json"] == (DATA / JSONL).read_text(encoding="utf-8")
    assert blocks["csv"] == (DATA / CSV).read_text(encoding="utf-8")


# --- JSON Lines --------------------------------------------------------------------------------------------------


def test_the_jsonl_example() -> None:
    parsed = parse_national_jsonl((DATA / JSONL).read_bytes(), CONTEXT, JSONL)
    assert [entry.record_id for entry in parsed.entries] == [
        "us-tsc-000123",
        "us-tsc-000124",
        "us-tsc-000125",
        "us-tsc-000126",
    ]
    assert parsed.warnings == []
    first = parsed.entries[0]
    assert (first.list_name, first.owner_node) == ("us-national", "us-cbp")
    assert first.category is Category.TERRORISM and first.subject_type is SubjectType.PERSON
    assert first.names == (
        Name(full="John Doe", given="John", family="Doe"),
        Name(full="Джон Доу", kind=NameKind.ALIAS, quality=AliasQuality.STRONG, script="Cyrl"),
    )
    assert first.birth_dates == (BirthDate(date=PartialDate(1970, 5)),)
    assert first.nationalities == ("USA",)
    assert first.documents == (IdentityDocument(type="passport", number="123456789", country="USA"),)
    assert first.sensitivity is Sensitivity.AMBER
    second = parsed.entries[1]
    assert second.sensitivity is Sensitivity.GREEN  # not in the record: the list's marking
    assert second.gender is Gender.FEMALE
    assert second.documents[0].expires_on == date(2029, 3, 14)
    assert second.places_of_birth == (Place(text="Hermosillo, Sonora", country="MEX"),)
    assert parsed.entries[2].addresses[0].city == "Halifax"
    assert parsed.entries[3].birth_dates == (BirthDate(date=PartialDate(1979), approximate=True),)


def test_an_unknown_country_code_is_refused_with_line_and_field() -> None:
    text = f'{HEAD}}}\n\n{HEAD.replace("a1", "a2")}, "nationalities": ["ZZZ"]}}\n'
    assert str(_jsonl_error(text)) == (
        "national-list.jsonl, line 3: nationalities[0]: country code 'ZZZ' is not an ISO 3166-1 alpha-3 code"
        " nor one of ICAO's additional codes (such as D, GBD, UNO, XXA)"
    )


def test_an_unknown_document_country_names_the_field_path() -> None:
    error = _jsonl_error(
        f'{HEAD}, "documents": [{{"number": "1", "country": "USA"}}, {{"number": "2", "country": "XX"}}]}}'
    )
    assert error.location == "line 1"
    assert error.reason.startswith("documents[1].country: country code 'XX' is not an ISO 3166-1 alpha-3 code")


def test_invalid_json_is_refused_with_the_column() -> None:
    error = _jsonl_error(f'{HEAD}}}\n{{"id": "a2", "category": "terrorism"\n')
    assert str(error) == "national-list.jsonl, line 2: invalid JSON at column 37: Expecting ',' delimiter"


def test_a_line_that_is_not_an_object_is_refused() -> None:
    assert str(_jsonl_error('["a1"]')) == "national-list.jsonl, line 1: expected a JSON object, found list"


def test_a_duplicate_id_names_both_lines() -> None:
    error = _jsonl_error(f"{HEAD}}}\n{HEAD.replace('a1', 'a2')}}}\n{HEAD}}}\n")
    assert str(error) == "national-list.jsonl, line 3: id 'a1' is already used on line 1"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"category": "terrorism", "subject_type": "person", "names": [{"full": "X"}]}', "id: Field required"),
        (HEAD.replace('"terrorism"', '"terror"') + "}", "category: Input should be 'terrorism', "),
        (HEAD + ', "birth_dates": [{"date": "1970-13"}]}', "birth_dates[0].date: month 13 is out of range"),
        (HEAD + ', "names": [{"full": "X", "kind": "alias"}]}', "an entry needs one name of kind 'primary'"),
        (HEAD.replace('{"full"', '{"nickname": "T", "full"') + "}", "names[0].nickname: is not a field of this format"),
        (HEAD + ', "list_name": "other"}', "list_name: is set by the list being loaded, not by the file"),
        (HEAD + ', "record_id": "x"}', "record_id: is not a field of this format (the record id is 'id')"),
        (HEAD.replace('"a1"', '"a 1"') + "}", "id: String should match pattern"),
    ],
)
def test_validation_errors_name_the_field(line: str, reason: str) -> None:
    error = _jsonl_error(line)
    assert error.location == "line 1"
    assert reason in error.reason


def test_an_empty_file_and_a_file_not_in_utf8_are_refused() -> None:
    assert str(_jsonl_error("\n\n")) == "national-list.jsonl: the file holds no entries"
    with pytest.raises(ParseError, match=r"line 2: the file is not UTF-8 \(byte 0xe9\)"):
        parse_national_jsonl(f"{HEAD}}}\n".encode() + HEAD.replace("Test", "Jos\xe9").encode("latin-1"), CONTEXT, JSONL)


# --- CSV ---------------------------------------------------------------------------------------------------------

COLUMNS = "id,category,subject_type,name"


def test_the_csv_example() -> None:
    parsed = parse_national_csv((DATA / CSV).read_bytes(), CONTEXT, CSV)
    first, second, third = parsed.entries
    assert first.record_id == "mx-inm-000501"
    assert first.names == (
        Name(full="Rodrigo Salcedo Ibarra"),
        Name(full="Rodrigo Ibarra", kind=NameKind.ALIAS),
        Name(full="Родриго Сальседо", kind=NameKind.ALIAS),
        Name(full="El Güero", kind=NameKind.ALIAS, quality=AliasQuality.WEAK),
    )
    assert first.documents == (
        IdentityDocument(type="passport", number="G11223344", country="MEX"),
        IdentityDocument(type="national-id", number="SAIR820719HSRLBD05", country="MEX"),
    )
    assert first.places_of_birth == (Place(text="Culiacán, Sinaloa", country="MEX"),)
    assert first.listed_on == date(2023, 9, 12)
    assert first.sensitivity is Sensitivity.AMBER
    assert second.birth_dates == (
        BirthDate(date=PartialDate(1990), approximate=True),
        BirthDate(date=PartialDate(1991)),
    )
    assert second.nationalities == ("MEX", "ESP")
    assert second.places_of_birth == (Place(country="ESP"),)
    assert second.handling == "Call the owner's liaison desk, then decide."
    assert second.sensitivity is Sensitivity.GREEN
    assert third.subject_type is SubjectType.ORGANISATION and third.category is Category.ORGANISED_CRIME


def test_only_the_required_columns_are_needed_in_any_order() -> None:
    parsed = parse_national_csv(b"name,subject_type,id,category\r\nAna Ruiz,person,x1,criminal\r\n", CONTEXT, CSV)
    assert parsed.entries[0].primary_name == "Ana Ruiz"


def test_a_remark_may_span_lines_and_errors_name_the_line_the_row_starts_on() -> None:
    rows = ['x1,criminal,person,Ana Ruiz,"two\nlines"', "x2,criminal,person,Ana Ruiz,", "x1,criminal,person,B,"]
    text = f"{COLUMNS},remarks\n" + "\n".join(rows) + "\n"
    assert str(_csv_error(text)) == "national-list.csv, line 5: id 'x1' is already used on line 2"


def test_unknown_columns_are_named() -> None:
    error = _csv_error(f"{COLUMNS},nationalites,colour\nx1,criminal,person,Ana Ruiz,MEX,red\n")
    assert error.location == "line 1"
    assert error.reason.startswith("unknown column(s) 'nationalites', 'colour'; the columns are: id, category,")


def test_a_missing_required_column_is_named() -> None:
    assert str(_csv_error("id,category,name\nx1,criminal,Ana Ruiz\n")) == (
        "national-list.csv, line 1: required column(s) 'subject_type' missing"
    )


@pytest.mark.parametrize(
    ("row", "location", "reason"),
    [
        (
            "x1,criminal,person,Ana Ruiz,USA|ZZZ,",
            "line 2, column nationalities",
            "country code 'ZZZ' is not an ISO 3166-1 alpha-3 code nor one of ICAO's additional codes (such as D,"
            " GBD, UNO, XXA)",
        ),
        (
            "x1,criminal,person,Ana Ruiz,,passport:ZZZ:123",
            "line 2, column documents",
            "'passport:ZZZ:123': country: country code 'ZZZ' is not an ISO 3166-1 alpha-3 code",
        ),
        (
            "x1,criminal,person,Ana Ruiz,,passport",
            "line 2, column documents",
            "'passport' is not written type:COUNTRY:number",
        ),
        ("x1,crime,person,Ana Ruiz,,", "line 2, column category", "Input should be 'terrorism',"),
        ("x1,criminal,person,,,", "line 2, column name", "is empty; a value is required"),
        ("x1,criminal,person,Ana Ruiz,", "line 2", "expected 6 values (one per header column), found 5"),
        ('x1,criminal,person,"Ana Ruiz,,', "line 2", "the file ends inside a quoted value: a quote is not closed"),
    ],
)
def test_row_errors_name_the_line_and_column(row: str, location: str, reason: str) -> None:
    error = _csv_error(f"{COLUMNS},nationalities,documents\n{row}\n")
    assert error.location == location
    assert error.reason.startswith(reason)


@pytest.mark.parametrize(
    ("column", "cell", "reason"),
    [
        ("birth_dates", "1970|1970-13", "'1970-13': date: month 13 is out of range in 1970-13"),
        ("aliases", "Ana R.| ", None),
        ("weak_aliases", "Ani", None),
        ("places_of_birth", "XYZ:Somewhere", "'XYZ:Somewhere': country: country code 'XYZ' is not"),
        ("listed_on", "2023-02-30", "Input should be a valid date or datetime"),
        ("gender", "m", "Input should be 'male', 'female' or 'other', not 'm'"),
        ("sensitivity", "SECRET", "Input should be 'TLP:CLEAR',"),
    ],
)
def test_cells_are_validated_with_their_column(column: str, cell: str, reason: str | None) -> None:
    text = f"{COLUMNS},{column}\nx1,criminal,person,Ana Ruiz,{cell}\n"
    if reason is None:
        assert parse_national_csv(text.encode(), CONTEXT, CSV).entries[0].record_id == "x1"
        return
    error = _csv_error(text)
    assert error.location == f"line 2, column {column}"
    assert error.reason.startswith(reason)


def test_an_empty_csv_is_refused() -> None:
    assert str(_csv_error(f"{COLUMNS}\n")) == "national-list.csv: the file holds no entries"
    assert _csv_error("").reason.startswith("the header row is missing")
