"""Reading the audit log for people: newest first, filtered, one page at a time.

Pages are cut by sequence number (``before_seq``), never by offset, so a page costs the same at entry 10 or at
entry 10 million: the primary key is walked backwards and stops after ``limit`` matching rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, func, select

from perimeter.audit.chain import AuditEntry
from perimeter.store.tables.audit import audit_log
from perimeter.store.tables.federation import audit_checkpoints


@dataclass(frozen=True)
class AuditFilter:
    """What to show: actions starting with ``action``, one ``actor``, a ``target`` containing text, a period."""

    action: str | None = None
    actor: str | None = None
    target: str | None = None
    since: datetime | None = None
    until: datetime | None = None

    @property
    def active(self) -> bool:
        return any(value is not None for value in vars(self).values())


def page(
    connection: Connection, where: AuditFilter, *, before_seq: int | None = None, limit: int = 50
) -> list[AuditEntry]:
    """Up to ``limit`` entries matching ``where``, newest first, all older than ``before_seq`` when given."""
    query = select(audit_log).order_by(audit_log.c.seq.desc()).limit(limit)
    if before_seq is not None:
        query = query.where(audit_log.c.seq < before_seq)
    if where.action:
        query = query.where(audit_log.c.action.startswith(where.action, autoescape=True))
    if where.actor:
        query = query.where(audit_log.c.actor == where.actor)
    if where.target:
        query = query.where(audit_log.c.target.contains(where.target, autoescape=True))
    if where.since is not None:
        query = query.where(audit_log.c.at >= where.since)
    if where.until is not None:
        query = query.where(audit_log.c.at < where.until)
    return [
        AuditEntry(row.seq, row.at, row.actor, row.action, row.target, row.details, row.prev_hash, row.entry_hash)
        for row in connection.execute(query)
    ]


def head(connection: Connection) -> tuple[int, str] | None:
    """The last entry's sequence number and hash, or ``None`` for an empty log."""
    row = connection.execute(
        select(audit_log.c.seq, audit_log.c.entry_hash).order_by(audit_log.c.seq.desc()).limit(1)
    ).first()
    return (int(row.seq), str(row.entry_hash)) if row else None


def partner_checkpoints(connection: Connection) -> list[Row[Any]]:
    """The newest checkpoint each partner signed for its own chain, as this node holds it."""
    newest = (
        select(audit_checkpoints.c.node_id, func.max(audit_checkpoints.c.seq).label("seq"))
        .group_by(audit_checkpoints.c.node_id)
        .subquery()
    )
    query = (
        select(audit_checkpoints)
        .join(newest, (newest.c.node_id == audit_checkpoints.c.node_id) & (newest.c.seq == audit_checkpoints.c.seq))
        .order_by(audit_checkpoints.c.node_id)
    )
    return list(connection.execute(query))


def last_whole_walk(connection: Connection, look_back: int = 20) -> tuple[int, str, datetime] | None:
    """The last entry a whole walk of the chain found sound, as the newest ``audit.verify`` entry among the last
    ``look_back`` that says so records it: (its sequence number, its hash, when the walk was made)."""
    query = select(audit_log).where(audit_log.c.action == "audit.verify").order_by(audit_log.c.seq.desc())
    for row in connection.execute(query.limit(look_back)):
        details = row.details or {}
        count = details.get("entries")
        if details.get("ok") is True and isinstance(count, int) and count > 0:
            verified = connection.execute(select(audit_log.c.entry_hash).where(audit_log.c.seq == count)).scalar()
            if verified is not None:
                return count, str(verified), row.at
    return None
