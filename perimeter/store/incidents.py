"""Document-fraud incidents in the database, and the aggregate figures trends are drawn from."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, Row, bindparam, func, select

from perimeter.records.documents import DocumentReference
from perimeter.records.incidents import FraudIncident
from perimeter.store.tables.documents import document_incidents

_T = document_incidents.c
_COUNT_FOR = select(func.count()).where(_T.number_key == bindparam("key"), _T.issuing_country == bindparam("country"))


def insert(connection: Connection, incident: FraudIncident) -> None:
    document = incident.document
    connection.execute(
        document_incidents.insert().values(
            incident_id=incident.incident_id,
            owner_node=incident.owner_node,
            kind=incident.kind.value,
            observed=incident.observed,
            indicators=[indicator.value for indicator in incident.indicators],
            location=incident.location,
            occurred_at=incident.occurred_at,
            officer=incident.officer,
            issuing_country=document.issuing_country,
            document_type=document.document_type.value,
            document_number=document.number,
            number_key=document.number_key,
            traveller_nationality=incident.traveller_nationality,
            outcome=incident.outcome.value,
            status_applied=incident.status_applied.value if incident.status_applied else None,
            remarks=incident.remarks,
            sensitivity=incident.sensitivity.value,
            retain_until=incident.retain_until,
            recorded_by=incident.recorded_by,
            recorded_at=incident.recorded_at,
        )
    )


def from_row(row: Row[Any]) -> FraudIncident:
    m = dict(row._mapping)
    document = DocumentReference(
        issuing_country=m.pop("issuing_country"),
        document_type=m.pop("document_type"),
        number=m.pop("document_number"),
    )
    m.pop("number_key")
    return FraudIncident.model_validate({**m, "document": document})


def count_for(connection: Connection, country: str, key: str) -> int:
    return int(connection.execute(_COUNT_FOR, {"key": key, "country": country}).scalar_one())


def between(
    connection: Connection, start: datetime, end: datetime, *, kind: str | None = None, limit: int = 1000
) -> list[FraudIncident]:
    query = (
        select(document_incidents)
        .where(_T.occurred_at >= start, _T.occurred_at < end)
        .order_by(_T.occurred_at, _T.incident_id)
        .limit(limit)
    )
    if kind:
        query = query.where(_T.kind == kind)
    return [from_row(row) for row in connection.execute(query)]


def _month(connection: Connection) -> ColumnElement[str]:
    if connection.dialect.name == "postgresql":
        return func.to_char(func.timezone("UTC", _T.occurred_at), "YYYY-MM")
    return func.strftime("%Y-%m", _T.occurred_at)


def counts(connection: Connection, start: datetime, end: datetime, *columns: str) -> list[tuple[Any, ...]]:
    """(group values..., count) of incidents in [start, end), grouped by columns (``month`` is the UTC month)."""
    groups = [_month(connection) if name == "month" else _T[name] for name in columns]
    query = (
        select(*groups, func.count())
        .where(_T.occurred_at >= start, _T.occurred_at < end)
        .group_by(*groups)
        .order_by(*groups)
    )
    return [tuple(row) for row in connection.execute(query)]
