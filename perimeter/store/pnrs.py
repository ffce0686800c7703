"""Passenger name records (one row per carrier and locator) and the case links that keep passenger data."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Row, delete, select, update

from perimeter.store.tables.passengers import passenger_case_links, pnrs

_P = pnrs.c
_L = passenger_case_links.c


def get_by_locator(connection: Connection, carrier: str, locator: str) -> Row[Any] | None:
    return connection.execute(select(pnrs).where(_P.carrier == carrier, _P.record_locator == locator)).first()


def get(connection: Connection, pnr_id: str) -> Row[Any] | None:
    return connection.execute(select(pnrs).where(_P.pnr_id == pnr_id)).first()


def by_locators(connection: Connection, carrier: str, locators: Sequence[str]) -> dict[str, Row[Any]]:
    if not locators:
        return {}
    query = select(pnrs).where(_P.carrier == carrier, _P.record_locator.in_(sorted(set(locators))))
    return {row.record_locator: row for row in connection.execute(query)}


def by_ids(connection: Connection, pnr_ids: Sequence[str]) -> dict[str, Row[Any]]:
    if not pnr_ids:
        return {}
    return {row.pnr_id: row for row in connection.execute(select(pnrs).where(_P.pnr_id.in_(sorted(set(pnr_ids)))))}


def insert(connection: Connection, row: dict[str, Any]) -> None:
    connection.execute(pnrs.insert().values(**row))


def replace(connection: Connection, pnr_id: str, values: dict[str, Any]) -> None:
    connection.execute(update(pnrs).where(_P.pnr_id == pnr_id).values(**values))


def listing(connection: Connection, carrier: str | None, limit: int, offset: int) -> list[Row[Any]]:
    query = select(pnrs).order_by(_P.updated_at.desc(), _P.pnr_id).limit(limit).offset(offset)
    if carrier:
        query = query.where(_P.carrier == carrier)
    return list(connection.execute(query))


def to_mask(connection: Connection, before: date) -> list[str]:
    query = select(_P.pnr_id).where(_P.flight_date < before, _P.masked_at.is_(None))
    return [row[0] for row in connection.execute(query)]


def mark_masked(connection: Connection, pnr_ids: Sequence[str], at: datetime) -> None:
    if pnr_ids:
        connection.execute(update(pnrs).where(_P.pnr_id.in_(pnr_ids)).values(masked_at=at))


def expired(connection: Connection, before: date) -> list[str]:
    return [row[0] for row in connection.execute(select(_P.pnr_id).where(_P.flight_date < before))]


def delete_pnrs(connection: Connection, pnr_ids: Sequence[str]) -> int:
    if not pnr_ids:
        return 0
    return int(connection.execute(delete(pnrs).where(_P.pnr_id.in_(pnr_ids))).rowcount)


def held_by_open_case(connection: Connection, kind: str, record_ids: Sequence[str]) -> set[str]:
    if not record_ids:
        return set()
    query = select(_L.record_id).where(_L.kind == kind, _L.case_open.is_(True), _L.record_id.in_(record_ids))
    return {row[0] for row in connection.execute(query)}


def link(connection: Connection, row: dict[str, Any]) -> None:
    connection.execute(passenger_case_links.insert().values(**row))


def set_case_open(connection: Connection, case_id: str, is_open: bool) -> int:
    result = connection.execute(update(passenger_case_links).where(_L.case_id == case_id).values(case_open=is_open))
    return int(result.rowcount)


def links_of(connection: Connection, kind: str, record_id: str) -> list[Row[Any]]:
    return list(connection.execute(select(passenger_case_links).where(_L.kind == kind, _L.record_id == record_id)))
