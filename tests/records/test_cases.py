"""The shared case's state machine, its deadlines and the escalation when a deadline passes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from perimeter.core.errors import Conflict, InvalidInput, PermissionDenied
from perimeter.records import case_deadlines as deadlines
from perimeter.records.cases import (
    RULES,
    Case,
    CaseState,
    CaseStep,
    HitNotification,
    RecordKind,
    Side,
    StepAction,
    apply,
    new_id,
    open_case,
)

T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
CORE_HOURS = 48.0


def notification(**changes: Any) -> HitNotification:
    values: dict[str, Any] = {
        "case_id": new_id(),
        "finder_node": "ca-cbsa",
        "owner_node": "us-cbp",
        "record_kind": RecordKind.WATCHLIST_ENTRY,
        "record_id": "ofac-sdn:306",
        "agreement_id": "us-ca-2026",
        "purpose": "border-screening",
        "location": "CAYYZ",
        "found_at": T0,
        "officer": "ca-officer",
        "officer_action": "Referred to secondary inspection",
        "notified_at": T0,
        "response_due_at": T0 + timedelta(hours=24),
    }
    values.update(changes)
    return HitNotification(**values)


def step(case: Case, action: StepAction, side: Side, at: datetime = T0, **extra: Any) -> CaseStep:
    node = case.finder_node if side is Side.FINDER else case.owner_node
    return CaseStep(
        step_id=new_id(),
        case_id=case.case_id,
        action=action,
        side=side,
        node_id=node,
        officer="liaison",
        at=at,
        **extra,
    )


def test_a_notification_opens_the_same_case_on_both_sides() -> None:
    sent = notification()
    finder, owner = open_case(sent, Side.FINDER), open_case(sent, Side.OWNER)
    assert finder.case_id == owner.case_id == sent.case_id
    assert finder.state is owner.state is CaseState.NOTIFIED
    assert (finder.direction, finder.partner_node) == ("sent", "us-cbp")
    assert (owner.direction, owner.partner_node) == ("received", "ca-cbsa")


def test_the_owner_confirms_releases_and_the_finder_closes() -> None:
    case = open_case(notification(), Side.OWNER)
    case = apply(case, step(case, StepAction.ACKNOWLEDGE, Side.OWNER, T0 + timedelta(hours=1)), CORE_HOURS)
    assert case.state is CaseState.ACKNOWLEDGED
    confirm_at = T0 + timedelta(hours=2)
    case = apply(case, step(case, StepAction.CONFIRM, Side.OWNER, confirm_at, handling="Detain"), CORE_HOURS)
    assert case.state is CaseState.IDENTITY_CONFIRMED and case.handling_requested == "Detain"
    assert case.identity_answered_at == confirm_at and case.core_data_due_at == confirm_at + timedelta(hours=48)
    release = step(case, StepAction.RELEASE, Side.OWNER, confirm_at, fields={"category": "terrorism"})
    case = apply(case, release, CORE_HOURS)
    assert case.released == {"category": "terrorism"} and case.released_at == confirm_at
    case = apply(case, step(case, StepAction.CLOSE, Side.FINDER, text="Entry refused"), CORE_HOURS)
    assert case.state is CaseState.CLOSED and case.closed_at is not None


def test_the_owners_first_reply_acknowledges() -> None:
    case = open_case(notification(), Side.FINDER)
    case = apply(case, step(case, StepAction.REPLY, Side.OWNER, text="Looking into it"), CORE_HOURS)
    assert case.state is CaseState.ACKNOWLEDGED


RULE_CASES = [
    # (action, side, state the case is in, expected error or the state it leads to)
    (StepAction.CONFIRM, Side.FINDER, CaseState.NOTIFIED, PermissionDenied),
    (StepAction.RELEASE, Side.FINDER, CaseState.IDENTITY_CONFIRMED, PermissionDenied),
    (StepAction.OFFICER_ACTION, Side.OWNER, CaseState.NOTIFIED, PermissionDenied),
    (StepAction.RELEASE, Side.OWNER, CaseState.ACKNOWLEDGED, Conflict),
    (StepAction.RELEASE, Side.OWNER, CaseState.NOT_THE_PERSON, Conflict),
    (StepAction.CONFIRM, Side.OWNER, CaseState.NOT_THE_PERSON, Conflict),
    (StepAction.REPLY, Side.OWNER, CaseState.CLOSED, Conflict),
    (StepAction.CLOSE, Side.FINDER, CaseState.CLOSED, Conflict),
    (StepAction.REJECT, Side.OWNER, CaseState.ACKNOWLEDGED, CaseState.NOT_THE_PERSON),
    (StepAction.CLOSE, Side.OWNER, CaseState.NOT_THE_PERSON, CaseState.CLOSED),
    (StepAction.REMINDER, Side.FINDER, CaseState.ACKNOWLEDGED, CaseState.ACKNOWLEDGED),
]


@pytest.mark.parametrize(("action", "side", "state", "expected"), RULE_CASES)
def test_rules(action: StepAction, side: Side, state: CaseState, expected: Any) -> None:
    case = open_case(notification(), Side.OWNER).model_copy(update={"state": state})
    extra: dict[str, Any] = {"text": "because", "fields": {"category": "terrorism"}}
    taken = step(case, action, side, **extra)
    if isinstance(expected, CaseState):
        assert apply(case, taken, CORE_HOURS).state is expected
    else:
        with pytest.raises(expected):
            apply(case, taken, CORE_HOURS)


def test_every_action_has_a_rule() -> None:
    assert set(RULES) == set(StepAction)


def test_a_step_from_a_node_that_is_not_that_side_is_refused() -> None:
    case = open_case(notification(), Side.FINDER)
    forged = step(case, StepAction.CONFIRM, Side.OWNER).model_copy(update={"node_id": "mx-inm"})
    with pytest.raises(PermissionDenied, match="mx-inm is not the owner"):
        apply(case, forged, CORE_HOURS)


def test_empty_release_and_textless_reject_are_refused() -> None:
    case = open_case(notification(), Side.OWNER)
    with pytest.raises(InvalidInput, match="reject needs a text"):
        apply(case, step(case, StepAction.REJECT, Side.OWNER, text="  "), CORE_HOURS)
    confirmed = case.model_copy(update={"state": CaseState.IDENTITY_CONFIRMED})
    with pytest.raises(InvalidInput, match="at least one field"):
        apply(confirmed, step(confirmed, StepAction.RELEASE, Side.OWNER), CORE_HOURS)


def test_running_deadline_moves_from_response_to_core_data_then_stops() -> None:
    case = open_case(notification(), Side.FINDER)
    assert deadlines.running_deadline(case) == deadlines.Deadline("response", T0 + timedelta(hours=24))
    confirmed = apply(case, step(case, StepAction.CONFIRM, Side.OWNER, T0 + timedelta(hours=3)), CORE_HOURS)
    assert deadlines.running_deadline(confirmed) == deadlines.Deadline("core-data", T0 + timedelta(hours=51))
    assert deadlines.met_deadline(confirmed, "response") is True
    assert deadlines.met_deadline(confirmed, "core-data") is None
    released_at = T0 + timedelta(hours=60)
    released = apply(
        confirmed, step(confirmed, StepAction.RELEASE, Side.OWNER, released_at, fields={"x": 1}), CORE_HOURS
    )
    assert deadlines.running_deadline(released) is None
    assert deadlines.met_deadline(released, "core-data") is False  # released 9 hours late
    rejected = apply(case, step(case, StepAction.REJECT, Side.OWNER, text="Different birth date"), CORE_HOURS)
    assert deadlines.running_deadline(rejected) is None


def test_escalation_steps_once_per_level_and_restarts_for_a_new_deadline() -> None:
    case = open_case(notification(), Side.FINDER)
    due = T0 + timedelta(hours=24)
    assert deadlines.due_escalations([case], due, 24) == []
    first = deadlines.due_escalations([case], due + timedelta(minutes=1), 24)
    assert [(item.level, item.step, item.deadline.kind) for item in first] == [(1, "reminder", "response")]
    reminded = case.model_copy(update={"escalation_level": 1, "escalated_deadline": "response"})
    assert deadlines.due_escalations([reminded], due + timedelta(hours=5), 24) == []
    second = deadlines.due_escalations([reminded], due + timedelta(hours=24), 24)
    assert [(item.level, item.step) for item in second] == [(2, "supervisor")]
    top = reminded.model_copy(update={"escalation_level": 2})
    assert deadlines.due_escalations([top], due + timedelta(days=30), 24) == []
    confirmed = apply(top, step(top, StepAction.CONFIRM, Side.OWNER, due + timedelta(days=1)), CORE_HOURS)
    late = deadlines.due_escalations([confirmed], due + timedelta(days=3, hours=1), 24)
    assert [(item.level, item.deadline.kind) for item in late] == [(1, "core-data")]


def test_closed_cases_never_escalate() -> None:
    case = open_case(notification(), Side.OWNER).model_copy(update={"state": CaseState.CLOSED})
    assert deadlines.due_escalations([case], T0 + timedelta(days=100), 24) == []
    assert deadlines.met_deadline(case, "response") is False


def test_a_notification_from_a_partner_is_validated() -> None:
    with pytest.raises(ValueError, match="case_id"):
        notification(case_id="42")
    with pytest.raises(ValueError, match="timezone"):
        notification(found_at=datetime(2026, 1, 1))
