"""Targeting rules, every version kept: ``(rule_id, version)`` is the key; a rule has at most one active version."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, func, select, update

from perimeter.store.tables.passengers import targeting_rules

_R = targeting_rules.c


def versions(connection: Connection, rule_id: str) -> list[Row[Any]]:
    return list(connection.execute(select(targeting_rules).where(_R.rule_id == rule_id).order_by(_R.version)))


def get(connection: Connection, rule_id: str, version: int) -> Row[Any] | None:
    return connection.execute(select(targeting_rules).where(_R.rule_id == rule_id, _R.version == version)).first()


def latest_version(connection: Connection, rule_id: str) -> int:
    found = connection.execute(select(func.max(_R.version)).where(_R.rule_id == rule_id)).scalar()
    return int(found or 0)


def insert(connection: Connection, row: dict[str, Any]) -> None:
    connection.execute(targeting_rules.insert().values(**row))


def set_state(connection: Connection, rule_id: str, version: int, state: str, **stamps: datetime) -> None:
    query = update(targeting_rules).where(_R.rule_id == rule_id, _R.version == version)
    connection.execute(query.values(state=state, **stamps))


def active(connection: Connection) -> list[Row[Any]]:
    return list(connection.execute(select(targeting_rules).where(_R.state == "active").order_by(_R.rule_id)))


def listing(connection: Connection, state: str | None = None) -> list[Row[Any]]:
    query = select(targeting_rules).order_by(_R.rule_id, _R.version)
    if state:
        query = query.where(_R.state == state)
    return list(connection.execute(query))
