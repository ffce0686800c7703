"""Screening that also asks partners: each partner whose agreement lets it answer is queried, in parallel.

The local answer comes from the node's own holdings (and the records partners replicate to it); each partner's
answer carries only what its clause releases. A partner that refuses or cannot be reached is reported as such,
never silently dropped. Each question asked of a partner is audited with the agreement and purpose it invoked.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Connection

from perimeter.core.access import Actor, Permission
from perimeter.core.errors import InvalidInput, PerimeterError
from perimeter.federation.client import PartnerClient
from perimeter.services.node import Node
from perimeter.sharing.agreements import Mode
from perimeter.sharing.policy import ANY_CATEGORY, DisclosureRequest, decide
from perimeter.store import agreements, partners
from perimeter.store.tables.base import utc_now


@dataclass(frozen=True)
class PartnerAnswer:
    partner: str
    agreement: str | None
    status: str  # answered, refused, unavailable, not-covered
    answer: dict[str, Any] | None
    error: str | None
    ms: float


def routes(connection: Connection, node: Node, record_kind: str, purpose: str) -> dict[str, str]:
    """Partner node id -> the agreement under which it may answer a ``record_kind`` query for ``purpose`` today."""
    found: dict[str, str] = {}
    today = utc_now().date()
    for partner in partners.all_partners(connection):
        for signed in agreements.newest_all(connection):
            request = DisclosureRequest(
                node.node_id, partner.node_id, record_kind, purpose, today, Mode.QUERIED, ANY_CATEGORY
            )
            if decide(signed.agreement, request).allowed:
                found[partner.node_id] = signed.agreement.agreement
                break
    return found


async def ask_partners(
    node: Node, actor: Actor, client: PartnerClient, record_kind: str, kind: str, payload: dict[str, Any], purpose: str
) -> list[PartnerAnswer]:
    if not purpose:
        raise InvalidInput("a query to partners must state its purpose (e.g. border-screening)")
    targets = await asyncio.to_thread(_routes, node, record_kind, purpose)

    async def ask(partner: str, agreement_id: str) -> PartnerAnswer:
        started = time.perf_counter()
        try:
            answer = await client.query(partner, kind, payload, agreement_id=agreement_id, purpose=purpose)
            status, error = "answered", None
        except PerimeterError as failure:
            answer, error = None, failure.message
            status = "unavailable" if failure.code == "unavailable" else "refused"
        return PartnerAnswer(partner, agreement_id, status, answer, error, (time.perf_counter() - started) * 1000)

    answers = list(await asyncio.gather(*(ask(partner, agreement) for partner, agreement in targets.items())))
    await asyncio.to_thread(_audit_queries, node, actor, kind, purpose, answers)
    return answers


def _routes(node: Node, record_kind: str, purpose: str) -> dict[str, str]:
    with node.db.read() as connection:
        return routes(connection, node, record_kind, purpose)


def _audit_queries(node: Node, actor: Actor, kind: str, purpose: str, answers: list[PartnerAnswer]) -> None:
    with node.db.write(wait_for_disk=False) as connection:
        for item in answers:
            node.audit(
                connection,
                actor,
                "federation.query",
                item.partner,
                kind=kind,
                agreement=item.agreement,
                purpose=purpose,
                status=item.status,
                hit=bool(item.answer and item.answer.get("hit")),
            )


async def check_document(
    node: Node,
    actor: Actor,
    client: PartnerClient,
    country: str,
    number: str,
    document_type: str | None = None,
    *,
    purpose: str,
) -> dict[str, Any]:
    """The local document check and every partner's answer."""
    from perimeter.services.document_checks import check

    actor.require(Permission.DOCUMENTS_CHECK)
    local = await asyncio.to_thread(check, node, actor, country, number, document_type)
    payload = {"country": country, "number": number, "type": document_type}
    answers = await ask_partners(node, actor, client, "document-status", "screening.document", payload, purpose)
    return {"local": local.summary(), "partners": [asdict(answer) for answer in answers]}


async def screen_person(
    node: Node, actor: Actor, client: PartnerClient, query: dict[str, Any], *, purpose: str
) -> dict[str, Any]:
    """The local screen and every partner's answer for one person."""
    from perimeter.screening.query import ScreeningQuery
    from perimeter.services.screening import screener

    actor.require(Permission.SCREEN)
    parsed = ScreeningQuery.from_mapping(query)
    fingerprint, hits = await asyncio.to_thread(lambda: screener(node).screen(parsed))
    await asyncio.to_thread(_audit_screen, node, actor, fingerprint, len(hits))
    answers = await ask_partners(node, actor, client, "watchlist-entry", "screening.person", {"query": query}, purpose)
    return {
        "fingerprint": fingerprint,
        "local": [hit.to_json() for hit in hits],
        "partners": [asdict(answer) for answer in answers],
    }


def _audit_screen(node: Node, actor: Actor, fingerprint: str, hits: int) -> None:
    with node.db.write(wait_for_disk=False) as connection:
        node.audit(connection, actor, "screening.person", fingerprint, hits=hits, federated=True)
