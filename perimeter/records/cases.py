"""Shared cases: what a hit on a partner's record opens, and the steps the finder and the owner take on it.

The model follows the Schengen SIRENE hit procedure: the finding country notifies the country that owns the record;
the owner confirms the identity (or says it is not the person), states the handling it asks for, and releases what
the agreement allows; both sides work one case under one UUID. Each side applies the same :class:`CaseStep` to its
own copy of the case with :func:`apply`, so the two copies stay in the same state without sharing a database.

Pure: no I/O, no clock (every step carries its time).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, TypeVar

from pydantic import AwareDatetime, BaseModel, Field, JsonValue, ValidationError, model_validator

from perimeter.core.errors import Conflict, InvalidInput, PermissionDenied
from perimeter.records.common import Record, describe_problems

M = TypeVar("M", bound=BaseModel)


class CaseState(StrEnum):
    NOTIFIED = "notified"
    ACKNOWLEDGED = "acknowledged"
    IDENTITY_CONFIRMED = "identity-confirmed"
    NOT_THE_PERSON = "not-the-person"
    CLOSED = "closed"


class Side(StrEnum):
    """Which side of the case a node is on: it found the subject, or it owns the record that was hit."""

    FINDER = "finder"
    OWNER = "owner"


class StepAction(StrEnum):
    ACKNOWLEDGE = "acknowledge"
    REPLY = "reply"
    OFFICER_ACTION = "officer-action"
    CONFIRM = "confirm"
    REJECT = "reject"
    RELEASE = "release"
    REMINDER = "reminder"
    CLOSE = "close"


class RecordKind(StrEnum):
    WATCHLIST_ENTRY = "watchlist-entry"
    DOCUMENT_STATUS = "document-status"


OPEN_STATES = frozenset({CaseState.NOTIFIED, CaseState.ACKNOWLEDGED, CaseState.IDENTITY_CONFIRMED})
_UNANSWERED = frozenset({CaseState.NOTIFIED, CaseState.ACKNOWLEDGED})
_ANY_OPEN = frozenset(OPEN_STATES | {CaseState.NOT_THE_PERSON})

# action -> (the side that may take it, the states it may be taken in, the state it leads to; None keeps the state)
RULES: dict[StepAction, tuple[frozenset[Side], frozenset[CaseState], CaseState | None]] = {
    StepAction.ACKNOWLEDGE: (frozenset({Side.OWNER}), frozenset({CaseState.NOTIFIED}), CaseState.ACKNOWLEDGED),
    StepAction.REPLY: (frozenset(Side), _ANY_OPEN, None),
    StepAction.OFFICER_ACTION: (frozenset({Side.FINDER}), _ANY_OPEN, None),
    StepAction.CONFIRM: (frozenset({Side.OWNER}), _UNANSWERED, CaseState.IDENTITY_CONFIRMED),
    StepAction.REJECT: (frozenset({Side.OWNER}), _UNANSWERED, CaseState.NOT_THE_PERSON),
    StepAction.RELEASE: (frozenset({Side.OWNER}), frozenset({CaseState.IDENTITY_CONFIRMED}), None),
    StepAction.REMINDER: (frozenset({Side.FINDER}), frozenset(OPEN_STATES), None),
    StepAction.CLOSE: (frozenset(Side), _ANY_OPEN, CaseState.CLOSED),
}


def new_id() -> str:
    return str(uuid.uuid4())


def parse(model: type[M], data: Any, what: str) -> M:
    """A notification or step built from ``data`` (a partner's payload, a caller's values), or a precise error."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise InvalidInput(f"{what}: {describe_problems(error, what)}") from None


class HitNotification(Record):
    """What the finder tells the owner: which of its records was hit, where, when, and what the officer did.

    ``subject`` is the person or document as the finder saw it (name, birth date, nationality, document), so the
    owner can confirm the identity; ``response_due_at`` is the deadline the agreement gives the owner.
    """

    case_id: str = Field(pattern=r"^[0-9a-f-]{36}$")
    finder_node: str = Field(min_length=1, max_length=100)
    owner_node: str = Field(min_length=1, max_length=100)
    record_kind: RecordKind
    record_id: str | None = Field(default=None, min_length=1, max_length=200)
    reference: str | None = Field(
        default=None,
        min_length=1,
        max_length=500,
        description="the owner's sealed reference, when its answer hid the id",
    )
    category: str | None = Field(default=None, max_length=40, description="the watch-list category the finder saw")
    agreement_id: str = Field(min_length=1, max_length=200)
    purpose: str = Field(min_length=1, max_length=100)
    location: str = Field(min_length=1, max_length=100)
    found_at: AwareDatetime
    officer: str = Field(min_length=1, max_length=200)
    officer_action: str = Field(min_length=1, max_length=2000)
    score: float | None = Field(default=None, ge=0.0, le=1.0)
    explanation: str | None = Field(default=None, max_length=4000)
    subject: dict[str, JsonValue] = Field(default_factory=dict)
    notified_at: AwareDatetime
    response_due_at: AwareDatetime

    @model_validator(mode="after")
    def _names_the_record(self) -> HitNotification:
        if self.record_id is None and self.reference is None:
            raise ValueError("a notification names the record hit: its record_id or the owner's sealed reference")
        return self


