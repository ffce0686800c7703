"""Receiving a passenger message (PAXLST or PNRGOV): parse, recognise a repeat, store, screen, audit.

The flight is screened on a read first (with the PNRs as the push will leave them); then one short write
transaction stores everything: the receipt, the PNRs (:mod:`perimeter.services.pnr_storage`), the screened manifest
with every traveller's assessment and rule hits, and one audit entry (``manifest.receive``).
A message already received is answered "already received" with what was stored for it, and nothing is written but
the audit entry ``manifest.duplicate``. Already received means: the same bytes, or bytes that read to the same
manifest or PNRs (the same message sent again in another envelope, with other line breaks or separators). A message
that reuses the interchange and message references of an earlier one from the same sender but says something else
is stored as a new message, with a warning naming the earlier one: senders do reuse references (every GTAS sample
is message ``1``), and refusing would lose the data. A message that does not parse is refused whole, with the
parser's error, and the refusal is audited (``manifest.reject``, with the segment's number but not its text,
which may hold a name).
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from perimeter.core.access import Actor, Permission
from perimeter.core.errors import InvalidInput, ParseError
from perimeter.formats.edifact import read_interchange
from perimeter.formats.paxlst import read_manifest
from perimeter.formats.pnrgov import read_pnr_message
from perimeter.passengers import quality, subjects
from perimeter.records.passenger import Manifest
from perimeter.records.pnr import PnrMessage
from perimeter.services import flight_screening, pnr_storage
from perimeter.services.node import Node
from perimeter.store import manifests as store
from perimeter.store.tables.base import utc_now

MAX_MESSAGE_BYTES = 20 * 1024 * 1024
_SEGMENT = re.compile(r"segment \d+")


@dataclass(frozen=True)
class Receipt:
    """What became of a message: its ids, whether it was a repeat, what changed and the flight's assessment."""

    message_id: str
    kind: str
    already_received: bool
    manifest_id: str | None
    pnrs: dict[str, int] = field(default_factory=dict)
    assessment: flight_screening.FlightAssessment | None = None
    quality: quality.Quality | None = None
    warnings: tuple[str, ...] = ()


def parse_message(data: bytes, source: str) -> tuple[Manifest | PnrMessage, str]:
    """The manifest or PNR push in ``data`` and the interchange control reference: PAXLST and PNRGOV are told
    apart by the message type (``UNH``)."""
    if len(data) > MAX_MESSAGE_BYTES:
        raise InvalidInput(f"{source}: {len(data)} bytes; at most {MAX_MESSAGE_BYTES} are accepted")
    interchange = read_interchange(data, source)
    types = sorted({message.type for message in interchange.logical_messages})
    if types == ["PAXLST"]:
        return read_manifest(interchange, interchange.only("PAXLST")), interchange.control_reference
    if types == ["PNRGOV"]:
        return read_pnr_message(interchange, interchange.only("PNRGOV")), interchange.control_reference
    raise ParseError(
        source,
        interchange.header.location,
        f"expected one PAXLST or PNRGOV message, found message types: {', '.join(types) or 'none'}",
    )


