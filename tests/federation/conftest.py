"""Nodes linked for federation tests: partners of each other, bound by an agreement, reachable in-process."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest

from perimeter.federation.client import AppRouter, PartnerClient
from perimeter.services.federation_links import conclude, introduce
from perimeter.services.node import Node
from perimeter.web.app import create_app
from tests.conftest import NodeFactory
from tests.federation import handlers  # noqa: F401  (registers the test message kinds)

TODAY = date.today()


def agreement_text(
    parties: list[str],
    *,
    agreement_id: str = "us-ca-2026",
    in_force: date = TODAY - timedelta(days=30),
    expires: date = TODAY + timedelta(days=365),
    version: int = 1,
    extra_clauses: str = "",
) -> str:
    return f"""
agreement: {agreement_id}
version: {version}
title: Test agreement
parties: [{", ".join(parties)}]
in_force: {in_force.isoformat()}
expires: {expires.isoformat()}
clauses:
  - id: documents
    record_kind: document-status
    level: full
    fields:
      summary: [status, issuing_country, document_type]
      full: [status, issuing_country, document_type, number, reported_on]
    purposes: [border-screening, visa-vetting]
    mode: replicated
    retention_days: 365
    response_deadline_hours: 48
    query_limit_per_day: 1000
  - id: notifications
    record_kind: test-message
    level: full
    fields:
      full: [text]
    purposes: [hit-notification]
    retention_days: 30
    response_deadline_hours: 48
{extra_clauses}"""


@dataclass
class Federation:
    nodes: dict[str, Node]
    apps: dict[str, Any]
    router: AppRouter

    def client(self, node_id: str) -> PartnerClient:
        return PartnerClient(self.nodes[node_id], transport=self.router)


def link(make_node: NodeFactory, specs: list[tuple[str, str]], text: str | None = None) -> Federation:
    nodes = {node_id: make_node(node_id, country, f"{country} agency") for node_id, country in specs}
    introduce({node_id: f"http://{node_id}" for node_id in nodes}, list(nodes.values()))
    conclude(list(nodes.values()), text or agreement_text(list(nodes)))
    apps = {node_id: create_app(node.settings, node) for node_id, node in nodes.items()}
    return Federation(nodes, apps, AppRouter(apps))


@pytest.fixture
def pair(make_node: NodeFactory) -> Federation:
    return link(make_node, [("us-cbp", "USA"), ("ca-cbsa", "CAN")])
