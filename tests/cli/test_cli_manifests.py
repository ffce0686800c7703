"""``perimeter manifest|pnr|rule ...``: the issue's JSON shape for every real PAXLST message, screening, rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from perimeter.cli.main import cli, main
from perimeter.formats.paxlst import parse_paxlst

TRAVELLER_KEYS = ["role", "surname", "given_names", "birth_date", "gender", "nationality", "documents"]
TEST3 = "messages/paxlst/gtas-loader__apis-messages__Test3.txt"


def run(home: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--home", str(home), *args], catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "node"
    code, _ = run(home, "init", "--node-id", "us-cbp", "--country", "USA", "--name", "Passenger analysis unit")
    assert code == 0
    return home


def test_parse_prints_the_issue_shape_for_every_real_message(tmp_path: Path, paxlst_file: Path) -> None:
    code, out = run(tmp_path / "no-node", "manifest", "parse", str(paxlst_file), "--json")
    assert code == 0
    printed = json.loads(out)
    manifest = parse_paxlst(paxlst_file.read_bytes(), str(paxlst_file))
    assert list(printed) == ["flights", "travellers", "warnings"]
    assert len(printed["travellers"]) == len(manifest.travellers)
    for shown, traveller in zip(printed["travellers"], manifest.travellers, strict=True):
        assert list(shown) == TRAVELLER_KEYS
        assert shown["role"] in ("passenger", "crew") and shown["surname"] == traveller.surname
        assert shown["birth_date"] == (traveller.birth_date.isoformat() if traveller.birth_date else None)
        assert all({"type", "number", "issuing_country", "expires_on"} <= set(doc) for doc in shown["documents"])
    assert [leg["carrier"] + leg["flight_number"] for leg in printed["flights"]] == [
        leg.designator for leg in manifest.flights
    ]
    assert printed["warnings"] == list(manifest.warnings)
    assert not (tmp_path / "no-node").exists()  # parsing stores nothing and needs no node


def test_a_broken_message_fails_with_one_line(
    tmp_path: Path, shared_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.edi"
    broken.write_bytes((shared_data / TEST3).read_bytes()[:5000])
    assert main(["--home", str(tmp_path / "n"), "manifest", "parse", str(broken), "--json"]) == 1
    error = capsys.readouterr().err
    assert error.startswith(f"error: {broken}") and error.count("\n") == 1
    pnr = shared_data / "messages/pnrgov/gtas-loader__pnr-messages__pnr1.txt"
    assert main(["--home", str(tmp_path / "n"), "manifest", "parse", str(pnr)]) == 1
    assert "holds no PAXLST message (message types: PNRGOV)" in capsys.readouterr().err


def test_screen_a_flight_then_read_it(home: Path, shared_data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(home, "rule", "add", "canadians", "--name", "Canadians", "-e", 'traveller.nationality == "CAN"')
    assert code == 0
    code, out = run(home, "rule", "activate", "canadians", "--json")
    assert json.loads(out)["state"] == "active"
    code, out = run(home, "manifest", "screen", str(shared_data / TEST3))
    assert code == 0 and "UA0989 FRA -> IAD: 0 refer," in out and "review" in out
    assert "quality: declares 206 crew(s), holds 0" in out
    code, out = run(home, "manifest", "screen", str(shared_data / TEST3))
    assert "already received" in out
    code, out = run(home, "manifest", "list", "--json")
    listed = json.loads(out)
    assert len(listed) == 1 and listed[0]["passengers"] == 260 and listed[0]["review"] > 0
    code, out = run(home, "manifest", "show", listed[0]["manifest_id"], "--disposition", "review", "--json")
    shown = json.loads(out)
    assert shown["masked"] is True  # a 2017 flight is past the masking period
    assert all(t["assessment"]["rule_matches"][0]["rule_id"] == "canadians" for t in shown["travellers"])
    code, out = run(home, "rule", "test", "canadians")
    assert code == 0 and f"fired on {listed[0]['review']} of 260 travellers in 1 manifests" in out
    capsys.readouterr()
    assert main(["--home", str(home), "rule", "add", "bad", "--name", "Bad", "-e", "traveller.age >"]) == 1
    assert capsys.readouterr().err.startswith("error: syntax error at line 1, column 16")


def test_pnr_load_show_and_retention(home: Path, shared_data: Path) -> None:
    code, out = run(
        home, "pnr", "load", str(shared_data / "messages/pnrgov/gtas-loader__pnr-messages__2_pnrs_basic.edi")
    )
    assert code == 0 and "PNRs: 2 added" in out
    code, out = run(home, "pnr", "list", "--json")
    pnr = json.loads(out)[0]
    code, out = run(home, "pnr", "show", pnr["pnr_id"])
    assert json.loads(out)["masked"] is True
    code, out = run(home, "pnr", "retention")
    assert code == 0 and "2 PNR(s) and 1 manifest(s) (4 travellers) deleted" in out


def test_screen_with_partners_when_there_are_none(
    home: Path, shared_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(home, "manifest", "screen", str(shared_data / TEST3), "--partners")
    assert code == 0 and "partners asked about 260 traveller(s) of manifest" in out and "0 raised" in out
    manifest_id = out.split("partners asked about 260 traveller(s) of manifest ")[1].split(":")[0]
    code, out = run(home, "manifest", "federate", manifest_id, "--json")
    assert code == 0 and json.loads(out)["partners"] == [] and json.loads(out)["travellers_asked"] == 260
    capsys.readouterr()
    assert main(["--home", str(home), "manifest", "federate", "nope"]) != 0
    assert capsys.readouterr().err.startswith("error: no manifest 'nope'")
