"""Federated flight screening: a stored manifest's travellers screened by every partner whose agreement allows it.

Each partner is asked about the whole flight in one signed ``screening.persons`` request (split into batches of at
most :data:`~perimeter.federation.answers.MAX_BATCH`), all partners at once; a partner whose agreement lets it answer
document checks is also asked, in one ``screening.documents`` request, about the travellers' documents its country
issued (and no others). Their hits are added to the stored assessment of each traveller (the owner node, the
agreement and clause, the released fields or only the sealed reference) and the disposition is decided again with
the node's disposition policy, so a partner's hit can raise a traveller to review or refer, the reason naming the
partner and the clause (:mod:`perimeter.services.federated_assessments`: one write transaction with the audit
entries, counts only). A partner that cannot be reached or refuses is recorded in the result, with why; it never
fails the flight, and the hits it gave on an earlier run are kept.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Collection
from dataclasses import asdict, dataclass, field
from typing import Any

from perimeter.core.access import Actor, Permission
from perimeter.core.errors import InvalidInput, NotFound, PerimeterError
from perimeter.federation.answers import DOCUMENT_STATUS, MAX_BATCH, WATCHLIST_ENTRY
from perimeter.federation.client import PartnerClient
from perimeter.passengers.assessment import PartnerHit
from perimeter.records.passenger import Traveller
from perimeter.screening.query import ScreeningQuery
from perimeter.services.federated_assessments import DOCUMENTS, PERSONS, PartnerOutcome, store_answers
from perimeter.services.federated_screening import routes
from perimeter.services.node import Node
from perimeter.services.traveller_screening import screening_query
from perimeter.store import manifests as store
from perimeter.store import partners as partner_store


@dataclass(frozen=True)
class FederatedFlight:
    manifest_id: str
    purpose: str
    asked: int
    not_asked: int
    documents_asked: int
    partners: tuple[PartnerOutcome, ...]
    travellers: tuple[dict[str, Any], ...]  # those with partner hits: position, disposition, reason, hits
    raised: int
    counts: dict[str, int]

    def to_json(self) -> dict[str, Any]:
        return {
            "manifest_id": self.manifest_id,
            "purpose": self.purpose,
            "travellers_asked": self.asked,
            "travellers_not_asked": self.not_asked,
            "documents_asked": self.documents_asked,
            "partners": [asdict(outcome) for outcome in self.partners],
            "raised": self.raised,
            "dispositions": self.counts,
            "travellers": list(self.travellers),
        }


@dataclass
class _Question:
    """What one partner is asked: the kind, under which agreement, and per subject the traveller's position."""

    partner: str
    agreement: str
    kind: str
    positions: list[int] = field(default_factory=list)
    items: list[dict[str, Any]] = field(default_factory=list)
    documents: list[str | None] = field(default_factory=list)


def query_mapping(query: ScreeningQuery) -> dict[str, Any]:
    """The JSON a partner reads back into the same query (``ScreeningQuery.from_mapping``)."""
    found: dict[str, Any] = {"name": query.name}
    for key, value in (
        ("birth_date", query.birth_date),
        ("nationality", query.nationality),
        ("gender", query.gender),
        ("document_number", query.document_number),
    ):
        if value is not None:
            found[key] = str(value)
    return found


async def screen_manifest_with_partners(
    node: Node,
    actor: Actor,
    client: PartnerClient,
    manifest_id: str,
    *,
    purpose: str = "border-screening",
    only: Collection[int] | None = None,
) -> FederatedFlight:
    """Ask every partner that may answer about the stored manifest's travellers (``only`` those at these
    positions, from 1, when given); store and return what they said."""
    actor.require(Permission.MANIFESTS_WRITE)
    if not purpose:
        raise InvalidInput("a query to partners must state its purpose (e.g. border-screening)")
    questions, travellers, skipped = await asyncio.to_thread(_prepare, node, manifest_id, purpose, only)
    answers = await asyncio.gather(*(_ask(client, question, purpose) for question in questions))
    documents = sum(len(q.items) for q in questions if q.kind == DOCUMENTS)
    asked = {"travellers": travellers, "documents": documents}
    shown, raised, counts = await asyncio.to_thread(
        store_answers, node, actor, manifest_id, purpose, asked, list(answers)
    )
    outcomes = tuple(outcome for outcome, _ in answers)
    return FederatedFlight(manifest_id, purpose, travellers, skipped, documents, outcomes, tuple(shown), raised, counts)


