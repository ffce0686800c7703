"""Reading stored manifests and PNRs: lists for pages, one flight with its travellers' dispositions, one PNR, and
the carriers' data-quality report. Views past the masking period are masked (:mod:`perimeter.services.pnr_protection`);
reading a flight's travellers or a PNR is audited (``manifest.view``, ``pnr.view``).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row

from perimeter.core.access import Actor, Permission
from perimeter.core.errors import InvalidInput, NotFound
from perimeter.passengers.masking import MASK, mask_pnr, mask_traveller
from perimeter.services import pnr_protection
from perimeter.services.node import Node
from perimeter.store import manifests as store
from perimeter.store import pnrs as pnr_store

MAX_PAGE = 500
_QUOTED = re.compile(r"'[^']*'")


def manifest_summary(row: Row[Any], warnings: str = "count") -> dict[str, Any]:
    """A manifest as a list shows it: no personal data. The reader's warnings quote segments, which may hold names:
    ``warnings="count"`` gives their number, ``"masked"`` their text with the quoted segments masked, ``"full"``
    their text."""
    m = row._mapping
    notes = list(m["warnings"])
    shown: int | list[str] = len(notes)
    if warnings == "full":
        shown = notes
    elif warnings == "masked":
        shown = [_QUOTED.sub(f"'{MASK}'", note) for note in notes]
    return {
        "manifest_id": m["manifest_id"],
        "kind": m["kind"],
        "flight": f"{m['carrier']}{m['flight_number']}",
        "carrier": m["carrier"],
        "flight_number": m["flight_number"],
        "departure_airport": m["departure_airport"],
        "arrival_airport": m["arrival_airport"],
        "scheduled_departure": m["scheduled_departure"].isoformat() if m["scheduled_departure"] else None,
        "flight_date": m["flight_date"].isoformat() if m["flight_date"] else None,
        "document_type": m["document_type"],
        "passengers": m["passenger_count"],
        "crew": m["crew_count"],
        "refer": m["refer_count"],
        "review": m["review_count"],
        "received_at": m["received_at"].isoformat(),
        "quality": {
            "minutes_before_departure": m["minutes_before_departure"],
            "late": m["late"],
            "incomplete_travellers": m["incomplete_travellers"],
            "count_mismatch": m["count_mismatch"],
            "declared_passengers": m["declared_passenger_count"],
            "declared_crew": m["declared_crew_count"],
            "findings": list(m["quality"]),
            "warnings": shown,
        },
    }


def list_manifests(
    node: Node,
    actor: Actor,
    *,
    carrier: str | None = None,
    flight_date: date | None = None,
    since: datetime | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[dict[str, Any]]:
    actor.require(Permission.MANIFESTS_READ)
    _page(limit, offset)
    with node.db.read() as connection:
        rows = store.list_manifests(
            connection,
            carrier=carrier.upper() if carrier else None,
            flight_date=flight_date,
            since=since,
            limit=limit,
            offset=offset,
        )
    return [manifest_summary(row) for row in rows]


def get_manifest(
    node: Node,
    actor: Actor,
    manifest_id: str,
    *,
    disposition: str | None = None,
    unmask_reason: str | None = None,
) -> dict[str, Any]:
    """A flight with its travellers in message order, each with disposition, reason and assessment."""
    actor.require(Permission.MANIFESTS_READ)
    reason = pnr_protection.require_unmask(actor, unmask_reason) if unmask_reason is not None else None
    with node.db.write(wait_for_disk=False) as connection:
        row = store.get_manifest(connection, manifest_id)
        if row is None:
            raise NotFound(f"no manifest {manifest_id}")
        masked = pnr_protection.is_masked(node.settings, row.flight_date) and reason is None
        travellers = [
            _traveller(traveller, masked)
            for traveller in store.travellers_of(connection, manifest_id)
            if disposition is None or traveller.disposition == disposition
        ]
        if reason is not None:
            node.audit(connection, actor, "manifest.unmask", manifest_id, reason=reason)
        else:
            node.audit(connection, actor, "manifest.view", manifest_id, travellers=len(travellers), masked=masked)
    summary = manifest_summary(row, "masked" if masked else "full")
    return {**summary, "masked": masked, "travellers": travellers}


def _traveller(row: Row[Any], masked: bool) -> dict[str, Any]:
    data = mask_traveller(row.data) if masked else row.data
    assessment = dict(row.assessment)
    if masked:
        assessment["hits"] = [{**hit, "matched_name": MASK} for hit in assessment.get("hits", [])]
        assessment["documents"] = [{**doc, "number": MASK} for doc in assessment.get("documents", [])]
        assessment["rule_matches"] = [
            {**match, "fields": {k: MASK for k in match["fields"]}} for match in assessment.get("rule_matches", [])
        ]
        assessment["partner_hits"] = [
            {**hit, "record": {k: v if k in ("category", "score") else MASK for k, v in hit["record"].items()}}
            for hit in assessment.get("partner_hits", [])
        ]
    return {
        "traveller_id": row.traveller_id,
        "position": row.position,
        "role": row.role,
        "surname": data.get("surname"),
        "given_names": data.get("given_names"),
        "birth_date": data.get("birth_date"),
        "gender": data.get("gender"),
        "nationality": data.get("nationality"),
        "documents": data.get("documents", []),
        "booking_reference": MASK if masked and row.booking_reference else row.booking_reference,
        "pnr_id": row.pnr_id,
        "disposition": row.disposition,
        "reason": row.disposition_reason if not masked else _masked_reason(assessment),
        "assessment": assessment,
    }


def _masked_reason(assessment: dict[str, Any]) -> str:
    return f"{assessment.get('disposition')}: details masked (past the masking period)"


def get_pnr(node: Node, actor: Actor, pnr_id: str, *, unmask_reason: str | None = None) -> dict[str, Any]:
    actor.require(Permission.MANIFESTS_READ)
    reason = pnr_protection.require_unmask(actor, unmask_reason) if unmask_reason is not None else None
    with node.db.write(wait_for_disk=False) as connection:
        row = pnr_store.get(connection, pnr_id)
        if row is None:
            raise NotFound(f"no PNR {pnr_id}")
        masked = pnr_protection.is_masked(node.settings, row.flight_date, row.masked_at) and reason is None
        if reason is not None:
            node.audit(connection, actor, "pnr.unmask", pnr_id, reason=reason)
        else:
            node.audit(connection, actor, "pnr.view", pnr_id, masked=masked)
    return {**_pnr_summary(row), "masked": masked, "record": mask_pnr(row.data) if masked else row.data}


def list_pnrs(
    node: Node, actor: Actor, *, carrier: str | None = None, limit: int = 100, offset: int = 0
) -> list[dict[str, Any]]:
    actor.require(Permission.MANIFESTS_READ)
    _page(limit, offset)
    with node.db.read() as connection:
        rows = pnr_store.listing(connection, carrier.upper() if carrier else None, limit, offset)
    return [
        {**_pnr_summary(row), "masked": pnr_protection.is_masked(node.settings, row.flight_date, row.masked_at)}
        for row in rows
    ]


def _pnr_summary(row: Row[Any]) -> dict[str, Any]:
    return {
        "pnr_id": row.pnr_id,
        "carrier": row.carrier,
        "record_locator": row.record_locator,
        "flight_date": row.flight_date.isoformat() if row.flight_date else None,
        "version": row.version,
        "travellers": len(row.data.get("travellers", [])),
        "cancelled": bool(row.data.get("cancelled")),
        "updated_at": row.updated_at.isoformat(),
        "masked_at": row.masked_at.isoformat() if row.masked_at else None,
    }


def carrier_quality(
    node: Node, actor: Actor, since: datetime | None = None, until: datetime | None = None
) -> list[dict[str, Any]]:
    """Manifests received per carrier with their data quality (late, count mismatches, incomplete travellers)."""
    actor.require(Permission.REPORTS_READ)
    with node.db.read() as connection:
        rows = store.carrier_quality(connection, since, until)
    return [
        {
            "carrier": row.carrier,
            "manifests": int(row.manifests),
            "late": int(row.late or 0),
            "count_mismatches": int(row.count_mismatches or 0),
            "incomplete_travellers": int(row.incomplete_travellers or 0),
            "travellers": int(row.travellers or 0),
            "referred": int(row.referred or 0),
            "reviewed": int(row.reviewed or 0),
            "earliest_minutes_before_departure": row.latest_minutes,
            "latest_minutes_before_departure": row.earliest_minutes,
        }
        for row in rows
    ]


def _page(limit: int, offset: int) -> None:
    if not 1 <= limit <= MAX_PAGE or offset < 0:
        raise InvalidInput(f"limit must be 1 to {MAX_PAGE} and offset at least 0")
