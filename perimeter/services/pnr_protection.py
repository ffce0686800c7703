"""Protecting passenger data over time: masking, unmasking with a reason, deletion, and the case links that hold it.

- **Masking.** ``pnr_mask_after_days`` after its flight, a PNR and the API data of a manifest are masked
  (:mod:`perimeter.passengers.masking`) in every view the services give. Masking is in the read path, so it
  holds from the first day past the period whether or not the retention job has run; the job records when it
  found each PNR past the period (``masked_at``).
- **Unmasking** needs the ``pnr:unmask`` permission and a reason, and is audited (``pnr.unmask`` or
  ``manifest.unmask``, with the reason). It is possible until deletion, as the EU PNR Directive (article 12(3))
  allows full disclosure of masked data on approval.
- **Deletion.** ``pnr_delete_after_days`` after its flight, a PNR, and a manifest with its travellers, assessments
  and rule hits, are deleted for good by :func:`apply_retention` (``perimeter pnr retention``), unless linked to
  an open case (:func:`link_to_case`; a cases module calls :func:`set_case_open` when a case closes).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from perimeter.core.access import Actor, Permission
from perimeter.core.errors import InvalidInput, NotFound
from perimeter.services.node import Node
from perimeter.settings import Settings
from perimeter.store import manifests as manifest_store
from perimeter.store import pnrs as store
from perimeter.store.tables.base import utc_now

MIN_REASON_LENGTH = 10
LINK_KINDS = ("pnr", "manifest")


@dataclass(frozen=True)
class RetentionReport:
    on: date
    masked: int
    pnrs_deleted: int
    manifests_deleted: int
    travellers_deleted: int
    kept_for_cases: int


def mask_before(settings: Settings, today: date | None = None) -> date:
    """Data of flights before this date is masked."""
    return (today or utc_now().date()) - timedelta(days=settings.pnr_mask_after_days)


def delete_before(settings: Settings, today: date | None = None) -> date:
    return (today or utc_now().date()) - timedelta(days=settings.pnr_delete_after_days)


def is_masked(
    settings: Settings, flight_date: date | None, masked_at: object = None, today: date | None = None
) -> bool:
    return masked_at is not None or (flight_date is not None and flight_date < mask_before(settings, today))


def require_unmask(actor: Actor, reason: str | None) -> str:
    """The reason, once the actor may unmask and has given one that says something."""
    actor.require(Permission.PNR_UNMASK)
    text = (reason or "").strip()
    if len(text) < MIN_REASON_LENGTH:
        raise InvalidInput(f"unmasking needs a reason of at least {MIN_REASON_LENGTH} characters (a case, a warrant)")
    return text


def apply_retention(node: Node, actor: Actor, today: date | None = None) -> RetentionReport:
    """Mark PNRs past the masking period and delete what is past the deletion period and on no open case."""
    actor.require(Permission.MANIFESTS_WRITE)
    settings = node.settings
    day = today or utc_now().date()
    with node.db.write() as connection:
        to_mask = store.to_mask(connection, mask_before(settings, day))
        store.mark_masked(connection, to_mask, utc_now())
        cutoff = delete_before(settings, day)
        pnr_ids = store.expired(connection, cutoff)
        held_pnrs = store.held_by_open_case(connection, "pnr", pnr_ids)
        deleted_pnrs = store.delete_pnrs(connection, [pnr for pnr in pnr_ids if pnr not in held_pnrs])
        manifest_ids = manifest_store.expired_manifests(connection, cutoff)
        held_manifests = store.held_by_open_case(connection, "manifest", manifest_ids)
        gone = [manifest for manifest in manifest_ids if manifest not in held_manifests]
        travellers = manifest_store.delete_manifests(connection, gone)
        report = RetentionReport(
            day, len(to_mask), deleted_pnrs, len(gone), travellers, len(held_pnrs) + len(held_manifests)
        )
        node.audit(
            connection,
            actor,
            "pnr.retention",
            None,
            on=day.isoformat(),
            masked=report.masked,
            pnrs_deleted=report.pnrs_deleted,
            manifests_deleted=report.manifests_deleted,
            travellers_deleted=report.travellers_deleted,
            kept_for_cases=report.kept_for_cases,
        )
    return report


def link_to_case(node: Node, actor: Actor, kind: str, record_id: str, case_id: str) -> None:
    """Keep a PNR or manifest while the case is open (the hook the cases module writes through)."""
    actor.require(Permission.CASES_WRITE)
    if kind not in LINK_KINDS:
        raise InvalidInput(f"kind {kind!r} is not pnr or manifest")
    with node.db.write() as connection:
        exists = (
            store.get(connection, record_id) if kind == "pnr" else manifest_store.get_manifest(connection, record_id)
        )
        if exists is None:
            raise NotFound(f"no {kind} {record_id}")
        if not any(link.case_id == case_id for link in store.links_of(connection, kind, record_id)):
            store.link(
                connection,
                {
                    "kind": kind,
                    "record_id": record_id,
                    "case_id": case_id,
                    "case_open": True,
                    "linked_at": utc_now(),
                    "linked_by": actor.audit_name,
                },
            )
        node.audit(connection, actor, f"{kind}.case-link", record_id, case_id=case_id)


def set_case_open(node: Node, actor: Actor, case_id: str, is_open: bool) -> int:
    """Record that a case was closed (or reopened); closed cases no longer hold data past its deletion date."""
    actor.require(Permission.CASES_WRITE)
    with node.db.write() as connection:
        changed = store.set_case_open(connection, case_id, is_open)
        node.audit(connection, actor, "passenger-data.case-state", case_id, open=is_open, links=changed)
    return changed