async def _ask(
    client: PartnerClient, question: _Question, purpose: str
) -> tuple[PartnerOutcome, dict[int, list[PartnerHit]]]:
    started = time.perf_counter()
    found: dict[int, list[PartnerHit]] = {}
    status, error, requests = "answered", None, 0
    key, entries = ("queries", "hits") if question.kind == PERSONS else ("documents", "records")
    for start in range(0, len(question.items), MAX_BATCH):
        chunk = question.items[start : start + MAX_BATCH]
        requests += 1
        try:
            answer = await client.query(
                question.partner, question.kind, {key: chunk}, agreement_id=question.agreement, purpose=purpose
            )
            answers = answer.get("answers")
            if not isinstance(answers, list) or len(answers) != len(chunk):
                raise InvalidInput(f"{question.partner} answered {type(answers).__name__} for {len(chunk)} subjects")
        except PerimeterError as failure:
            status = "unavailable" if failure.code == "unavailable" else "refused"
            error = failure.message
            break
        for offset, item in enumerate(answers):
            index = start + offset
            hits = _partner_hits(question, item.get(entries) if isinstance(item, dict) else None, index)
            if hits:
                found.setdefault(question.positions[index], []).extend(hits)
    elapsed = round((time.perf_counter() - started) * 1000, 1)
    hit_count = sum(len(hits) for hits in found.values())
    outcome = PartnerOutcome(
        question.partner,
        question.agreement,
        question.kind,
        status,
        error,
        len(question.items),
        hit_count,
        requests,
        elapsed,
    )
    return outcome, found


def _prepare(
    node: Node, manifest_id: str, purpose: str, only: Collection[int] | None
) -> tuple[list[_Question], int, int]:
    """What to ask each partner; how many travellers are asked about and how many cannot be screened (no letters
    in the name: their stored assessment already says so)."""
    with node.db.read() as connection:
        if store.get_manifest(connection, manifest_id) is None:
            raise NotFound(f"no manifest {manifest_id!r}")
        rows = store.travellers_of(connection, manifest_id)
        people = routes(connection, node, WATCHLIST_ENTRY, purpose)
        registries = routes(connection, node, DOCUMENT_STATUS, purpose)
        countries = {partner.node_id: partner.country for partner in partner_store.all_partners(connection)}
    persons = [_Question(partner, agreement, PERSONS) for partner, agreement in people.items()]
    documents = [_Question(partner, agreement, DOCUMENTS) for partner, agreement in registries.items()]
    travellers = skipped = 0
    for row in rows:
        if only is not None and row.position not in only:
            continue
        traveller = Traveller.model_validate(row.data)
        try:
            query = query_mapping(screening_query(traveller))
            travellers += 1
            for question in persons:
                question.positions.append(int(row.position))
                question.items.append(query)
        except InvalidInput:
            skipped += 1
        for document in traveller.documents:
            for question in documents:
                if document.number and document.issuing_country == countries.get(question.partner):
                    question.positions.append(int(row.position))
                    question.items.append({"country": document.issuing_country, "number": document.number})
                    question.documents.append(f"{document.issuing_country} {document.number}")
    return [question for question in persons + documents if question.items], travellers, skipped


def _partner_hits(question: _Question, entries: object, index: int) -> list[PartnerHit]:
    if not isinstance(entries, list):
        return []
    document = question.documents[index] if question.kind == DOCUMENTS else None
    return [
        PartnerHit(
            question.partner,
            question.agreement,
            str(entry.get("clause")),
            str(entry.get("level")),
            str(entry.get("reference")),
            dict(entry.get("record") or {}),
            document,
        )
        for entry in entries
        if isinstance(entry, dict)
    ]
