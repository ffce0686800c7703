"""Storing partners' answers about a flight: their hits join each traveller's assessment, which is decided again.

Used by :mod:`perimeter.services.federated_flights`. The stored local findings (watch-list hits, reported
documents, rule matches) are read back from the assessment and decided again with the partners' hits by the same
pure policy (:func:`perimeter.passengers.assessment.decide`). Each answering partner's hits of a kind replace those
it gave before (asking again never adds them twice); hits from a partner that did not answer this time are kept.
The assessments, the manifest's counts and the audit entries are written in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Connection

from perimeter.core.access import Actor
from perimeter.core.errors import InvalidInput
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
from perimeter.services.node import Node
from perimeter.services.traveller_screening import screening_query
from perimeter.store import manifests as store

PERSONS = "screening.persons"
DOCUMENTS = "screening.documents"


@dataclass(frozen=True)
class PartnerOutcome:
    partner: str
    agreement: str
    kind: str  # screening.persons or screening.documents
    status: str  # answered, refused, unavailable
    error: str | None
    asked: int
    hits: int
    requests: int
    ms: float


Answers = Sequence[tuple[PartnerOutcome, dict[int, list[PartnerHit]]]]


def store_answers(
    node: Node, actor: Actor, manifest_id: str, purpose: str, asked: dict[str, int], answers: Answers
) -> tuple[list[dict[str, Any]], int, dict[str, int]]:
    """Store the partners' hits; the travellers with partner hits (position, disposition, reason, hits), how many
    were raised, and the manifest's refer and review counts after."""
    policy = DispositionPolicy.from_settings(node.settings)
    answered = {(outcome.partner, outcome.kind) for outcome, _ in answers if outcome.status == "answered"}
    with node.db.write() as connection:
        changes, shown, raised = [], [], 0
        for row in store.travellers_of(connection, manifest_id):
            before = stored_partner_hits(row.assessment)
            kept = [hit for hit in before if (hit.partner, kind_of(hit)) not in answered]
            fresh = [hit for _, found in answers for hit in found.get(int(row.position), [])]
            partner_hits = tuple(kept + fresh)
            if partner_hits == before:
                continue
            assessment = redecided(policy, row.assessment, partner_hits, Traveller.model_validate(row.data))
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
        for outcome, _ in answers:
            node.audit(
                connection,
                actor,
                "federation.query",
                outcome.partner,
                kind=outcome.kind,
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
            **asked,
            questions=len(answers),
            answered=len(answered),
            hits=sum(outcome.hits for outcome, _ in answers),
            changed=len(changes),
            raised=raised,
        )
        return shown, raised, _counts(connection, manifest_id)


def kind_of(hit: PartnerHit) -> str:
    return PERSONS if hit.document is None else DOCUMENTS


def stored_partner_hits(assessment: dict[str, Any]) -> tuple[PartnerHit, ...]:
    return tuple(PartnerHit(**hit) for hit in assessment.get("partner_hits") or [])


def redecided(
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


def _rank(disposition: str) -> int:
    return ("no-action", "review", "refer").index(disposition)


def _counts(connection: Connection, manifest_id: str) -> dict[str, int]:
    row = store.get_manifest(connection, manifest_id)
    assert row is not None
    return {"refer": int(row.refer_count), "review": int(row.review_count)}
