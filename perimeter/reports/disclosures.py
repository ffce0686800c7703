"""The disclosure report: per agreement, what went to which partner under which clause, and how often it was refused.

Counted from the audit log, where every disclosure decision is recorded with the agreement and the clause that
allowed or refused it (``perimeter.reports.actions``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, func, select

from perimeter.reports import actions
from perimeter.reports.model import Period
from perimeter.store.tables.audit import audit_log


@dataclass(frozen=True)
class DisclosureRow:
    agreement: str
    partner: str
    clause: str
    kind: str
    disclosed: int
    refused: int

    @property
    def refusal_rate(self) -> float:
        total = self.disclosed + self.refused
        return self.refused / total if total else 0.0


def disclosure_rows(connection: Connection, period: Period) -> list[DisclosureRow]:
    details = audit_log.c.details
    keys = [details[name].as_string() for name in ("agreement", "partner", "clause", "kind")]
    names = (*actions.DISCLOSURE_ACTIONS, *actions.REFUSAL_ACTIONS)
    rows = connection.execute(
        select(*keys, audit_log.c.action, func.count())
        .where(audit_log.c.action.in_(names), audit_log.c.at >= period.since, audit_log.c.at < period.until)
        .group_by(*keys, audit_log.c.action)
    ).all()
    table: dict[tuple[str, str, str, str], list[int]] = {}
    for row in rows:
        agreement, partner, clause, kind, action, count = tuple(row)
        key = (agreement or "-", partner or "-", clause or "-", kind or "-")
        counts = table.setdefault(key, [0, 0])
        counts[0 if action in actions.DISCLOSURE_ACTIONS else 1] += int(count)
    return [DisclosureRow(*key, disclosed, refused) for key, (disclosed, refused) in sorted(table.items())]


def recent(connection: Connection, period: Period, names: tuple[str, ...], limit: int = 50) -> list[tuple[object, ...]]:
    """The latest entries of some actions in the period (seq, at, actor, action, target), newest first."""
    c = audit_log.c
    query = (
        select(c.seq, c.at, c.actor, c.action, c.target)
        .where(c.action.in_(names), c.at >= period.since, c.at < period.until)
        .order_by(c.seq.desc())
        .limit(limit)
    )
    return [tuple(row) for row in connection.execute(query)]
