"""Figures on travel documents: records reported lost or stolen, checks and their hits, fraud incidents."""

from __future__ import annotations

from sqlalchemy import func, select

from perimeter.records.documents import DocumentStatus
from perimeter.records.incidents import IncidentKind
from perimeter.reports import actions
from perimeter.reports.queries import QueryContext, Row, query
from perimeter.reports.queries._audit import count_entries, details_field, in_period
from perimeter.store import incidents as incident_store
from perimeter.store.tables.audit import audit_log
from perimeter.store.tables.documents import document_status


@query("documents.reported")
def reported(context: QueryContext) -> list[Row]:
    """Document records this node reported in the period (by the report date they carry), per status."""
    t = document_status.c
    rows = context.connection.execute(
        select(t.status, func.count())
        .where(
            t.owner_node == context.node_id,
            t.reported_on >= context.period.first,
            t.reported_on <= context.period.last,
        )
        .group_by(t.status)
    ).all()
    counts = {status: int(count) for status, count in rows}
    return [
        (status.value, f"documents reported {status.value}", counts.get(status.value, 0)) for status in DocumentStatus
    ]


@query("documents.checks")
def checks(context: QueryContext) -> list[Row]:
    """Document checks answered in the period (audit action document.check), and those that found a record."""
    total = count_entries(context, (actions.DOCUMENT_CHECK,))
    found = count_entries(context, (actions.DOCUMENT_CHECK,), details_field(audit_log, "found").as_boolean().is_(True))
    return [("checks", "document checks", total), ("hits", "checks that found a lost, stolen or revoked record", found)]


@query("documents.port-of-entry-checks")
def port_of_entry_checks(context: QueryContext) -> list[Row]:
    """Port-of-entry checks in the period (audit action port-of-entry.check), per decision."""
    decision = details_field(audit_log, "decision").as_string()
    rows = context.connection.execute(
        select(decision, func.count())
        .where(*in_period(context, audit_log, (actions.PORT_OF_ENTRY_CHECK,)))
        .group_by(decision)
        .order_by(decision)
    ).all()
    return [(str(value), f"port-of-entry checks decided {value}", int(count)) for value, count in rows]


@query("incidents.by-kind")
def incidents_by_kind(context: QueryContext) -> list[Row]:
    """Document-fraud incidents that occurred in the period, per kind."""
    rows = incident_store.counts(context.connection, context.period.since, context.period.until, "kind")
    counts = {str(kind): int(count) for kind, count in rows}
    return [(kind.value, f"{kind.value} incidents", counts.get(kind.value, 0)) for kind in IncidentKind]


@query("incidents.by-month")
def incidents_by_month(context: QueryContext) -> list[Row]:
    """Document-fraud incidents that occurred in the period, per UTC month (every month of the period shown)."""
    rows = incident_store.counts(context.connection, context.period.since, context.period.until, "month")
    counts = {str(month): int(count) for month, count in rows}
    return [(month, f"incidents in {month}", counts.get(month, 0)) for month in context.period.months()]
