"""The document-status load file: CSV and JSON Lines, and the precise errors a bad file gets."""

import json
from datetime import date

import pytest

from perimeter.core.errors import InvalidInput, ParseError
from perimeter.formats.document_status import format_for, parse

HEADER = "issuing_country,document_type,number,status,reported_on"


def csv(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def test_a_csv_file_is_read_with_its_optional_holder_columns() -> None:
    content = csv(
        "UTO,P,L898902C3,stolen,2024-05-01,ERIKSSON,ANNA MARIA,1974-08-12,Utopia Police",
        "UTO,passport,X-100 200,lost,2024-05-02,,,,",
        "UTO,ID,D23145890,cleared,2024-05-03,,,,",
        header=HEADER + ",holder_surname,holder_given_names,holder_birth_date,reporting_authority",
    )
    lines = parse("reg.csv", content, "uto-pass", "csv")
    first, second, third = lines
    assert first.record is not None and first.record.holder_given_names == "ANNA MARIA"
    assert first.record.reporting_authority == "Utopia Police" and first.line == 2
    assert second.record is not None and second.record.holder_surname is None
    assert second.reference.number_key == "X100200"
    assert third.record is None and third.reference.record_id == "UTO/id-card/D23145890"


def test_a_json_lines_file_is_read_the_same_way() -> None:
    rows = [
        {
            "issuing_country": "UTO",
            "document_type": "P",
            "number": "L898902C3",
            "status": "revoked",
            "reported_on": "2024-05-01",
            "holder_birth_date": "1974",
            "remarks": None,
        },
        {
            "issuing_country": "UTO",
            "document_type": "V",
            "number": "AB1",
            "status": "recovered",
            "reported_on": "2024-05-02",
        },
    ]
    content = ("\n".join(json.dumps(row) for row in rows) + "\n\n").encode()
    lines = parse("reg.jsonl", content, "uto-pass", "jsonl")
    assert [line.line for line in lines] == [1, 2]
    assert lines[0].record is not None and str(lines[0].record.holder_birth_date) == "1974"
    assert lines[1].record is None


@pytest.mark.parametrize(
    ("rows", "where", "reason"),
    [
        (
            ["UTO,P,A1,stolen,2024-01-01", "ZZZ,P,A2,stolen,2024-01-01"],
            "line 3",
            "issuing_country: issuing country 'ZZZ' is not an ISO 3166-1 alpha-3 code",
        ),
        (["UTO,P,A1,misplaced,2024-01-01"], "line 2", "status: status 'misplaced' is not one of lost, stolen"),
        (["UTO,P,A1,lost,2024-02-30"], "line 2", "reported_on: '2024-02-30' is not a date of the form YYYY-MM-DD"),
        (["UTO,P,A1,lost,01/02/2024"], "line 2", "reported_on: '01/02/2024' is not a date"),
        (["UTO,P,A1,lost,2999-01-01"], "line 2", "reported_on: 2999-01-01 is in the future"),
        (
            ["UTO,P,A1,lost,2024-01-01", "UTO,P,A-1,stolen,2024-01-01"],
            "line 3",
            "document UTO passport A-1 is already on line 2",
        ),
        (["UTO,P,AO1,lost,2024-01-01", "UTO,passport,A01,stolen,2024-01-01"], "line 3", "is already on line 2"),
        (["UTO,P,A1,lost"], "line 2", "4 fields where the header has 5"),
        (["UTO,P,,lost,2024-01-01"], "line 2", "number must not be empty"),
        (["UTO,P,A/1,lost,2024-01-01"], "line 2", "may hold only letters A-Z, digits, spaces, dashes"),
        (["UTO,boat,A1,lost,2024-01-01"], "line 2", "document type 'boat' is not one of"),
    ],
)
def test_a_bad_line_is_named_with_the_reason(rows: list[str], where: str, reason: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse("reg.csv", csv(*rows), "uto-pass", "csv", today=date(2026, 1, 1))
    assert caught.value.location == where and reason in caught.value.reason
    assert str(caught.value).startswith(f"reg.csv, {where}: ")


def test_a_truncated_file_is_recognised_as_such() -> None:
    content = csv("UTO,P,A1,lost,2024-01-01").decode() + "UTO,P,A2,lo"
    with pytest.raises(ParseError, match=r"line 3: 4 fields where the header has 5 \(the file ends in the middle"):
        parse("reg.csv", content.encode(), "uto-pass", "csv")
    quoted = csv("UTO,P,A1,lost,2024-01-01").decode() + 'UTO,P,A2,lost,"2024'
    with pytest.raises(ParseError, match=r"line 3: not valid CSV.*is it truncated\?"):
        parse("reg.csv", quoted.encode(), "uto-pass", "csv")
    whole = {
        "issuing_country": "UTO",
        "document_type": "P",
        "number": "A1",
        "status": "lost",
        "reported_on": "2024-01-01",
    }
    jsonl = json.dumps(whole) + '\n{"issuing_country": "UT'
    with pytest.raises(ParseError, match=r"line 2: not valid JSON.*is it truncated\?"):
        parse("reg.jsonl", jsonl.encode(), "uto-pass", "jsonl")


@pytest.mark.parametrize(
    ("content", "fmt", "message"),
    [
        (b"", "csv", "reg: the file is empty"),
        (b"issuing_country,number,status\n", "csv", "line 1: missing column(s) document_type, reported_on"),
        (csv("UTO,P,A1,lost,2024-01-01,x", header=HEADER + ",colour"), "csv", "line 1: unknown column(s) colour"),
        (b"[1, 2]\n", "jsonl", "line 1: expected a JSON object, found list"),
        (b'{"issuing_country": "UTO", "owner_node": "x"}\n', "jsonl", "line 1: unknown field(s) owner_node"),
        (b"UTO,P,A1\n\xff\xfe\n", "csv", "line 2: not UTF-8 text"),
    ],
)
def test_files_that_are_not_load_files_are_refused(content: bytes, fmt: str, message: str) -> None:
    with pytest.raises(ParseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse("reg", content, "uto-pass", fmt)


def test_the_format_is_told_by_the_extension() -> None:
    assert format_for("x.CSV") == "csv" and format_for("a/b.jsonl") == "jsonl" and format_for("c.ndjson") == "jsonl"
    with pytest.raises(InvalidInput, match="say csv or jsonl"):
        format_for("registry.txt")
