"""``perimeter report ...`` and ``perimeter audit ...`` over files: three nodes, a joint report, a checked export."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from click.testing import CliRunner

from perimeter.cli.main import cli, main

TODAY = datetime.now(UTC).date()
PERIOD = ("--from", (TODAY - timedelta(days=30)).isoformat(), "--to", TODAY.isoformat())


def run(home: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--home", str(home), *args], catch_exceptions=False)
    return result.exit_code, result.output


def test_a_three_node_joint_report_over_files(tmp_path: Path) -> None:
    homes = {}
    for node_id, country in (("us-cbp", "USA"), ("ca-cbsa", "CAN"), ("mx-inm", "MEX")):
        homes[country] = tmp_path / node_id
        assert run(homes[country], "init", "--node-id", node_id, "--country", country, "--name", node_id)[0] == 0
    extra: list[str] = []
    for country in ("CAN", "MEX"):
        out = tmp_path / f"{country}.json"
        code, text = run(homes[country], "report", "statistics", *PERIOD, "--out", str(out), "--json")
        assert code == 0 and json.loads(text)["figures"] > 20
        extra += ["--partner-statistics", str(out), "--partner-key", str(homes[country] / "keys" / "node.pub")]
    code, text = run(homes["USA"], "report", "joint", *PERIOD, "--out", str(tmp_path / "joint.html"), *extra, "--json")
    assert code == 0 and json.loads(text)["countries"] == ["USA", "CAN", "MEX"]
    assert "Mexico (MEX)" in (tmp_path / "joint.html").read_text()


def test_an_untrusted_partner_is_one_line_error(tmp_path: Path, capsys: object) -> None:
    us, ca = tmp_path / "us", tmp_path / "ca"
    run(us, "init", "--node-id", "us-cbp", "--country", "USA", "--name", "CBP")
    run(ca, "init", "--node-id", "ca-cbsa", "--country", "CAN", "--name", "CBSA")
    run(ca, "report", "statistics", *PERIOD, "--out", str(tmp_path / "ca.json"))
    status = main(
        [
            "--home",
            str(us),
            "report",
            "joint",
            *PERIOD,
            "--out",
            str(tmp_path / "j.html"),
            "--partner-statistics",
            str(tmp_path / "ca.json"),
        ]
    )
    err = capsys.readouterr().err  # type: ignore[attr-defined]
    assert status == 1 and err.startswith("error: ") and "not a trusted key of ca-cbsa" in err
    assert not (tmp_path / "j.html").exists()


def test_audit_export_and_verify_export(tmp_path: Path) -> None:
    home = tmp_path / "us"
    run(home, "init", "--node-id", "us-cbp", "--country", "USA", "--name", "CBP")
    out = tmp_path / "audit.jsonl"
    code, text = run(home, "audit", "export", *PERIOD, "--out", str(out), "--json")
    assert code == 0 and json.loads(text)["entries"] == 1
    key = str(home / "keys" / "node.pub")
    code, text = run(home, "audit", "verify-export", str(out), "--public-key", key, "--json")
    assert code == 0 and json.loads(text)["ok"] is True
    out.write_text(out.read_text().replace('"node.init"', '"node.inits"'))
    code, text = run(home, "audit", "verify-export", str(out), "--public-key", key, "--json")
    assert code == 1 and "does not match its hash" in json.loads(text)["reason"]
    code, text = run(home, "audit", "verify", "--json")
    assert code == 0 and json.loads(text)["entries"] == 2  # the node's creation and the export


def test_disclosure_report_without_disclosures(tmp_path: Path) -> None:
    home = tmp_path / "us"
    run(home, "init", "--node-id", "us-cbp", "--country", "USA", "--name", "CBP")
    code, text = run(home, "report", "disclosures", *PERIOD)
    assert code == 0 and "no disclosures or refusals" in text
