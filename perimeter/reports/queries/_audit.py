"""Counting audit entries of given actions in a period, in the database (the log may hold billions of entries)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, Table, func, select

from perimeter.audit.chain import GENESIS_HASH, AuditEntry
from perimeter.reports.queries import QueryContext
from perimeter.store import audit_log as log
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


def seq_range(connection: Connection, since: datetime, until: datetime) -> tuple[int | None, int | None]:
    """The first and last entries dated in ``[since, until)``. Everything between them is the period's run of the
    chain (an entry whose clock stepped back inside the period stays in it)."""
    c = audit_log.c
    query = select(func.min(c.seq), func.max(c.seq)).where(c.at >= since, c.at < until)
    first, last = connection.execute(query).one()
    return first, last


def run_of(connection: Connection, first: int, last: int) -> Iterator[AuditEntry]:
    """The entries ``first`` to ``last``, in order."""
    for entry in log.entries(connection, after_seq=first - 1):
        if entry.seq > last:
            return
        yield entry


def hash_before(connection: Connection, seq: int) -> str:
    """The hash the entry ``seq`` must link to: the previous entry's, or the chain's start."""
    found = connection.execute(select(audit_log.c.entry_hash).where(audit_log.c.seq == seq - 1)).scalar()
    return str(found) if found is not None else GENESIS_HASH


def count_entries(context: QueryContext, actions: tuple[str, ...] | None, *conditions: ColumnElement[bool]) -> int:
    query = select(func.count()).select_from(audit_log).where(*in_period(context, audit_log, actions), *conditions)
    return int(context.connection.execute(query).scalar_one())
