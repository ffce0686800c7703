"""Reviewing a flagged traveller: the traveller beside each entry it hit, why it scored, and the analyst's decision.

:func:`traveller_review` gathers what the review page shows: the traveller as the manifest gives them (masked past
the masking period unless unmasked with a reason), the screening's stored assessment, and each hit scored again by
the node's screening engine so every feature's contribution and explanation can be read, with the traveller's
fingerprint (the key under which a false-match decision is remembered). Reading it is audited (``traveller.view``
or ``traveller.unmask``).

:func:`decide` records the analyst's outcome on a hit: ``confirmed`` (it is the listed person), ``false-match``
(remembered by the screening decisions, so the traveller is not alerted on that entry again), ``referred`` (to a
second-line officer) or ``owner-notified`` (a hit notification sent to the partner that owns the entry, opening a
shared case). Each is audited (``traveller.review``) in the transaction that records it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import JsonValue

from perimeter.core.access import Actor, Permission
from perimeter.core.errors import Conflict, InvalidInput, NotFound
from perimeter.passengers.masking import mask_traveller
from perimeter.records.cases import RecordKind
from perimeter.records.passenger import Traveller
from perimeter.records.watchlist import WatchlistEntry
from perimeter.screening.query import Hit
from perimeter.services import cases, pnr_protection, screening, screening_decisions
from perimeter.services.node import Node
from perimeter.services.traveller_screening import screening_query
from perimeter.store import hit_reviews as store
from perimeter.store import watchlists
from perimeter.store.hit_reviews import Review
from perimeter.store.tables.base import utc_now

OUTCOMES = ("confirmed", "false-match", "referred", "owner-notified")
MAX_NOTE = 2000


@dataclass(frozen=True)
class HitView:
    """One hit as stored by the flight's screening, with the entry and the features when they can be shown."""

    stored: dict[str, Any]
    entry: WatchlistEntry | None
    scored: Hit | None
    reviews: list[Review]

    @property
    def key(self) -> str:
        return f"{self.stored['owner_node']}/{self.stored['record_id']}"


@dataclass(frozen=True)
class TravellerReview:
    traveller_id: int
    manifest_id: str
    flight: dict[str, Any]
    role: str
    pnr_id: str | None
    data: dict[str, Any]
    disposition: str
    reason: str
    assessment: dict[str, Any]
    hits: list[HitView]
    reviews: list[Review]
    masked: bool
    fingerprint: str | None
    notes: list[str] = field(default_factory=list)


def traveller_review(
    node: Node, actor: Actor, traveller_id: int, *, unmask_reason: str | None = None, today: date | None = None
) -> TravellerReview:
    actor.require(Permission.MANIFESTS_READ)
    reason = pnr_protection.require_unmask(actor, unmask_reason) if unmask_reason is not None else None
    with node.db.write(wait_for_disk=False) as connection:
        row = store.traveller(connection, traveller_id)
        if row is None:
            raise NotFound(f"no traveller {traveller_id} on this node (the manifest may have been deleted)")
        masked = pnr_protection.is_masked(node.settings, row.flight_flight_date, today=today) and reason is None
        reviews = store.of_traveller(connection, traveller_id)
        assessment = dict(row.assessment)
        keys = [(hit["owner_node"], hit["record_id"]) for hit in assessment.get("hits", [])]
        entries = {key: found for key in keys if (found := watchlists.get_entry(connection, *key)) is not None}
        if reason is not None:
            node.audit(
                connection, actor, "traveller.unmask", str(traveller_id), manifest=row.manifest_id, reason=reason
            )
        else:
            node.audit(connection, actor, "traveller.view", str(traveller_id), manifest=row.manifest_id, masked=masked)
    notes: list[str] = []
    fingerprint: str | None = None
    scored: dict[tuple[str, str], Hit] = {}
    if masked:
        notes.append("past the masking period: names, documents and the features that quote them are masked")
    else:
        fingerprint, scored = _score_again(node, Traveller.model_validate(row.data), keys, notes)
    fingerprint = assessment.get("fingerprint") or fingerprint  # the one the flight was screened under
    hits = [
        HitView(
            stored,
            entries.get(key) if actor.can(Permission.WATCHLIST_READ) and not masked else None,
            scored.get(key),
            [review for review in reviews if (review.owner_node, review.record_id) == key],
        )
        for stored, key in zip(assessment.get("hits", []), keys, strict=True)
    ]
    return TravellerReview(
        traveller_id=traveller_id,
        manifest_id=row.manifest_id,
        flight={
            "carrier": row.flight_carrier,
            "flight_number": row.flight_flight_number,
            "departure_airport": row.flight_departure_airport,
            "arrival_airport": row.flight_arrival_airport,
            "scheduled_departure": row.flight_scheduled_departure,
            "flight_date": row.flight_flight_date,
        },
        role=row.role,
        pnr_id=row.pnr_id,
        data=mask_traveller(row.data) if masked else row.data,
        disposition=row.disposition,
        reason=row.disposition_reason,
        assessment=assessment,
        hits=hits,
        reviews=reviews,
        masked=masked,
        fingerprint=fingerprint,
        notes=notes,
    )


