"""Figures on hits on partners' records and partners' hits on this node's records: the hit notifications sent and
received, whether the owner answered within the agreement's deadline, and the identities confirmed or rejected."""

from __future__ import annotations

from sqlalchemy import Integer, and_, func, select

from perimeter.records.cases import Side, StepAction
from perimeter.reports.queries import QueryContext, Row, query
from perimeter.store.tables.base import utc_now
from perimeter.store.tables.cases import case_steps, cases

_INT = Integer()
_DIRECTIONS = ((Side.FINDER, "sent", "sent to record owners"), (Side.OWNER, "received", "received from partners"))


@query("cases.notifications")
def notifications(context: QueryContext) -> list[Row]:
    """Hit notifications sent and received in the period, and whether the owner answered within the deadline."""
    c = cases.c
    # An unanswered notification is overdue once its deadline has passed, by the period's end or by now if sooner.
    moment = min(context.period.until, utc_now())
    answered = c.identity_answered_at.is_not(None)
    counts = {
        "all": func.count(),
        "in-time": func.sum(func.cast(and_(answered, c.identity_answered_at <= c.response_due_at), _INT)),
        "late": func.sum(func.cast(and_(answered, c.identity_answered_at > c.response_due_at), _INT)),
        "overdue": func.sum(func.cast(and_(~answered, c.response_due_at < moment), _INT)),
    }
    found = {
        side: row
        for side, *row in context.connection.execute(
            select(c.side, *counts.values())
            .where(c.notified_at >= context.period.since, c.notified_at < context.period.until)
            .group_by(c.side)
        )
    }
    rows: list[Row] = []
    for side, key, words in _DIRECTIONS:
        total, in_time, late, overdue = (int(value or 0) for value in found.get(side.value, (0, 0, 0, 0)))
        rows += [
            (key, f"hit notifications {words}", total),
            (f"{key}/answered-in-time", "of which the owner answered within the deadline", in_time),
            (f"{key}/answered-late", "of which the owner answered after the deadline", late),
            (f"{key}/overdue", "of which still unanswered past the deadline", overdue),
        ]
    return rows


@query("cases.identities")
def identities(context: QueryContext) -> list[Row]:
    """Hits whose identity the owning country confirmed, or said was not the person, in the period."""
    s, c = case_steps.c, cases.c
    found = {
        (side, action): int(count)
        for side, action, count in context.connection.execute(
            select(c.side, s.action, func.count(func.distinct(s.case_id)))
            .select_from(case_steps.join(cases, c.case_id == s.case_id))
            .where(
                s.action.in_([StepAction.CONFIRM.value, StepAction.REJECT.value]),
                s.at >= context.period.since,
                s.at < context.period.until,
            )
            .group_by(c.side, s.action)
        )
    }
    confirm, reject = StepAction.CONFIRM.value, StepAction.REJECT.value
    finder, owner = Side.FINDER.value, Side.OWNER.value
    labels = (
        ("confirmed", "this node's hits confirmed by the owning country", finder, confirm),
        ("not-the-person", "this node's hits the owner said were not the person", finder, reject),
        ("we-confirmed", "partners' hits on this node's records it confirmed", owner, confirm),
        ("we-rejected", "partners' hits on this node's records that were not the person", owner, reject),
    )
    return [(key, label, found.get((side, action), 0)) for key, label, side, action in labels]
