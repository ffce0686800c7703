"""Screening decisions and bulk jobs in the database."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, select, tuple_, update

from perimeter.store.tables.changes import holding_changes
from perimeter.store.tables.screening import screening_decisions, screening_jobs
from perimeter.store.tables.watchlist import watchlist_entries


@dataclass(frozen=True)
class Decision:
    decision_id: int
    fingerprint: str
    owner_node: str
    record_id: str
    entry_hash: str
    decision: str
    reason: str | None
    decided_by: str
    decided_at: datetime
    revoked_by: str | None
    revoked_at: datetime | None


@dataclass(frozen=True)
class Job:
    job_id: str
    status: str
    purpose: str
    submitted_by: str
    submitted_at: datetime
    finished_at: datetime | None
    total: int
    done: int
    alerted: int
    error: str | None


def add_decision(connection: Connection, **values: Any) -> int:
    result = connection.execute(screening_decisions.insert().values(**values))
    return int(result.inserted_primary_key[0])  # type: ignore[index]


def get_decision(connection: Connection, decision_id: int) -> Decision | None:
    row = connection.execute(
        select(screening_decisions).where(screening_decisions.c.decision_id == decision_id)
    ).first()
    return Decision(**row._mapping) if row else None


def decisions_for(connection: Connection, fingerprint: str, *, active_only: bool = True) -> list[Decision]:
    query = select(screening_decisions).where(screening_decisions.c.fingerprint == fingerprint)
    if active_only:
        query = query.where(screening_decisions.c.revoked_at.is_(None))
    return [Decision(**row._mapping) for row in connection.execute(query.order_by(screening_decisions.c.decision_id))]


def all_active(connection: Connection) -> list[Decision]:
    query = select(screening_decisions).where(screening_decisions.c.revoked_at.is_(None))
    return [Decision(**row._mapping) for row in connection.execute(query)]


def state(connection: Connection, kind: str) -> tuple[int, tuple[int, int]]:
    """In one round trip: the change-feed position of ``kind``, and the decisions' version.

    The version (the last decision id, how many were revoked) changes whenever a decision is taken or revoked
    (decisions are never deleted), so a screener may keep the active decisions in memory while it is unchanged.
    """
    row = connection.execute(
        select(
            select(func.max(holding_changes.c.seq)).where(holding_changes.c.kind == kind).scalar_subquery(),
            select(func.max(screening_decisions.c.decision_id)).scalar_subquery(),
            select(func.count(screening_decisions.c.revoked_at)).scalar_subquery(),
        )
    ).one()
    return int(row[0] or 0), (int(row[1] or 0), int(row[2] or 0))


def revoke_decision(connection: Connection, decision_id: int, by: str, at: datetime) -> None:
    connection.execute(
        update(screening_decisions)
        .where(screening_decisions.c.decision_id == decision_id)
        .values(revoked_by=by, revoked_at=at)
    )


def add_job(connection: Connection, **values: Any) -> None:
    connection.execute(screening_jobs.insert().values(**values))


def update_job(connection: Connection, job_id: str, **values: Any) -> None:
    connection.execute(update(screening_jobs).where(screening_jobs.c.job_id == job_id).values(**values))


def get_job(connection: Connection, job_id: str) -> Job | None:
    row = connection.execute(select(screening_jobs).where(screening_jobs.c.job_id == job_id)).first()
    return Job(**row._mapping) if row else None


def iter_entry_records(connection: Connection, batch: int = 5000) -> Iterator[tuple[dict[str, Any], str]]:
    """Every watch-list entry's stored JSON and content hash, in key order, read in batches (for the index)."""
    after: tuple[str, str] = ("", "")
    key = tuple_(watchlist_entries.c.owner_node, watchlist_entries.c.record_id)
    while True:
        rows = connection.execute(
            select(
                watchlist_entries.c.owner_node,
                watchlist_entries.c.record_id,
                watchlist_entries.c.record,
                watchlist_entries.c.content_hash,
            )
            .where(key > tuple_(*after))
            .order_by(watchlist_entries.c.owner_node, watchlist_entries.c.record_id)
            .limit(batch)
        ).all()
        for row in rows:
            yield row.record, row.content_hash
        if len(rows) < batch:
            return
        after = (rows[-1].owner_node, rows[-1].record_id)


def entry_records(
    connection: Connection, keys: list[tuple[str, str]]
) -> dict[tuple[str, str], tuple[dict[str, Any], str]]:
    """Stored JSON and content hash of the entries with these (owner node, record id) keys that still exist."""
    found: dict[tuple[str, str], tuple[dict[str, Any], str]] = {}
    key = tuple_(watchlist_entries.c.owner_node, watchlist_entries.c.record_id)
    for start in range(0, len(keys), 500):
        rows = connection.execute(
            select(
                watchlist_entries.c.owner_node,
                watchlist_entries.c.record_id,
                watchlist_entries.c.record,
                watchlist_entries.c.content_hash,
            ).where(key.in_(keys[start : start + 500]))
        )
        for row in rows:
            found[(row.owner_node, row.record_id)] = (row.record, row.content_hash)
    return found
