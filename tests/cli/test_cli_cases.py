"""``perimeter cases ...``: the owner's liaison officer lists, reads and answers a partner's notification."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from perimeter.cli.main import cli
from perimeter.services import cases
from tests.conftest import NodeFactory
from tests.services.case_network import FOUND_AT, OFFICER, link, listed_hit


def run(home: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--home", str(home), *args], catch_exceptions=False)
    return result.exit_code, result.output


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)  # the CLI opens the node from its home's files
def test_list_show_confirm_and_escalate(make_node: NodeFactory, backend: str) -> None:
    network = link(make_node, "us-cbp", "ca-cbsa")
    case = cases.notify_owner(network.nodes["ca-cbsa"], OFFICER, listed_hit(), "CAYYZ", FOUND_AT, "Held")
    network.deliver("ca-cbsa")
    home = network.nodes["us-cbp"].home
    network.nodes["us-cbp"].close()
    code, output = run(home, "cases", "list", "--direction", "received", "--json")
    assert code == 0 and json.loads(output)["cases"][0]["case_id"] == case.case_id
    code, output = run(home, "cases", "list")
    assert code == 0 and "1 case(s)" in output and "notified" in output
    code, output = run(home, "cases", "confirm", case.case_id, "--handling", "Refuse entry")
    assert code == 0 and "identity-confirmed" in output and "core-data" in output
    code, output = run(home, "cases", "show", case.case_id)
    assert code == 0 and "confirm" in output.split("thread:")[1]
    code, output = run(home, "cases", "escalate", "--json")
    assert code == 0 and json.loads(output) == []
