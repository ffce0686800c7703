"""Recording document-fraud incidents, their effect on the document's status, and the trend figures.

Recording an incident and the status change it asks for is one transaction with one audit entry. The status is
changed only on a document of this node's own country, only in the way the incident's kind allows, and a
revocation only by someone who may write the registry (revoking is the issuing authority's act, not an officer's).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection

from perimeter.core.access import Actor, Permission
from perimeter.core.errors import InvalidInput
from perimeter.records.common import describe_problems
from perimeter.records.documents import DocumentStatus, DocumentStatusRecord, parse_status
from perimeter.records.incidents import FraudIncident, check_status_effect
from perimeter.services.document_registry import require_issuer
from perimeter.services.node import Node
from perimeter.store import changes
from perimeter.store import documents as documents_store
from perimeter.store import incidents as store
from perimeter.store.document_loads import DOCUMENT_KIND
from perimeter.store.tables.base import utc_now

INCIDENT_KIND = "document-incident"
_SERVER_FIELDS = ("incident_id", "owner_node", "status_applied", "recorded_by", "recorded_at")


@dataclass(frozen=True)
class RecordedIncident:
    incident: FraudIncident
    status_change: str | None  # "add" or "change" when the registry was changed, else None


@dataclass
class IncidentTrends:
    """Incident figures over [date_from, date_to], for the joint report and the analysts."""

    date_from: date
    date_to: date
    total: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    by_issuing_country: dict[str, int] = field(default_factory=dict)
    by_month: dict[str, int] = field(default_factory=dict)
    by_month_and_kind: dict[str, dict[str, int]] = field(default_factory=dict)
    by_outcome: dict[str, int] = field(default_factory=dict)


def record_incident(
    node: Node, actor: Actor, data: dict[str, Any], apply_status: str | None = None
) -> RecordedIncident:
    """Record what an officer found; with ``apply_status``, also give the document that status in the registry."""
    actor.require(Permission.INCIDENTS_WRITE)
    now = utc_now()
    incident = _validated(node, actor, data, now)
    status = parse_status(apply_status) if apply_status else None
    if status is not None:
        check_status_effect(incident.kind, status)
        require_issuer(node, incident.document.issuing_country, "set")
        if status is DocumentStatus.REVOKED:
            actor.require(Permission.DOCUMENTS_WRITE)
        incident = incident.model_copy(update={"status_applied": status})
    with node.db.write() as connection:
        store.insert(connection, incident)
        changes.record(connection, INCIDENT_KIND, node.node_id, "add", [incident.incident_id], now)
        effect = _apply_status(connection, node, incident, status, now) if status is not None else None
        node.audit(
            connection,
            actor,
            "document.incident.add",
            incident.incident_id,
            kind=incident.kind.value,
            document=incident.document.record_id,
            status_applied=status.value if status else None,
            registry=effect,
        )
    return RecordedIncident(incident, effect)


def incidents(node: Node, actor: Actor, date_from: date, date_to: date, kind: str | None = None) -> list[FraudIncident]:
    """Incidents that occurred from..to (inclusive days), oldest first; anyone who checks documents may read them."""
    actor.require(Permission.DOCUMENTS_CHECK)
    start, end = _period(date_from, date_to)
    with node.db.write() as connection:
        found = store.between(connection, start, end, kind=kind)
        node.audit(connection, actor, "document.incident.list", None, date_from=str(date_from), date_to=str(date_to))
    return found


def trends(node: Node, actor: Actor, date_from: date, date_to: date) -> IncidentTrends:
    """Incidents by kind, by issuing country, by month (UTC) and by outcome, over whole days from..to inclusive."""
    actor.require(Permission.REPORTS_READ)
    start, end = _period(date_from, date_to)
    figures = IncidentTrends(date_from, date_to)
    with node.db.write() as connection:
        figures.by_kind = _dict(store.counts(connection, start, end, "kind"))
        figures.by_issuing_country = _dict(store.counts(connection, start, end, "issuing_country"))
        figures.by_month = _dict(store.counts(connection, start, end, "month"))
        figures.by_outcome = _dict(store.counts(connection, start, end, "outcome"))
        for month, kind, count in store.counts(connection, start, end, "month", "kind"):
            figures.by_month_and_kind.setdefault(month, {})[kind] = count
        figures.total = sum(figures.by_kind.values())
        node.audit(connection, actor, "document.incident.trends", None, date_from=str(date_from), date_to=str(date_to))
    return figures


def _validated(node: Node, actor: Actor, data: dict[str, Any], now: datetime) -> FraudIncident:
    present = sorted(key for key in _SERVER_FIELDS if key in data)
    if present:
        raise InvalidInput(f"{', '.join(present)} is set by the node, not by the caller")
    values = {
        "officer": actor.name,
        "occurred_at": now,
        **data,
        "incident_id": f"inc-{now:%Y%m%d}-{secrets.token_hex(4)}",
        "owner_node": node.node_id,
        "recorded_by": actor.audit_name,
        "recorded_at": now,
    }
    try:
        return FraudIncident.model_validate(values)
    except ValidationError as error:
        raise InvalidInput(f"invalid incident: {describe_problems(error, 'incident')}") from None


def _apply_status(
    connection: Connection, node: Node, incident: FraudIncident, status: DocumentStatus, now: datetime
) -> str | None:
    document = incident.document
    row = documents_store.get(
        connection, node.node_id, document.issuing_country, document.document_type.value, document.number_key
    )
    note = f"{incident.kind.value} incident {incident.incident_id} at {incident.location}"
    if row is None:
        record = DocumentStatusRecord(
            issuing_country=document.issuing_country,
            document_type=document.document_type,
            number=document.number,
            status=status,
            reported_on=incident.occurred_at.date(),
            reporting_authority=f"{node.identity.name} ({incident.location})",
            owner_node=node.node_id,
            remarks=note,
        )
        documents_store.insert(connection, [record], now)
        op = "add"
    else:
        current = documents_store.from_row(row)
        if current.status is status:
            return None
        remarks = f"{current.remarks}; {note}" if current.remarks else note
        record = current.model_copy(update={"status": status, "remarks": remarks[-2000:]})
        documents_store.replace(connection, record, now)
        op = "change"
    changes.record(connection, DOCUMENT_KIND, node.node_id, op, [document.record_id], now)
    return op


def _period(date_from: date, date_to: date) -> tuple[datetime, datetime]:
    if date_to < date_from:
        raise InvalidInput(f"the period ends ({date_to}) before it starts ({date_from})")
    start = datetime.combine(date_from, time.min, UTC)
    return start, datetime.combine(date_to + timedelta(days=1), time.min, UTC)


def _dict(rows: list[tuple[Any, ...]]) -> dict[str, int]:
    return {str(key): int(count) for key, count in rows}
