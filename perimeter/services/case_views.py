"""Cases as the API, the CLI and the joint report show them: deadlines worked out, and figures per partner."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time
from typing import Any

from perimeter.core.access import Actor, Permission
from perimeter.core.errors import InvalidInput
from perimeter.records import case_deadlines as deadlines
from perimeter.records.cases import Case, CaseState, CaseStep, HitNotification
from perimeter.services.node import Node
from perimeter.store import cases as store


def summary(case: Case, now: datetime) -> dict[str, Any]:
    """The case with its direction, partner and running deadline (overdue or not) worked out."""
    running = deadlines.running_deadline(case)
    return {
        **case.model_dump(mode="json"),
        "direction": case.direction,
        "partner_node": case.partner_node,
        "deadline": None
        if running is None
        else {
            "kind": running.kind,
            "due_at": running.due_at.isoformat(),
            "overdue": running.is_overdue(now),
            "overdue_hours": round(running.overdue_by(now).total_seconds() / 3600, 2),
        },
        "response_met": deadlines.met_deadline(case, deadlines.RESPONSE),
        "core_data_met": deadlines.met_deadline(case, deadlines.CORE_DATA),
    }


def detail(case: Case, notification: HitNotification, thread: list[CaseStep], now: datetime) -> dict[str, Any]:
    return {
        "case": summary(case, now),
        "notification": notification.model_dump(mode="json"),
        "thread": [step.model_dump(mode="json") for step in thread],
    }


def figures(node: Node, actor: Actor, date_from: date, date_to: date, now: datetime) -> dict[str, Any]:
    """Notifications sent and received in a period (by notification date), answered, and within deadline."""
    actor.require(Permission.REPORTS_READ)
    if date_to < date_from:
        raise InvalidInput(f"the period ends ({date_to}) before it starts ({date_from})")
    start = datetime.combine(date_from, time.min, UTC)
    end = datetime.combine(date_to, time.max, UTC)
    with node.db.read() as connection:
        found = store.notified_between(connection, start, end)
    by_direction: dict[str, dict[str, Any]] = {}
    for direction in ("sent", "received"):
        subset = [case for case in found if case.direction == direction]
        by_direction[direction] = _tally(subset, now)
    return {"period": {"from": date_from.isoformat(), "to": date_to.isoformat()}, **by_direction}


def _tally(subset: list[Case], now: datetime) -> dict[str, Any]:
    response = Counter(deadlines.met_deadline(case, deadlines.RESPONSE) for case in subset)
    core = Counter(deadlines.met_deadline(case, deadlines.CORE_DATA) for case in subset)
    return {
        "total": len(subset),
        "by_partner": dict(Counter(case.partner_node for case in subset)),
        "by_state": dict(Counter(case.state.value for case in subset)),
        "answered": sum(1 for case in subset if case.identity_answered_at is not None),
        "answered_within_deadline": response[True],
        "answered_late": response[False],
        "confirmed": sum(1 for case in subset if case.core_data_due_at is not None),
        "not_the_person": sum(
            1 for case in subset if case.state is CaseState.NOT_THE_PERSON or _rejected_then_closed(case)
        ),
        "core_data_within_deadline": core[True],
        "core_data_late": core[False],
        "overdue_now": sum(1 for case in subset if deadlines.is_overdue(case, now)),
    }


def _rejected_then_closed(case: Case) -> bool:
    return case.state is CaseState.CLOSED and case.identity_answered_at is not None and case.core_data_due_at is None
