"""Counting audit entries of given actions in a period, in the database (the log may hold billions of entries)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Table, func, select

from perimeter.reports.queries import QueryContext
from perimeter.store.tables.audit import audit_log


def details_field(table: Table, name: str) -> Any:
    """A JSON field of the ``details`` column, usable on SQLite and PostgreSQL (``.as_string()``, ``.as_boolean()``)."""
    return table.c.details[name]


def in_period(context: QueryContext, table: Table, actions: tuple[str, ...] | None) -> list[ColumnElement[bool]]:
    """Entries of ``actions`` (any action when ``None``) recorded within the period."""
    conditions = [table.c.at >= context.period.since, table.c.at < context.period.until]
    if actions is not None:
        conditions.append(table.c.action.in_(actions))
    return conditions


def count_entries(context: QueryContext, actions: tuple[str, ...] | None, *conditions: ColumnElement[bool]) -> int:
    query = select(func.count()).select_from(audit_log).where(*in_period(context, audit_log, actions), *conditions)
    return int(context.connection.execute(query).scalar_one())