def receive(node: Node, actor: Actor, data: bytes, source: str, *, received_at: datetime | None = None) -> Receipt:
    """Parse, store and screen one message (see the module's description)."""
    actor.require(Permission.MANIFESTS_WRITE)
    digest = hashlib.sha256(data).hexdigest()
    try:
        message, interchange_reference = parse_message(data, source)
    except InvalidInput as error:
        with node.db.write() as connection:
            located = _SEGMENT.match(error.location or "") if isinstance(error, ParseError) else None
            where = located.group() if located else None
            node.audit(connection, actor, "manifest.reject", source, sha256=digest, location=where, error=error.code)
        raise
    kind = "paxlst" if isinstance(message, Manifest) else "pnrgov"
    record_digest = hashlib.sha256(message.model_dump_json(exclude={"warnings"}).encode()).hexdigest()
    now = received_at or utc_now()
    flight = subjects.from_pnr_message(message) if isinstance(message, PnrMessage) else subjects.from_manifest(message)
    # Screen on a read, so that the write that follows is short: other writers (a port-of-entry check's audit
    # entry) wait for the write, never for the screening.
    plans: list[pnr_storage.PnrPlan] = []
    assessment = None
    with node.db.read() as connection:
        if store.find_message(connection, digest, record_digest) is None:
            if isinstance(message, PnrMessage):
                plans = pnr_storage.plan(connection, message)
            if flight.main_leg is not None:
                linked = {p.incoming.record_locator: (p.pnr_id, p.merged) for p in plans} if plans else None
                assessment = flight_screening.assess_flight(node, connection, flight, linked)
    with node.db.write() as connection:
        existing = store.find_message(connection, digest, record_digest)
        if existing is not None:
            manifest_id = store.manifest_for_message(connection, existing.message_id)
            node.audit(connection, actor, "manifest.duplicate", manifest_id or existing.message_id, sha256=digest)
            return Receipt(existing.message_id, existing.kind, True, manifest_id)
        message = _note_reused_reference(connection, kind, message, interchange_reference)
        message_id = str(uuid.uuid4())
        store.insert_message(
            connection,
            {
                "message_id": message_id,
                "kind": kind,
                "sender": message.sender[:100],
                "receiver": message.receiver[:100],
                "interchange_reference": interchange_reference[:100],
                "message_reference": message.message_reference[:100],
                "content_sha256": digest,
                "record_sha256": record_digest,
                "version": message.version[:10],
                "source": source,
                "received_at": now,
                "received_by": actor.audit_name,
            },
        )
        pnr_counts: dict[str, int] = {}
        pnr_ids: dict[str, str] | None = None
        if isinstance(message, PnrMessage):
            pnr_ids, pnr_counts = pnr_storage.write(connection, plans, message, message_id, now)
        receipt = Receipt(message_id, kind, False, None, pnr_counts, warnings=message.warnings)
        if assessment is not None:
            receipt = _store_manifest(node, connection, receipt, message, assessment, pnr_ids, now)
        leg = flight.main_leg
        node.audit(
            connection,
            actor,
            "manifest.receive",
            receipt.manifest_id or message_id,
            kind=kind,
            message_id=message_id,
            sha256=digest,
            flight=leg.designator if leg else None,
            travellers=len(flight.travellers),
            warnings=len(message.warnings),
            **({"pnrs": pnr_counts} if pnr_counts else {}),
            **(receipt.assessment.counts() if receipt.assessment else {}),
        )
    return receipt


def _note_reused_reference(
    connection: Connection, kind: str, message: Manifest | PnrMessage, interchange_reference: str
) -> Manifest | PnrMessage:
    reused = store.same_reference(
        connection, kind, message.sender[:100], interchange_reference[:100], message.message_reference[:100]
    )
    if reused is None:
        return message
    note = (
        f"interchange {interchange_reference!r}, message {message.message_reference!r} from {message.sender}"
        f" was already received on {reused.received_at:%Y-%m-%d %H:%M} UTC (message {reused.message_id})"
        " with other content; stored as a new message"
    )
    return message.model_copy(update={"warnings": (*message.warnings, note)})