def _score_again(
    node: Node, traveller: Traveller, keys: list[tuple[str, str]], notes: list[str]
) -> tuple[str | None, dict[tuple[str, str], Hit]]:
    """The traveller's fingerprint and the hits as the engine scores them now, keyed by (owner, record id)."""
    try:
        query = screening_query(traveller)
    except InvalidInput as error:
        notes.append(f"the traveller cannot be screened again: {error.message}")
        return None, {}
    fingerprint, hits = screening.screener(node).screen(query)
    found = {(hit.owner_node, hit.record_id): hit for hit in hits}
    if any(key not in found for key in keys):
        notes.append(
            "some hits no longer reach the alert threshold (the entry or the traveller's data changed since the"
            " flight was screened): their stored score is shown without features"
        )
    return fingerprint, found


def decide(
    node: Node,
    actor: Actor,
    traveller_id: int,
    outcome: str,
    *,
    owner_node: str | None = None,
    record_id: str | None = None,
    note: str | None = None,
) -> Review:
    """Record the analyst's outcome on one hit (or, without a hit, on the traveller as a whole)."""
    actor.require(Permission.SCREEN_DECIDE)
    if outcome not in OUTCOMES:
        raise InvalidInput(f"outcome {outcome!r} is not one of {', '.join(OUTCOMES)}")
    text = (note or "").strip() or None
    if text and len(text) > MAX_NOTE:
        raise InvalidInput(f"the note is {len(text)} characters long; at most {MAX_NOTE} are accepted")
    review = traveller_review(node, actor, traveller_id)
    hit = _hit(review, owner_node, record_id) if owner_node or record_id else None
    decision_id, case_id = None, None
    if outcome in ("false-match", "owner-notified") and hit is None:
        raise InvalidInput(f"{outcome}: say which hit (owner node and record id)")
    if outcome == "false-match":
        if review.fingerprint is None:
            raise InvalidInput("a false match cannot be remembered for a masked or unscreenable traveller")
        assert hit is not None
        decision_id = _remember_false_match(node, actor, review.fingerprint, hit, text)
    if outcome == "owner-notified":
        assert hit is not None
        case_id = _notify_owner(node, actor, review, hit, text)
    with node.db.write() as connection:
        review_id = store.add(
            connection,
            {
                "traveller_id": traveller_id,
                "owner_node": hit.stored["owner_node"] if hit else None,
                "record_id": hit.stored["record_id"] if hit else None,
                "outcome": outcome,
                "note": text,
                "decision_id": decision_id,
                "case_id": case_id,
                "decided_by": actor.audit_name,
                "decided_at": utc_now(),
            },
        )
        node.audit(
            connection,
            actor,
            "traveller.review",
            str(traveller_id),
            outcome=outcome,
            record=hit.key if hit else None,
            review_id=review_id,
            decision_id=decision_id,
            case_id=case_id,
        )
        found = [item for item in store.of_traveller(connection, traveller_id) if item.review_id == review_id]
    return found[0]


def _hit(review: TravellerReview, owner_node: str | None, record_id: str | None) -> HitView:
    for hit in review.hits:
        if hit.stored["owner_node"] == owner_node and hit.stored["record_id"] == record_id:
            return hit
    raise NotFound(f"traveller {review.traveller_id} has no hit on {owner_node}/{record_id}")


def _remember_false_match(node: Node, actor: Actor, fingerprint: str, hit: HitView, note: str | None) -> int:
    """The screening decision that remembers the false match; the one already taken when a first attempt remembered
    it but could not record the review (the two are separate transactions), so a retry completes it."""
    owner, record = hit.stored["owner_node"], hit.stored["record_id"]
    try:
        return screening_decisions.mark_false_match(node, actor, fingerprint, owner, record, note).decision_id
    except Conflict:
        taken = [
            d
            for d in screening_decisions.decisions(node, actor, fingerprint)
            if (d.owner_node, d.record_id) == (owner, record)
        ]
        if not taken:
            raise
        return taken[-1].decision_id


def _notify_owner(node: Node, actor: Actor, review: TravellerReview, hit: HitView, note: str | None) -> str:
    if hit.stored["owner_node"] == node.node_id:
        raise InvalidInput(f"entry {hit.stored['record_id']} is this node's own: there is no owner to notify")
    data = review.data
    flight = review.flight
    subject: dict[str, JsonValue] = {
        "surname": data.get("surname"),
        "given_names": data.get("given_names"),
        "birth_date": data.get("birth_date"),
        "nationality": data.get("nationality"),
        "documents": [
            {"type": doc.get("type"), "number": doc.get("number"), "issuing_country": doc.get("issuing_country")}
            for doc in data.get("documents", [])
        ],
        "flight": f"{flight['carrier']}{flight['flight_number']}",
    }
    case = cases.notify_owner(
        node,
        actor,
        cases.Hit(
            record_kind=RecordKind.WATCHLIST_ENTRY,
            record_id=hit.stored["record_id"],
            owner_node=hit.stored["owner_node"],
            subject=subject,
            score=float(hit.stored["score"]),
            explanation="; ".join(hit.stored.get("explanation", [])),
            category=hit.stored.get("category"),
        ),
        flight["arrival_airport"] or "unknown",
        utc_now(),
        note or f"flagged for {review.disposition} on flight {subject['flight']}; held for the owner's answer",
        # one case per traveller and entry: a retry after the review failed to record finds the case already sent
        case_id=str(uuid.uuid5(uuid.NAMESPACE_URL, f"{node.node_id}/traveller/{review.traveller_id}/{hit.key}")),
    )
    return case.case_id
