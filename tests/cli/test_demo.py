"""``perimeter demo --check``: three served nodes play the scenario over real HTTP; every outcome and refusal holds."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from perimeter.cli.main import cli

EXPECTED_REFUSALS = {
    "ca officer cannot confirm for the owner",
    "us cannot release beyond the summary",
    "mexico releases nothing under hit/no-hit",
    "mexico cannot notify on a non-terrorism us record",
    "mexico cannot ask for a purpose the agreement does not enumerate",
    "mexico may not pull the us document feed",
}


def test_the_demo_check_plays_the_scenario_end_to_end(tmp_path: Path, shared_data: Path) -> None:
    # Only the scenario's lists, and 10 of the 260 Toronto passengers, to keep it quick; `make demo` does it all.
    args = ["--home", str(tmp_path), "demo", "--check", "--lists", "scenario", "--sample", "10"]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    summary = json.loads(result.output)
    assert result.exit_code == 0, summary["failed"]
    assert summary["ok"] is True and summary["failed"] == []
    assert set(summary["refusals"]) >= EXPECTED_REFUSALS
    assert summary["outcomes"]["ca sees the confirmation, the handling and the summary"] is True
    assert summary["outcomes"]["mexico answers hit, and nothing more (hit/no-hit)"] is True
    assert summary["toronto_screening"]["travellers"] == 10
    latency = summary["hit_notification_latency_ms"]
    assert len(latency["samples"]) == 3 and latency["max"] < 5000
    assert set(summary["nodes"]) == {"us-cbp", "ca-cbsa", "mx-inm"}
