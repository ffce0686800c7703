"""The deadlines a shared case runs against, and the escalation when one passes. Pure: the time is passed in.

Two deadlines, one at a time:

- ``response``: the owner answers the identity question (confirms or says it is not the person) by the deadline the
  agreement sets for the record kind, counted from the notification;
- ``core-data``: once it confirms, the owner releases the subject's core data within ``core_data_hours`` (Prüm II
  asks for 48 hours after a confirmed hit).

When the running deadline passes, the case escalates one step at a time: ``reminder`` (the owner's liaison desk is
reminded; the finder's node sends the partner a reminder) as soon as it is overdue, then ``supervisor`` (both sides'
supervisors see it) once it has been overdue for ``escalation_hours`` more.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from perimeter.records.cases import OPEN_STATES, Case, CaseState

RESPONSE, CORE_DATA = "response", "core-data"
STEPS = ("reminder", "supervisor")


@dataclass(frozen=True)
class Deadline:
    kind: str  # response, core-data
    due_at: datetime

    def overdue_by(self, now: datetime) -> timedelta:
        return max(now - self.due_at, timedelta(0))

    def is_overdue(self, now: datetime) -> bool:
        return now > self.due_at


@dataclass(frozen=True)
class Escalation:
    """A case whose running deadline has passed, and the escalation step it has now reached."""

    case_id: str
    deadline: Deadline
    level: int  # 1 = reminder, 2 = supervisor

    @property
    def step(self) -> str:
        return STEPS[self.level - 1]


def running_deadline(case: Case) -> Deadline | None:
    """The deadline the case is waiting on now, or ``None`` when nothing is owed."""
    if case.state not in OPEN_STATES:
        return None
    if case.state is not CaseState.IDENTITY_CONFIRMED:
        return Deadline(RESPONSE, case.response_due_at)
    if case.released_at is None and case.core_data_due_at is not None:
        return Deadline(CORE_DATA, case.core_data_due_at)
    return None


def is_overdue(case: Case, now: datetime) -> bool:
    deadline = running_deadline(case)
    return deadline is not None and deadline.is_overdue(now)


def escalation_level(deadline: Deadline, now: datetime, escalation_hours: float) -> int:
    """0 before the deadline, 1 (reminder) once passed, 2 (supervisor) ``escalation_hours`` after that."""
    if not deadline.is_overdue(now):
        return 0
    return 2 if deadline.overdue_by(now) >= timedelta(hours=escalation_hours) else 1


def current_level(case: Case, deadline: Deadline) -> int:
    """The level the case has already reached for this deadline (a new deadline starts again from 0)."""
    return case.escalation_level if case.escalated_deadline == deadline.kind else 0


def due_escalations(cases: Iterable[Case], now: datetime, escalation_hours: float) -> list[Escalation]:
    """The cases that must escalate now: their running deadline has passed further than their last escalation."""
    found = []
    for case in cases:
        deadline = running_deadline(case)
        if deadline is None:
            continue
        level = escalation_level(deadline, now, escalation_hours)
        if level > current_level(case, deadline):
            found.append(Escalation(case.case_id, deadline, level))
    return found


def met_deadline(case: Case, kind: str) -> bool | None:
    """Whether the owner met a deadline: ``None`` while it is still running (or never started)."""
    if kind == RESPONSE:
        if case.identity_answered_at is None:
            return None if case.state in OPEN_STATES else False
        return case.identity_answered_at <= case.response_due_at
    if case.core_data_due_at is None:
        return None
    if case.released_at is None:
        return None if case.state in OPEN_STATES else False
    return case.released_at <= case.core_data_due_at
