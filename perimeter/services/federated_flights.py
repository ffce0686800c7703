"""Federated flight screening: a stored manifest's travellers screened by every partner whose agreement allows it.

Each partner is asked about the whole flight in one signed ``screening.persons`` request (split into batches of at
most :data:`~perimeter.federation.answers.MAX_BATCH`), all partners at once. Their hits are added to the stored
assessment of each traveller (the owner node, the agreement and clause, the released fields or only the sealed
reference) and the disposition is decided again with the node's disposition policy, so a partner's hit can raise a
traveller to review or refer, the reason naming the partner and the clause. Everything is stored in one write
transaction with the audit entries (one ``federation.query`` per partner, one ``manifest.federate``, counts only).
A partner that cannot be reached or refuses is recorded in the result, with why; it never fails the flight, and the
hits it gave on an earlier run are kept.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Collection, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Connection

from perimeter.core.access import Actor, Permission
from perimeter.core.errors import InvalidInput, NotFound, PerimeterError
from perimeter.federation.answers import MAX_BATCH, WATCHLIST_ENTRY
from perimeter.federation.client import PartnerClient
from perimeter.passengers.assessment import (
    DispositionPolicy,
    DocumentFinding,
    PartnerHit,
    RuleMatch,
    TravellerAssessment,
    WatchlistHit,
    decide,
)
from perimeter.records.passenger import Traveller
from perimeter.screening.query import ScreeningQuery
from perimeter.services.federated_screening import routes
from perimeter.services.node import Node
from perimeter.services.traveller_screening import screening_query
from perimeter.store import manifests as store

KIND = "screening.persons"


@dataclass(frozen=True)
class PartnerOutcome:
    partner: str
    agreement: str
    status: str  # answered, refused, unavailable
    error: str | None
    asked: int
    hits: int
    requests: int
    ms: float


@dataclass(frozen=True)
class FederatedFlight:
    manifest_id: str
    purpose: str
    asked: int
    not_asked: int
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
            "partners": [asdict(outcome) for outcome in self.partners],
            "raised": self.raised,
            "dispositions": self.counts,
            "travellers": list(self.travellers),
        }


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
    positions, queries, targets, skipped = await asyncio.to_thread(_prepare, node, manifest_id, purpose, only)

    async def ask(partner: str, agreement: str) -> tuple[PartnerOutcome, dict[int, list[PartnerHit]]]:
        started = time.perf_counter()
        found: dict[int, list[PartnerHit]] = {}
        status, error, requests = "answered", None, 0
        for start in range(0, len(queries), MAX_BATCH):
            chunk = queries[start : start + MAX_BATCH]
            requests += 1
            try:
                answer = await client.query(partner, KIND, {"queries": chunk}, agreement_id=agreement, purpose=purpose)
                answers = answer.get("answers")
                if not isinstance(answers, list) or len(answers) != len(chunk):
                    raise InvalidInput(f"{partner} answered {type(answers).__name__} for {len(chunk)} travellers")
            except PerimeterError as failure:
                status = "unavailable" if failure.code == "unavailable" else "refused"
                error = failure.message
                break
            for offset, item in enumerate(answers):
                hits = _partner_hits(partner, agreement, item)
                if hits:
                    found[positions[start + offset]] = hits
        elapsed = round((time.perf_counter() - started) * 1000, 1)
        hit_count = sum(len(hits) for hits in found.values())
        return PartnerOutcome(partner, agreement, status, error, len(queries), hit_count, requests, elapsed), found

    asked = await asyncio.gather(*(ask(partner, agreement) for partner, agreement in targets.items()))
    return await asyncio.to_thread(_store, node, actor, manifest_id, purpose, (len(queries), skipped), list(asked))


def _prepare(
    node: Node, manifest_id: str, purpose: str, only: Collection[int] | None
) -> tuple[list[int], list[dict[str, Any]], dict[str, str], int]:
    """The positions and queries of the travellers that can be screened, the partners to ask (with agreement) and
    how many travellers cannot be screened (no letters in the name: their stored assessment says so)."""
    with node.db.read() as connection:
        if store.get_manifest(connection, manifest_id) is None:
            raise NotFound(f"no manifest {manifest_id!r}")
        rows = store.travellers_of(connection, manifest_id)
        targets = routes(connection, node, WATCHLIST_ENTRY, purpose)
    positions, queries, skipped = [], [], 0
    for row in rows:
        if only is not None and row.position not in only:
            continue
        try:
            query = screening_query(Traveller.model_validate(row.data))
        except InvalidInput:
            skipped += 1
            continue
        positions.append(int(row.position))
        queries.append(query_mapping(query))
    return positions, queries, targets, skipped


def _partner_hits(partner: str, agreement: str, answer: object) -> list[PartnerHit]:
    if not isinstance(answer, dict):
        return []
    return [
        PartnerHit(
            partner,
            agreement,
            str(hit.get("clause")),
            str(hit.get("level")),
            str(hit.get("reference")),
            dict(hit.get("record") or {}),
        )
        for hit in answer.get("hits") or []
        if isinstance(hit, dict)
    ]


def _store(
    node: Node,
    actor: Actor,
    manifest_id: str,
    purpose: str,
    travellers: tuple[int, int],
    answers: Sequence[tuple[PartnerOutcome, dict[int, list[PartnerHit]]]],
) -> FederatedFlight:
    asked, skipped = travellers
    policy = DispositionPolicy.from_settings(node.settings)
    answered = {outcome.partner for outcome, _ in answers if outcome.status == "answered"}
    with node.db.write() as connection:
        rows = store.travellers_of(connection, manifest_id)
        changes, shown, raised = [], [], 0
        for row in rows:
            kept = [hit for hit in _stored_partner_hits(row.assessment) if hit.partner not in answered]
            fresh = [hit for _, found in answers for hit in found.get(int(row.position), [])]
            partner_hits = tuple(kept + fresh)
            if partner_hits == _stored_partner_hits(row.assessment):
                continue
            assessment = _redecided(policy, row.assessment, partner_hits, Traveller.model_validate(row.data))
            changes.append(
                {
                    "traveller_id": row.traveller_id,
                    "disposition": assessment.disposition.value,
                    "disposition_reason": assessment.reason,
                    "assessment": assessment.to_json(),
                }
            )
            raised += _rank(assessment.disposition.value) > _rank(row.disposition)
            if partner_hits:
                shown.append(
                    {
                        "position": int(row.position),
                        "disposition": assessment.disposition.value,
                        "reason": assessment.reason,
                        "partner_hits": [asdict(hit) for hit in partner_hits],
                    }
                )
        store.update_assessments(connection, manifest_id, changes)
        counts = _counts(connection, manifest_id)
        for outcome, _ in answers:
            node.audit(
                connection,
                actor,
                "federation.query",
                outcome.partner,
                kind=KIND,
                agreement=outcome.agreement,
                purpose=purpose,
                status=outcome.status,
                subjects=outcome.asked,
                hits=outcome.hits,
            )
        node.audit(
            connection,
            actor,
            "manifest.federate",
            manifest_id,
            purpose=purpose,
            travellers=asked,
            partners=len(answers),
            answered=len(answered),
            hits=sum(outcome.hits for outcome, _ in answers),
            changed=len(changes),
            raised=raised,
        )
    return FederatedFlight(
        manifest_id,
        purpose,
        asked,
        skipped,
        tuple(outcome for outcome, _ in answers),
        tuple(shown),
        raised,
        counts,
    )


def _rank(disposition: str) -> int:
    return ("no-action", "review", "refer").index(disposition)


def _counts(connection: Connection, manifest_id: str) -> dict[str, int]:
    row = store.get_manifest(connection, manifest_id)
    assert row is not None
    return {"refer": int(row.refer_count), "review": int(row.review_count)}


def _stored_partner_hits(assessment: dict[str, Any]) -> tuple[PartnerHit, ...]:
    return tuple(PartnerHit(**hit) for hit in assessment.get("partner_hits") or [])


def _redecided(
    policy: DispositionPolicy, stored: dict[str, Any], partner_hits: tuple[PartnerHit, ...], traveller: Traveller
) -> TravellerAssessment:
    """The stored local findings with the partners' hits, decided again by the same pure policy."""
    hits = tuple(
        WatchlistHit(**{**hit, "explanation": tuple(hit.get("explanation") or ())}) for hit in stored.get("hits", [])
    )
    documents = tuple(DocumentFinding(**finding) for finding in stored.get("documents", []))
    matches = tuple(RuleMatch(**match) for match in stored.get("rule_matches", []))
    disposition, reason = decide(policy, hits, documents, matches, partner_hits)
    screened = bool(stored.get("screened_against_watchlists", True))
    if not screened:
        try:
            screening_query(traveller)
        except InvalidInput as error:
            reason = f"{reason} (not screened: {error.message})"
    return TravellerAssessment(
        disposition,
        reason,
        hits,
        documents,
        matches,
        tuple(stored.get("rule_errors", [])),
        screened,
        stored.get("fingerprint"),
        partner_hits,
    )
