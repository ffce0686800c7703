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
    run(tmp_path, "init", "--node-id", "us-cbp", "--country", "USA", "--name", "CBP")
    return tmp_path


def test_load_reports_the_delta_as_json_and_as_text(home: Path) -> None:
    national = str(REPO / "tests/data/national-list.jsonl")
    code, out = run(home, "watchlist", "load", "--format", "jsonl", "--list", "us-tsc", national, "--json")
    report = json.loads(out)
    assert code == 0 and report["added"] > 0 and "us-tsc-000123" in report["added_ids"]
    code, out = run(home, "watchlist", "load", "--format", "jsonl", "--list", "us-tsc", national)
    assert code == 0 and "us-tsc: no changes" in out
    code, out = run(home, "watchlist", "lists", "--json")
    assert json.loads(out)[0]["list_name"] == "us-tsc"
    code, out = run(home, "watchlist", "search", "quintero", "--json")
    assert [row["record_id"] for row in json.loads(out)] == ["us-tsc-000124"]
    code, out = run(home, "watchlist", "show", "us-tsc-000124")
    assert json.loads(out)["names"][0]["full"] == "Marisol Quintero Vega"


def test_a_malformed_file_is_one_error_line(home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "category": "criminal", "subject_type": "person", "names": [{"full": "A"}]}\n{oops\n')
    status = main(["--home", str(home), "watchlist", "load", "--format", "jsonl", "--list", "l", str(bad)])
    err = capsys.readouterr().err
    assert status == 1 and err.count("\n") == 1
    assert err.startswith(f"error: {bad}, line 2: ")


@pytest.mark.slow
def test_demo_sets_up_a_node_with_the_real_lists(tmp_path: Path, shared_data: Path) -> None:
    code, out = run(tmp_path, "demo", "--no-serve")
    assert code == 0
    assert "us-cbp ofac-sdn: 8976 entries" in out and "ca-cbsa ofac-sdn" not in out
    for node_id in ("us-cbp", "ca-cbsa", "mx-inm"):
        assert f"{node_id} un-consolidated: 1003 entries" in out
    assert out.count("token prm_") == 9  # three accounts on each of the three nodes
