"""``perimeter screen``: a person, a batch file, pairs, and decisions, from the command line."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from perimeter.cli.main import cli, main

REPO = Path(__file__).resolve().parents[2]


def run(home: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--home", str(home), *args], catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "node"
    run(home, "init", "--node-id", "us-cbp", "--country", "USA", "--name", "CBP")
    national = str(REPO / "tests/data/national-list.jsonl")
    assert run(home, "watchlist", "load", "--format", "jsonl", "--list", "us-tsc", national)[0] == 0
    return home


def test_screen_a_person(home: Path) -> None:
    code, out = run(home, "screen", "person", "--name", "Marisol Quintero", "--birth-date", "1985-11-02", "--json")
    answer = json.loads(out)
    assert code == 0 and answer["hits"][0]["record_id"] == "us-tsc-000124"
    assert answer["hits"][0]["explanation"][1] == "born on 1985-11-02, as the entry"
    code, out = run(home, "screen", "person", "--name", "Dzhon Dou", "--nationality", "USA")
    assert code == 0 and "us-cbp/us-tsc-000123  Джон Доу" in out and "owner asks: Do not alert" in out


def test_bad_input_is_one_line(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["--home", str(home), "screen", "person", "--name", "Ali", "--birth-date", "1970-02-30"])
    err = capsys.readouterr().err
    assert status == 1 and err.count("\n") == 1 and "birth date: 1970-02-30 is not a calendar date" in err


def test_batch_and_compare(home: Path, tmp_path: Path) -> None:
    queries = tmp_path / "q.jsonl"
    rows = [{"id": "a", "name": "Karim Hadad Naser"}, {"id": "b", "name": "Jane Roe", "gender": "f"}]
    queries.write_text("\n".join(json.dumps(row) for row in rows) + "\n")
    code, _out = run(home, "screen", "batch", "--in", str(queries), "--out", str(tmp_path / "r.jsonl"))
    results = [json.loads(line) for line in (tmp_path / "r.jsonl").read_text().splitlines()]
    assert code == 0 and [r["id"] for r in results] == ["a", "b"]
    assert results[0]["hits"][0]["list"] == "us-tsc" and results[1]["hits"] == []
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(
        json.dumps({"id": "p1", "a": {"name": "كريم حداد ناصر"}, "b": {"name": "Karim Haddad Nasser"}})
        + "\n"
        + json.dumps({"id": "p2", "a": {"name": "Karim Haddad"}, "b": {"name": "Jane Roe"}})
        + "\n"
    )
    code, _out = run(home, "screen", "compare", "--in", str(pairs), "--out", str(tmp_path / "s.jsonl"))
    scores = [json.loads(line) for line in (tmp_path / "s.jsonl").read_text().splitlines()]
    assert code == 0 and scores[0]["alert"] is True and scores[1]["alert"] is False
    assert set(scores[0]) == {"id", "score", "alert", "explanation"} and scores[1]["score"] < 0.5


def test_decide_then_screen_shows_the_suppression(home: Path) -> None:
    code, out = run(home, "screen", "person", "--name", "John Doe", "--json")
    fingerprint = json.loads(out)["fingerprint"]
    code, out = run(home, "screen", "decide", "--fingerprint", fingerprint, "--record", "us-tsc-000123", "--json")
    decision = json.loads(out)
    assert code == 0 and decision["decision"] == "false-match"
    code, out = run(home, "screen", "person", "--name", "John Doe")
    assert f"[suppressed by decision {decision['decision_id']}]" in out
    code, out = run(home, "screen", "revoke", str(decision["decision_id"]), "--json")
    assert json.loads(out)["revoked_at"] is not None
    code, out = run(home, "screen", "decisions", fingerprint, "--all", "--json")
    assert len(json.loads(out)) == 1
