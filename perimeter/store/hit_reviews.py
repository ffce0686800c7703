"""Analysts' reviews of flagged travellers, and the queue of those still waiting for one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Row, case, exists, func, select

from perimeter.store.tables.passengers import manifest_travellers, manifests
from perimeter.store.tables.reviews import hit_reviews

_T = manifest_travellers.c
_M = manifests.c
_H = hit_reviews.c
FLAGGED = ("refer", "review")


@dataclass(frozen=True)
class Review:
    review_id: int
    traveller_id: int
    owner_node: str | None
    record_id: str | None
    outcome: str
    note: str | None
    decision_id: int | None
    case_id: str | None
    decided_by: str
    decided_at: datetime


def add(connection: Connection, values: dict[str, Any]) -> int:
    key = connection.execute(hit_reviews.insert().values(**values)).inserted_primary_key
    assert key is not None
    return int(key[0])


def of_traveller(connection: Connection, traveller_id: int) -> list[Review]:
    query = select(hit_reviews).where(_H.traveller_id == traveller_id).order_by(_H.decided_at, _H.review_id)
    return [Review(**row._mapping) for row in connection.execute(query)]


def traveller(connection: Connection, traveller_id: int) -> Row[Any] | None:
    """One traveller with the flight it is on."""
    query = (
        select(manifest_travellers, *[column.label(f"flight_{column.name}") for column in _flight_columns()])
        .join(manifests, _M.manifest_id == _T.manifest_id)
        .where(_T.traveller_id == traveller_id)
    )
    return connection.execute(query).first()


def _flight_columns() -> Sequence[Any]:
    return (
        _M.carrier,
        _M.flight_number,
        _M.departure_airport,
        _M.arrival_airport,
        _M.scheduled_departure,
        _M.flight_date,
    )


def _unreviewed() -> Any:
    return ~exists().where(_H.traveller_id == _T.traveller_id)


def open_hits(connection: Connection, since: datetime, limit: int = 20) -> list[Row[Any]]:
    """Flagged travellers of flights received since ``since`` nobody has reviewed yet: refer first, then by flight."""
    priority = case((_T.disposition == "refer", 0), else_=1)
    query = (
        select(
            _T.traveller_id,
            _T.manifest_id,
            _T.position,
            _T.disposition,
            _T.disposition_reason,
            _T.role,
            _M.carrier,
            _M.flight_number,
            _M.arrival_airport,
            _M.scheduled_departure,
            _M.flight_date,
        )
        .join(manifests, _M.manifest_id == _T.manifest_id)
        .where(_T.disposition.in_(FLAGGED), _M.received_at >= since, _unreviewed())
        .order_by(priority, _M.scheduled_departure, _T.traveller_id)
        .limit(limit)
    )
    return list(connection.execute(query))


def open_counts(connection: Connection, since: datetime) -> dict[str, int]:
    """How many flagged travellers of flights received since ``since`` wait for a review, by disposition."""
    query = (
        select(_T.disposition, func.count())
        .join(manifests, _M.manifest_id == _T.manifest_id)
        .where(_T.disposition.in_(FLAGGED), _M.received_at >= since, _unreviewed())
        .group_by(_T.disposition)
    )
    return {str(row[0]): int(row[1]) for row in connection.execute(query)}


def reviewed_in(connection: Connection, manifest_id: str) -> dict[int, str]:
    """The latest outcome of each reviewed traveller of a flight."""
    query = (
        select(_H.traveller_id, _H.outcome)
        .join(manifest_travellers, _T.traveller_id == _H.traveller_id)
        .where(_T.manifest_id == manifest_id)
        .order_by(_H.decided_at, _H.review_id)
    )
    return {int(row.traveller_id): str(row.outcome) for row in connection.execute(query)}


def inbound(connection: Connection, day: date, since: datetime, limit: int = 500) -> list[Row[Any]]:
    """Flights departing on ``day`` or received since ``since``, earliest departure first: what Today lists of them
    (no personal data, none of the JSON columns), with how many flagged travellers of each wait for a review."""
    waiting = (
        select(_T.manifest_id, func.count().label("waiting"))
        .where(_T.disposition.in_(FLAGGED), _unreviewed())
        .group_by(_T.manifest_id)
        .subquery()
    )
    query = (
        select(
            _M.manifest_id,
            _M.kind,
            _M.carrier,
            _M.flight_number,
            _M.departure_airport,
            _M.arrival_airport,
            _M.scheduled_departure,
            _M.passenger_count,
            _M.crew_count,
            _M.refer_count,
            _M.review_count,
            func.coalesce(waiting.c.waiting, 0).label("waiting"),
        )
        .outerjoin(waiting, waiting.c.manifest_id == _M.manifest_id)
        .where((_M.flight_date == day) | (_M.received_at >= since))
        .order_by(_M.scheduled_departure, _M.carrier, _M.flight_number)
        .limit(limit)
    )
    return list(connection.execute(query))
