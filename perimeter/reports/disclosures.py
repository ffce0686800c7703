"""The disclosure report: per agreement, what went to which partner under which clause, and how often it was refused.

Counted from the audit log, where the federation records every answer to a partner with the agreement and the
clauses that released it, and every refusal with its reason (``perimeter.reports.actions``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Connection, select

from perimeter.reports import actions
from perimeter.reports.model import Period
from perimeter.store.tables.audit import audit_log


@dataclass(frozen=True)
class SharingEvent:
    partner: str
    agreement: str
    clause: str  # the clause that released it, or for a refusal the error that refused it
    kind: str
    refused: bool


def sharing_events(connection: Connection, period: Period) -> Iterator[SharingEvent]:
    """One event per clause of each disclosure, and one per refusal, in the period."""
    c = audit_log.c
    names = (*actions.DISCLOSURE_ACTIONS, *actions.REFUSAL_ACTIONS)
    query = select(c.actor, c.action, c.target, c.details).where(
        c.action.in_(names), c.at >= period.since, c.at < period.until
    )
    for actor, action, target, details in connection.execute(query):
        partner = actions.partner_of(actor, details)
        agreement = str(details.get("agreement") or "-")
        kind = actions.sharing_kind(action, target, details)
        if action in actions.REFUSAL_ACTIONS:
            yield SharingEvent(partner, agreement, actions.refusal_reason(details), kind, True)
            continue
        for clause in actions.disclosure_clauses(details):
            yield SharingEvent(partner, agreement, clause, kind, False)


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
    counts: Counter[tuple[str, str, str, str, bool]] = Counter(
        (event.agreement, event.partner, event.clause, event.kind, event.refused)
        for event in sharing_events(connection, period)
    )
    keys = sorted({key[:4] for key in counts})
    return [DisclosureRow(*key, counts[(*key, False)], counts[(*key, True)]) for key in keys]


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
