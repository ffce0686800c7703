"""What the demonstration's nodes ask each other, over real HTTP, each call signed by the asking node.

Blocking wrappers (one event loop per call) so the scenario reads as a sequence of steps.
"""

from __future__ import annotations

import asyncio
from typing import Any

from perimeter.federation.client import PartnerClient
from perimeter.federation.replication import pull
from perimeter.services import federated_flights, federated_screening
from perimeter.services.demo_network import DemoNode

PURPOSE = "border-screening"
CONCURRENCY = 8


def screen_people(member: DemoNode, queries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Screen each person locally and with every partner whose agreement allows it (a few at a time)."""

    async def run() -> list[dict[str, Any]]:
        limit = asyncio.Semaphore(CONCURRENCY)
        async with PartnerClient(member.node) as client:

            async def one(query: dict[str, Any]) -> dict[str, Any]:
                async with limit:
                    return await federated_screening.screen_person(
                        member.node, member.actor("officer"), client, query, purpose=PURPOSE
                    )

            return list(await asyncio.gather(*(one(query) for query in queries)))

    return asyncio.run(run())


def screen_flight(member: DemoNode, manifest_id: str, positions: list[int] | None = None) -> dict[str, Any]:
    """Ask every partner about a stored flight's travellers in one batch request each (``screening.persons``)."""

    async def run() -> dict[str, Any]:
        async with PartnerClient(member.node) as client:
            found = await federated_flights.screen_manifest_with_partners(
                member.node, member.actor("admin"), client, manifest_id, purpose=PURPOSE, only=positions
            )
            return found.to_json()

    return asyncio.run(run())


def check_document(member: DemoNode, country: str, number: str) -> dict[str, Any]:
    async def run() -> dict[str, Any]:
        async with PartnerClient(member.node) as client:
            return await federated_screening.check_document(
                member.node, member.actor("officer"), client, country, number, purpose=PURPOSE
            )

    return asyncio.run(run())


def query(
    member: DemoNode, partner: str, kind: str, payload: dict[str, Any], agreement: str, purpose: str
) -> dict[str, Any]:
    async def run() -> dict[str, Any]:
        async with PartnerClient(member.node) as client:
            return await client.query(partner, kind, payload, agreement_id=agreement, purpose=purpose)

    return asyncio.run(run())


def pull_documents(member: DemoNode, owner: str) -> int:
    """Catch up on ``owner``'s replicated document records, as the served node's periodic pull would."""

    async def run() -> int:
        async with PartnerClient(member.node) as client:
            return await pull(member.node, client, owner)

    return asyncio.run(run())
