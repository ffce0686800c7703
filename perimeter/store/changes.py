"""Writing and reading the change feed of holdings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, func, select

from perimeter.store.tables.changes import holding_changes


@dataclass(frozen=True)
class Change:
    seq: int
    kind: str
    owner_node: str
    record_id: str
    list_name: str | None
    op: str
    at: datetime


def record(
    connection: Connection,
    kind: str,
    owner_node: str,
    op: str,
    record_ids: Sequence[str],
    at: datetime,
    list_name: str | None = None,
) -> None:
    if not record_ids:
        return
    connection.execute(
        holding_changes.insert(),
        [
            {
                "kind": kind,
                "owner_node": owner_node,
                "record_id": rid,
                "list_name": list_name,
                "op": op,
                "at": at,
            }
            for rid in record_ids
        ],
    )


def since(connection: Connection, kind: str, after_seq: int, limit: int = 10_000) -> list[Change]:
    rows = connection.execute(
        select(holding_changes)
        .where(holding_changes.c.kind == kind, holding_changes.c.seq > after_seq)
        .order_by(holding_changes.c.seq)
        .limit(limit)
    ).all()
    return [Change(r.seq, r.kind, r.owner_node, r.record_id, r.list_name, r.op, r.at) for r in rows]


def latest_seq(connection: Connection, kind: str | None = None) -> int:
    query = select(func.max(holding_changes.c.seq))
    if kind is not None:
        query = query.where(holding_changes.c.kind == kind)
    return int(connection.execute(query).scalar() or 0)