def _store_manifest(
    node: Node,
    connection: Connection,
    receipt: Receipt,
    message: Manifest | PnrMessage,
    assessment: flight_screening.FlightAssessment,
    pnr_ids: dict[str, str] | None,
    now: datetime,
) -> Receipt:
    flight = assessment.flight
    leg = flight.main_leg
    assert leg is not None
    declared = (
        (message.declared_passenger_count, message.declared_crew_count)
        if isinstance(message, Manifest)
        else (None, None)
    )
    found = quality.assess(
        flight.travellers, leg.scheduled_departure, now, node.settings.manifest_late_minutes, declared, message.warnings
    )
    counts = assessment.counts()
    manifest_id = str(uuid.uuid4())
    travellers = [
        {
            "position": position,
            "role": traveller.role.value,
            "surname": (traveller.surname or "")[:200] or None,
            "given_names": (traveller.given_names or "")[:200] or None,
            "birth_date": traveller.birth_date,
            "nationality": traveller.nationality,
            "booking_reference": (flight.pnr_locators[position - 1] or "")[:20] or None,
            "pnr_id": _pnr_id(flight.pnr_locators[position - 1], pnr_ids, assessment.pnr_ids[position - 1]),
            "data": traveller.model_dump(mode="json"),
            "disposition": result.disposition.value,
            "disposition_reason": result.reason,
            "assessment": result.to_json(),
        }
        for position, (traveller, result) in enumerate(
            zip(flight.travellers, assessment.assessments, strict=True), start=1
        )
    ]
    ids = store.insert_manifest(
        connection,
        {
            "manifest_id": manifest_id,
            "message_id": receipt.message_id,
            "kind": receipt.kind,
            "carrier": leg.carrier,
            "flight_number": leg.flight_number,
            "departure_airport": leg.departure_airport,
            "arrival_airport": leg.arrival_airport,
            "scheduled_departure": leg.scheduled_departure,
            "flight_date": leg.scheduled_departure.date() if leg.scheduled_departure else now.date(),
            "document_type": message.document_type if isinstance(message, Manifest) else None,
            "flights": [flight_leg.model_dump(mode="json") for flight_leg in flight.flights],
            "passenger_count": sum(1 for t in flight.travellers if t.role.value == "passenger"),
            "crew_count": sum(1 for t in flight.travellers if t.role.value == "crew"),
            "declared_passenger_count": declared[0],
            "declared_crew_count": declared[1],
            "received_at": now,
            "minutes_before_departure": found.minutes_before_departure,
            "late": found.late,
            "incomplete_travellers": found.incomplete_travellers,
            "count_mismatch": found.count_mismatch,
            "warnings": list(message.warnings),
            "quality": list(found.findings),
            "screened_at": utc_now(),
            "refer_count": counts["refer"],
            "review_count": counts["review"],
        },
        travellers,
    )
    store.insert_rule_hits(
        connection,
        [
            {
                "traveller_id": traveller_id,
                "rule_id": match.rule_id,
                "rule_version": match.version,
                "fields": match.fields,
            }
            for traveller_id, result in zip(ids, assessment.assessments, strict=True)
            for match in result.rule_matches
        ],
    )
    return Receipt(
        receipt.message_id,
        receipt.kind,
        False,
        manifest_id,
        receipt.pnrs,
        assessment,
        found,
        receipt.warnings,
    )


def _pnr_id(locator: str | None, written: dict[str, str] | None, screened: str | None) -> str | None:
    """The PNR the traveller came on: the one this push wrote, else the one found when screening."""
    if written is not None and locator is not None and locator in written:
        return written[locator]
    return screened


def receipt_summary(receipt: Receipt) -> dict[str, Any]:
    """The answer to the sender of a message: what was stored, and the risk assessment of every traveller."""
    summary: dict[str, Any] = {
        "message_id": receipt.message_id,
        "kind": receipt.kind,
        "already_received": receipt.already_received,
        "manifest_id": receipt.manifest_id,
    }
    if receipt.already_received:
        summary["message"] = "already received: this message was stored before; nothing was changed"
        return summary
    if receipt.pnrs:
        summary["pnrs"] = receipt.pnrs
    summary["warnings"] = list(receipt.warnings)
    if receipt.quality is not None:
        summary["quality"] = {
            "minutes_before_departure": receipt.quality.minutes_before_departure,
            "late": receipt.quality.late,
            "incomplete_travellers": receipt.quality.incomplete_travellers,
            "count_mismatch": receipt.quality.count_mismatch,
            "findings": list(receipt.quality.findings),
        }
    assessment = receipt.assessment
    if assessment is None:
        return summary
    leg = assessment.flight.main_leg
    summary["flight"] = leg.model_dump(mode="json") if leg else None
    summary["dispositions"] = assessment.counts()
    summary["screened_against_watchlists"] = assessment.watchlists_screened
    if assessment.note:
        summary["note"] = assessment.note
    summary["rules_applied"] = [f"{rule_id}/{version}" for rule_id, version in assessment.rules]
    summary["timings_ms"] = assessment.timings_ms
    summary["travellers"] = [
        {
            "position": position,
            "role": traveller.role.value,
            "surname": traveller.surname,
            "given_names": traveller.given_names,
            "birth_date": traveller.birth_date.isoformat() if traveller.birth_date else None,
            "nationality": traveller.nationality,
            "booking_reference": assessment.flight.pnr_locators[position - 1],
            **result.to_json(),
        }
        for position, (traveller, result) in enumerate(
            zip(assessment.flight.travellers, assessment.assessments, strict=True), start=1
        )
    ]
    return summary
