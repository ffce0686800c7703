"""The statistics exchange over the federation: three nodes, an agreement with a statistics clause, one joint report."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from perimeter.core.access import Actor
from perimeter.core.errors import InvalidInput
from perimeter.federation.client import PartnerClient
from perimeter.federation.inbox import Refused
from perimeter.services import reports, statistics_exchange
from perimeter.store import audit_log
from tests.conftest import NodeFactory
from tests.federation.conftest import agreement_text, link
from tests.reports.loaded import PERIOD, load
from tests.services import case_network

STATISTICS_CLAUSE = """
  - id: joint-report-statistics
    record_kind: statistics
    level: summary
    fields:
      summary: [figures]
    purposes: [joint-report]
    retention_days: 3650
    response_deadline_hours: 720
"""
NODES = [("us-cbp", "USA"), ("ca-cbsa", "CAN"), ("mx-inm", "MEX")]


def test_a_joint_report_asks_the_partners_over_the_federation(
    make_node: NodeFactory, admin: Actor, tmp_path: Path
) -> None:
    ids = [node_id for node_id, _ in NODES]
    federation = link(make_node, NODES, agreement_text(ids, agreement_id="na-2026", extra_clauses=STATISTICS_CLAUSE))
    for node in federation.nodes.values():
        load(node, admin)
    us = federation.nodes["us-cbp"]
    result = reports.joint_report(
        us,
        admin,
        PERIOD,
        tmp_path / "joint.html",
        partner_ids=["ca-cbsa", "mx-inm"],
        client=federation.client("us-cbp"),
    )
    assert [node.country for node in result.report.nodes] == ["USA", "CAN", "MEX"]
    assert all("signed by" in node.provenance for node in result.report.nodes[1:])
    integrity = next(item for item in result.report.sections if item.section.key == "document-integrity")
    checks = next(block for block in integrity.blocks if block.key == "document-checks")
    assert checks.rows[0].values == (5, 5, 5) and checks.rows[0].total == 15
    with federation.nodes["ca-cbsa"].db.read() as connection:
        given = [entry for entry in audit_log.entries(connection) if entry.action == "federation.disclose"]
    last = given[-1]
    assert (last.actor, last.target, last.details["clauses"], last.details["from"]) == (
        "partner:us-cbp",
        "statistics",
        ["joint-report-statistics:summary"],
        PERIOD.first.isoformat(),
    )


def test_without_a_statistics_clause_nothing_is_asked_or_given(
    make_node: NodeFactory, admin: Actor, tmp_path: Path
) -> None:
    federation = link(make_node, NODES[:2])
    us, ca = federation.nodes["us-cbp"], federation.nodes["ca-cbsa"]
    with pytest.raises(InvalidInput, match="no agreement in force lets ca-cbsa give statistics"):
        statistics_exchange.fetch(us, admin, PERIOD, ["ca-cbsa"], federation.client("us-cbp"))
    # Asked anyway, under the agreement that has no such clause, the partner refuses and records why.
    with pytest.raises(Refused, match="joint-report"):
        client = federation.client("us-cbp")
        asyncio.run(
            client.query(
                "ca-cbsa", "report.statistics", PERIOD.as_params(), agreement_id="us-ca-2026", purpose="joint-report"
            )
        )
    with ca.db.read() as connection:
        refused = [entry for entry in audit_log.entries(connection) if entry.action == "federation.refuse"]
    assert refused and refused[-1].target == "report.statistics"
    assert not (tmp_path / "joint.html").exists()


def test_the_demo_agreements_let_each_country_give_its_figures(make_node: NodeFactory, admin: Actor) -> None:
    network = case_network.link(make_node, "us-cbp", "ca-cbsa", "mx-inm")
    client = PartnerClient(network.nodes["us-cbp"], transport=network.router)
    found = statistics_exchange.fetch(network.nodes["us-cbp"], admin, PERIOD, ["ca-cbsa", "mx-inm"], client)
    assert [(figures.node_id, figures.country) for figures in found] == [("ca-cbsa", "CAN"), ("mx-inm", "MEX")]
