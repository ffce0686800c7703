"""Appending to and reading the hash-chained audit log.

Appends happen inside the caller's write transaction, so an event is recorded if and only if the change it
describes is committed. On PostgreSQL an advisory lock serialises appenders; on SQLite the single writer does.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import Connection, select, text

from perimeter.audit.chain import GENESIS_HASH, AuditEntry, AuditEvent, chain
from perimeter.store.tables.audit import audit_log
from perimeter.store.tables.base import utc_now

_ADVISORY_LOCK_KEY = 0x7065726D  # "perm": any constant shared by all appenders of one database


def append(connection: Connection, event: AuditEvent, at: datetime | None = None) -> AuditEntry:
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_LOCK_KEY})
    last = connection.execute(
        select(audit_log.c.seq, audit_log.c.entry_hash).order_by(audit_log.c.seq.desc()).limit(1)
    ).first()
    seq, prev_hash = (last.seq + 1, last.entry_hash) if last else (1, GENESIS_HASH)
    entry = chain(seq, at or utc_now(), event, prev_hash)
    connection.execute(
        audit_log.insert().values(
            seq=entry.seq,
            at=entry.at,
            actor=entry.actor,
            action=entry.action,
            target=entry.target,
            details=entry.details,
            prev_hash=entry.prev_hash,
            entry_hash=entry.entry_hash,
        )
    )
    return entry


def entries(
    connection: Connection,
    *,
    after_seq: int = 0,
    since: datetime | None = None,
    until: datetime | None = None,
    action_prefix: str | None = None,
    batch: int = 5000,
) -> Iterator[AuditEntry]:
    """Entries in order, read in batches so a long chain never sits in memory at once."""
    cursor = after_seq
    while True:
        query = select(audit_log).where(audit_log.c.seq > cursor).order_by(audit_log.c.seq).limit(batch)
        if since is not None:
            query = query.where(audit_log.c.at >= since)
        if until is not None:
            query = query.where(audit_log.c.at < until)
        if action_prefix:
            query = query.where(audit_log.c.action.startswith(action_prefix))
        rows = connection.execute(query).all()
        for row in rows:
            yield AuditEntry(
                row.seq, row.at, row.actor, row.action, row.target, row.details, row.prev_hash, row.entry_hash
            )
        if len(rows) < batch:
            return
        cursor = rows[-1].seq


def latest(connection: Connection, limit: int = 50, before_seq: int | None = None) -> list[AuditEntry]:
    """The newest entries, newest first (for people reading the log; verification reads in order)."""
    query = select(audit_log).order_by(audit_log.c.seq.desc()).limit(limit)
    if before_seq is not None:
        query = query.where(audit_log.c.seq < before_seq)
    return [
        AuditEntry(row.seq, row.at, row.actor, row.action, row.target, row.details, row.prev_hash, row.entry_hash)
        for row in connection.execute(query)
    ]
