"""Nodes linked for the case tests: partners, the demo's agreements, one listed person and one stolen passport."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import update

from perimeter.core.access import Actor, Role
from perimeter.federation.client import AppRouter, PartnerClient
from perimeter.federation.outbox import DeliveryReport, deliver_due
from perimeter.records.cases import RecordKind
from perimeter.services import demo_agreements, document_registry, watchlist_entries
from perimeter.services.cases import Hit
from perimeter.services.federation_links import conclude, introduce
from perimeter.services.node import Node
from perimeter.store.tables.federation import federation_outbox
from perimeter.web.app import create_app
from tests.conftest import NodeFactory

SYSTEM = Actor.system()
LIAISON = Actor.user("lia", Role.LIAISON)
OFFICER = Actor.user("olga", Role.OFFICER)
FOUND_AT = datetime(2026, 11, 22, 7, 30, tzinfo=UTC)

LISTED = {
    "id": "us-lookout-0001",
    "category": "criminal",
    "subject_type": "person",
    "names": [{"full": "Brett Oortmeijer", "kind": "primary", "given": "Brett", "family": "Oortmeijer"}],
    "birth_dates": [{"date": "1977-10-23"}],
    "nationalities": ["GBR"],
    "documents": [{"type": "passport", "number": "12345678", "country": "GBR"}],
    "handling": "Refer to secondary inspection and call the U.S. liaison desk.",
    "remarks": "Wanted on a federal fraud warrant.",
}
TERRORIST = {**LISTED, "id": "us-lookout-0002", "category": "terrorism"}


@dataclass
class Network:
    nodes: dict[str, Node]
    router: AppRouter

    def deliver(self, node_id: str) -> DeliveryReport:
        async def run() -> DeliveryReport:
            async with PartnerClient(self.nodes[node_id], transport=self.router) as client:
                return await deliver_due(self.nodes[node_id], client)

        return asyncio.run(run())

    def redeliver_all(self, node_id: str) -> DeliveryReport:
        """Mark every message of the node's outbox pending again, as if every answer had been lost, and deliver."""
        node = self.nodes[node_id]
        with node.db.write() as connection:
            connection.execute(
                update(federation_outbox).values(status="pending", next_attempt_at=datetime(2000, 1, 1, tzinfo=UTC))
            )
        return self.deliver(node_id)


def link(make_node: NodeFactory, *node_ids: str) -> Network:
    countries = {"us-cbp": "USA", "ca-cbsa": "CAN", "mx-inm": "MEX"}
    nodes = {node_id: make_node(node_id, countries[node_id], f"{node_id} agency") for node_id in node_ids}
    introduce({node_id: f"http://{node_id}" for node_id in nodes}, list(nodes.values()))
    for parties, text in demo_agreements.all_agreements(date.today()):
        if all(party in nodes for party in parties):
            conclude([nodes[party] for party in parties], text)
    if "us-cbp" in nodes:
        watchlist_entries.create_list(nodes["us-cbp"], SYSTEM, "us-lookout", "U.S. national lookout list")
        for entry in (LISTED, TERRORIST):
            watchlist_entries.add_entry(nodes["us-cbp"], SYSTEM, "us-lookout", entry)
    if "mx-inm" in nodes:
        document_registry.add(nodes["mx-inm"], SYSTEM, STOLEN)
    apps = {node_id: create_app(node.settings, node) for node_id, node in nodes.items()}
    return Network(nodes, AppRouter(apps))


STOLEN: dict[str, Any] = {
    "issuing_country": "MEX",
    "document_type": "passport",
    "number": "G07654321",
    "status": "stolen",
    "reported_on": "2026-11-01",
    "reporting_authority": "Secretaría de Relaciones Exteriores",
    "holder_surname": "HERNANDEZ LOPEZ",
    "holder_given_names": "MARIA",
}


def listed_hit(record: dict[str, Any] = LISTED) -> Hit:
    return Hit(
        RecordKind.WATCHLIST_ENTRY,
        record["id"],
        "us-cbp",
        subject={"name": "Brett Pat Oortmeijer", "birth_date": "1977-10-23", "nationality": "GBR"},
        score=0.93,
        explanation="name and birth date agree",
        category=record["category"],
    )