class CaseStep(Record):
    """One step on a case, taken by one side; the same step is applied on both nodes (its id makes it idempotent)."""

    step_id: str = Field(pattern=r"^[0-9a-f-]{36}$")
    case_id: str = Field(pattern=r"^[0-9a-f-]{36}$")
    action: StepAction
    side: Side
    node_id: str = Field(min_length=1, max_length=100)
    officer: str = Field(min_length=1, max_length=200)
    at: AwareDatetime
    text: str | None = Field(default=None, max_length=4000)
    handling: str | None = Field(default=None, max_length=2000)
    fields: dict[str, JsonValue] = Field(default_factory=dict, description="released data, by field name")


class Case(Record):
    """One side's copy of a shared case."""

    case_id: str
    side: Side
    finder_node: str
    owner_node: str
    record_kind: RecordKind
    record_id: str | None = None  # unknown to a finder that only got the owner's sealed reference
    category: str | None = None
    agreement_id: str
    purpose: str
    state: CaseState
    location: str
    found_at: datetime
    officer_action: str
    notified_at: datetime
    response_due_at: datetime
    identity_answered_at: datetime | None = None
    core_data_due_at: datetime | None = None
    released_at: datetime | None = None
    closed_at: datetime | None = None
    handling_requested: str | None = None
    released: dict[str, Any] = Field(default_factory=dict)
    escalation_level: int = 0
    escalated_deadline: str | None = None
    updated_at: datetime

    @property
    def partner_node(self) -> str:
        return self.owner_node if self.side is Side.FINDER else self.finder_node

    @property
    def direction(self) -> str:
        """``sent`` when this node found the subject and notified the owner, ``received`` when it owns the record."""
        return "sent" if self.side is Side.FINDER else "received"


def open_case(notification: HitNotification, side: Side, record_id: str | None = None) -> Case:
    """The case as it stands when the notification is sent (finder) or received (owner).

    ``record_id`` is the owner's record id when the owner has opened the notification's sealed reference.
    """
    return Case(
        case_id=notification.case_id,
        side=side,
        finder_node=notification.finder_node,
        owner_node=notification.owner_node,
        record_kind=notification.record_kind,
        record_id=record_id or notification.record_id,
        category=notification.category,
        agreement_id=notification.agreement_id,
        purpose=notification.purpose,
        state=CaseState.NOTIFIED,
        location=notification.location,
        found_at=notification.found_at,
        officer_action=notification.officer_action,
        notified_at=notification.notified_at,
        response_due_at=notification.response_due_at,
        updated_at=notification.notified_at,
    )


def check_step(case: Case, step: CaseStep) -> None:
    """Refuse a step the case's rules do not allow, saying which rule."""
    if step.case_id != case.case_id:
        raise InvalidInput(f"step {step.step_id} is for case {step.case_id}, not {case.case_id}")
    expected_node = case.finder_node if step.side is Side.FINDER else case.owner_node
    if step.node_id != expected_node:
        raise PermissionDenied(f"node {step.node_id} is not the {step.side.value} of case {case.case_id}")
    sides, states, _ = RULES[step.action]
    if step.side not in sides:
        raise PermissionDenied(f"only the {_names(sides)} may {step.action.value} on a case")
    if case.state not in states:
        allowed = _names(states)
        raise Conflict(f"case {case.case_id} is {case.state.value}: {step.action.value} is allowed only when {allowed}")
    if step.action is StepAction.RELEASE and not step.fields:
        raise InvalidInput("a release names at least one field")
    if (
        step.action in (StepAction.REPLY, StepAction.OFFICER_ACTION, StepAction.REJECT)
        and not (step.text or "").strip()
    ):
        raise InvalidInput(f"a {step.action.value} needs a text")


def apply(case: Case, step: CaseStep, core_data_hours: float | None) -> Case:
    """The case after ``step``.

    ``core_data_hours`` is how long the owner has to release core data once it confirms; ``None`` when the agreement
    lets it release nothing (hit/no-hit), so no core-data deadline runs.
    """
    check_step(case, step)
    _, _, target = RULES[step.action]
    changes: dict[str, Any] = {"updated_at": max(case.updated_at, step.at)}
    if target is not None:
        changes["state"] = target
    if step.action is StepAction.REPLY and step.side is Side.OWNER and case.state is CaseState.NOTIFIED:
        changes["state"] = CaseState.ACKNOWLEDGED  # the owner's first word acknowledges the notification
    if step.action in (StepAction.CONFIRM, StepAction.REJECT):
        changes["identity_answered_at"] = step.at
    if step.action is StepAction.CONFIRM and core_data_hours is not None:
        changes["core_data_due_at"] = step.at + timedelta(hours=core_data_hours)
    if step.handling:
        changes["handling_requested"] = step.handling
    if step.action is StepAction.RELEASE:
        changes["released"] = {**case.released, **step.fields}
        changes["released_at"] = case.released_at or step.at
    if step.action is StepAction.CLOSE:
        changes["closed_at"] = step.at
    return case.model_copy(update=changes)


def _names(values: frozenset[Any]) -> str:
    return " or ".join(sorted(value.value for value in values))
