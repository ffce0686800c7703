"""``perimeter document ...``: load, check, keep records, incidents and trends from the command line."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from perimeter.cli.main import cli, main


def run(home: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--home", str(home), *args], catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "node"
    code, _ = run(home, "init", "--node-id", "uto-pass", "--country", "UTO", "--name", "Utopia Passport Office")
    assert code == 0
    return home


def test_load_then_check_by_a_misread_number(home: Path, tmp_path: Path) -> None:
    path = tmp_path / "reg.csv"
    path.write_text(
        "issuing_country,document_type,number,status,reported_on,reporting_authority\n"
        "UTO,P,L898902C3,stolen,2024-05-01,Utopia Police\n"
    )
    code, out = run(home, "document", "load", str(path))
    assert code == 0 and "1 added, 0 changed, 0 cleared, 0 unchanged" in out
    code, out = run(home, "document", "load", str(path))
    assert "no changes (1 records already current)" in out
    code, out = run(home, "document", "check", "--country", "UTO", "--number", "L898 9O2-C3")
    assert code == 0 and "UTO L898902C3: STOLEN" in out and "reported 2024-05-01 by Utopia Police" in out
    code, out = run(home, "document", "check", "--country", "UTO", "--number", "L898902C3", "--type", "P", "--json")
    answer = json.loads(out)
    assert answer["status"] == "stolen" and answer["records"][0]["owner_node"] == "uto-pass"
    assert answer["lookup_ms"] > 0
    code, out = run(home, "document", "check", "--country", "UTO", "--number", "X1")
    assert "UTO X1: not reported" in out


def test_add_amend_show_clear(home: Path) -> None:
    document = ["--country", "UTO", "--type", "P", "--number", "X-1"]
    code, out = run(home, "document", "add", *document, "--status", "lost", "--reported-on", "2025-01-02", "--json")
    assert code == 0 and json.loads(out)["record_id"] == "UTO/passport/X1"
    code, out = run(home, "document", "amend", *document, "--status", "stolen", "--remarks", "theft reported")
    assert "status: stolen" in out and "remarks: theft reported" in out and "reported_on: 2025-01-02" in out
    code, out = run(home, "document", "show", *document, "--json")
    assert json.loads(out)["status"] == "stolen"
    code, out = run(home, "document", "clear", *document, "--reason", "recovered")
    assert code == 0 and "cleared" in out


def test_a_bad_file_is_one_line_naming_the_line(home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("issuing_country,document_type,number,status,reported_on\nMEX,P,A1,lost,2024-01-01\n")
    assert main(["--home", str(home), "document", "load", str(path)]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and error.startswith(f"error: {path}, line 2: the document was issued by MEX")


def test_incident_and_trends(home: Path) -> None:
    code, out = run(
        home,
        "document",
        "incident",
        "--kind",
        "counterfeit",
        "--country",
        "UTO",
        "--number",
        "Z9",
        "--observed",
        "No UV response on the data page",
        "--indicator",
        "uv-response-wrong",
        "--location",
        "UTOAP",
        "--occurred-at",
        "2026-05-05T12:00:00+00:00",
        "--outcome",
        "refused-entry",
        "--apply-status",
        "invalidated",
        "--json",
    )
    recorded = json.loads(out)
    assert code == 0 and recorded["registry_change"] == "add" and recorded["indicators"] == ["uv-response-wrong"]
    code, out = run(home, "document", "check", "--country", "UTO", "--number", "Z9")
    assert "INVALIDATED" in out and "1 fraud incident(s)" in out
    code, out = run(home, "document", "trends", "--from", "2026-01-01", "--to", "2026-12-31", "--json")
    assert json.loads(out)["by_kind"] == {"counterfeit": 1}
    code, out = run(home, "document", "incidents", "--from", "2026-05-01", "--to", "2026-05-31", "--json")
    assert [row["document"] for row in json.loads(out)] == ["UTO/passport/Z9"]


def test_read_exits_0_1_2(tmp_path: Path, shared_data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = json.loads((shared_data / "documents/mrz/mrz_samples.json").read_text())
    for row in rows:
        status = main(["--home", str(tmp_path / "none"), "document", "read", *row["mrz"].splitlines()])
        printed = json.loads(capsys.readouterr().out)
        assert status == (0 if row["own_valid"] else 1) and printed["valid"] is row["own_valid"]
        if not row["own_valid"]:
            assert any(problem["kind"] == "check-digit" for problem in printed["problems"])
    assert main(["document", "read", "NOT AN MRZ"]) == 2
    assert "not an MRZ" in capsys.readouterr().err


def test_poe_check_exits_0_when_clear_1_when_referred_2_when_not_an_mrz(
    home: Path, shared_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from datetime import date

    from perimeter.formats.mrz import compose_td3

    fresh = compose_td3(
        document_number="UT1234567",
        issuing_country="UTO",
        surname="ERIKSSON",
        given_names="ANNA MARIA",
        nationality="UTO",
        birth_date=date(1974, 8, 12),
        sex="F",
        expiry_date=date(2035, 4, 15),
    ).splitlines()
    args = ["--home", str(home), "document", "poe-check", *fresh, "--surname", "Eriksson", "--birth-date", "1974-08-12"]
    assert main(args) == 0
    assert capsys.readouterr().out.startswith("CLEAR: UTO UT1234567, ERIKSSON, ANNA MARIA")
    assert main([*args[:-1], "1974-08-21", "--json"]) == 1
    answer = json.loads(capsys.readouterr().out)
    assert answer["decision"] == "refer" and answer["reasons"][0]["field"] == "birth_date"
    assert (
        main(
            ["--home", str(home), "document", "add", "--country", "UTO", "--number", "UT1234567", "--status", "stolen"]
        )
        == 0
    )
    capsys.readouterr()
    assert main(args) == 1
    assert "document-reported: UTO passport UT1234567 is reported stolen" in capsys.readouterr().out
    assert main(["--home", str(home), "document", "poe-check", "P<UTO", "L898"]) == 2
