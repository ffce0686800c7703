"""Shared cases: notify the owner of a hit on its record, then work the case together, step by step.

Every step is applied to this node's copy of the case, recorded in its thread, sent to the partner as a signed
message through the durable outbox (in the same transaction, so a step is never taken without being sent nor sent
without being taken) and audited. The partner applies the same step to its copy (``perimeter.services.case_inbox``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from pydantic import JsonValue
from sqlalchemy import Connection

from perimeter.core.access import Actor, Permission
from perimeter.core.errors import InvalidInput, NotFound, PermissionDenied
from perimeter.records import case_deadlines as deadlines
from perimeter.records.cases import (
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
    parse,
)
from perimeter.services import case_exchange, case_records, case_terms
from perimeter.services.node import Node
from perimeter.store import cases as store
from perimeter.store.tables.base import utc_now


@dataclass(frozen=True)
class Hit:
    """A hit on a partner's record, as the screening or the document check reported it.

    ``subject`` is the person or document as presented (name, birth date, nationality, document), which the owner
    needs to confirm the identity.
    """

    record_kind: RecordKind
    record_id: str | None
    owner_node: str
    subject: dict[str, JsonValue] = field(default_factory=dict)
    score: float | None = None
    explanation: str | None = None
    category: str | None = None  # of a watch-list entry: some clauses cover only some categories
    reference: str | None = None  # the owner's sealed reference, when its answer did not give the record id

    @property
    def label(self) -> str:
        return self.record_id or "a record behind a sealed reference"


@dataclass(frozen=True)
class CaseDetail:
    case: Case
    notification: HitNotification
    thread: list[CaseStep]


def notify_owner(
    node: Node,
    actor: Actor,
    hit: Hit,
    where: str,
    when: datetime,
    officer_action: str,
    *,
    purpose: str | None = None,
    case_id: str | None = None,
    now: datetime | None = None,
) -> Case:
    """Open the finder's case and send the owner a signed hit notification; ``case_id`` makes a retry a no-op."""
    actor.require(Permission.CASES_NOTIFY)
    if hit.owner_node == node.node_id:
        raise InvalidInput(f"record {hit.label} is this node's own: a hit on it opens no shared case")
    if not officer_action.strip():
        raise InvalidInput("officer_action: say what the finding officer did (for example 'referred to secondary')")
    at = now or utc_now()
    try:
        return _notify(node, actor, hit, where, when, officer_action, purpose, case_id, at)
    except case_terms.NoAgreement as error:
        with node.db.write() as connection:
            node.audit(
                connection,
                actor,
                "case.notify.refused",
                case_id,
                partner=hit.owner_node,
                record_kind=hit.record_kind.value,
                record_id=hit.record_id,
                reason=error.message,
            )
        raise


def _notify(
    node: Node,
    actor: Actor,
    hit: Hit,
    where: str,
    when: datetime,
    officer_action: str,
    purpose: str | None,
    case_id: str | None,
    at: datetime,
) -> Case:
    with node.db.write() as connection:
        if case_id is not None and (existing := store.get_case(connection, case_id)) is not None:
            return existing
        terms = case_terms.for_hit(node, connection, hit.owner_node, hit.record_kind.value, purpose, hit.category)
        values = {
            "case_id": case_id or new_id(),
            "finder_node": node.node_id,
            "owner_node": hit.owner_node,
            "record_kind": hit.record_kind,
            "record_id": hit.record_id,
            "reference": hit.reference,
            "category": hit.category,
            "agreement_id": terms.agreement_id,
            "purpose": terms.purpose,
            "location": where,
            "found_at": when,
            "officer": actor.name,
            "officer_action": officer_action.strip(),
            "score": hit.score,
            "explanation": hit.explanation,
            "subject": hit.subject,
            "notified_at": at,
            "response_due_at": at + timedelta(hours=terms.response_hours),
        }
        notification = parse(HitNotification, values, "hit notification")
        case = open_case(notification, Side.FINDER)
        store.insert_case(connection, case, notification)
        case_exchange.send_notification(node, connection, notification)
        node.audit(
            connection,
            actor,
            "case.notify",
            case.case_id,
            partner=case.owner_node,
            record_kind=case.record_kind.value,
            record_id=case.record_id,
            agreement=case.agreement_id,
            clause=terms.clause,
            purpose=case.purpose,
            response_due_at=case.response_due_at.isoformat(),
        )
    return case


def acknowledge(node: Node, actor: Actor, case_id: str) -> Case:
    return take_step(node, actor, case_id, StepAction.ACKNOWLEDGE)


def reply(node: Node, actor: Actor, case_id: str, text: str) -> Case:
    return take_step(node, actor, case_id, StepAction.REPLY, text=text)


def record_officer_action(node: Node, actor: Actor, case_id: str, text: str) -> Case:
    return take_step(node, actor, case_id, StepAction.OFFICER_ACTION, text=text)


def confirm_identity(
    node: Node, actor: Actor, case_id: str, handling: str | None = None, text: str | None = None
) -> Case:
    """The owner says the person found is its listed subject, and which handling it asks for."""
    return take_step(node, actor, case_id, StepAction.CONFIRM, text=text, handling=handling)


def reject_identity(node: Node, actor: Actor, case_id: str, reason: str) -> Case:
    """The owner says the person found is not its listed subject."""
    return take_step(node, actor, case_id, StepAction.REJECT, text=reason)


def close(node: Node, actor: Actor, case_id: str, outcome: str | None = None) -> Case:
    return take_step(node, actor, case_id, StepAction.CLOSE, text=outcome)


def release(node: Node, actor: Actor, case_id: str, fields: Sequence[str], text: str | None = None) -> Case:
    """Release fields of the owner's record to the finder: only those the agreement's clause allows, else nothing."""
    actor.require(Permission.CASES_RELEASE)
    wanted = sorted(set(fields))
    if not wanted:
        raise InvalidInput("name the fields to release")
    with node.db.write() as connection:
        case = _case(connection, case_id, for_update=True)
        if case.side is not Side.OWNER:
            raise PermissionDenied(f"only the owner of record {case.record_id} ({case.owner_node}) releases its data")
        allowed = case_terms.releasable(node, connection, case)
        refused = [name for name in wanted if name not in allowed.fields]
        if not refused:
            values = case_records.project(connection, case, wanted)
            return _step(
                node, connection, actor, case, StepAction.RELEASE, text=text, fields=values, clause=allowed.clause
            )
    with node.db.write() as connection:  # the refusal is audited on its own: nothing else was written
        node.audit(
            connection,
            actor,
            "case.release.refused",
            case.case_id,
            partner=case.partner_node,
            agreement=case.agreement_id,
            clause=allowed.clause,
            refused=refused,
        )
    releases = ", ".join(sorted(allowed.fields)) or "nothing beyond hit/no-hit"
    raise PermissionDenied(
        f"the agreement {case.agreement_id} ({allowed.clause}) does not release {', '.join(refused)}"
        f" to {case.partner_node}; it releases: {releases}"
    )


def take_step(
    node: Node,
    actor: Actor,
    case_id: str,
    action: StepAction,
    *,
    text: str | None = None,
    handling: str | None = None,
) -> Case:
    """Take one step (not a release: see :func:`release`) on this node's copy, and send it to the partner.

    The finding officer records what they did (``cases:notify``); every other step needs ``cases:write``.
    """
    actor.require(Permission.CASES_NOTIFY if action is StepAction.OFFICER_ACTION else Permission.CASES_WRITE)
    with node.db.write() as connection:
        case = _case(connection, case_id, for_update=True)
        return _step(node, connection, actor, case, action, text=text, handling=handling)


def _step(
    node: Node,
    connection: Connection,
    actor: Actor | str,
    case: Case,
    action: StepAction,
    *,
    text: str | None = None,
    handling: str | None = None,
    fields: dict[str, JsonValue] | None = None,
    at: datetime | None = None,
    **audit: Any,
) -> Case:
    officer = actor.name if isinstance(actor, Actor) else actor
    values = {
        "step_id": new_id(),
        "case_id": case.case_id,
        "action": action,
        "side": case.side,
        "node_id": node.node_id,
        "officer": officer,
        "at": at or utc_now(),
        "text": text.strip() if text else None,
        "handling": handling.strip() if handling else None,
        "fields": fields or {},
    }
    step = parse(CaseStep, values, "case step")
    core_hours = case_terms.core_data_hours(node, connection, case) if step.action is StepAction.CONFIRM else None
    updated = apply(case, step, core_hours)
    store.update_case(connection, updated)
    store.add_step(connection, step, step.at)
    case_exchange.send_step(node, connection, updated, step)
    node.audit(
        connection,
        actor,
        f"case.{action.value}",
        case.case_id,
        partner=case.partner_node,
        state=updated.state.value,
        step=step.step_id,
        **({"fields": sorted(step.fields)} if step.fields else {}),
        **audit,
    )
    return updated


def _case(connection: Connection, case_id: str, *, for_update: bool = False) -> Case:
    case = store.get_case(connection, case_id, for_update=for_update)
    if case is None:
        raise NotFound(f"no case {case_id} on this node")
    return case


def list_cases(
    node: Node,
    actor: Actor,
    *,
    direction: str | None = None,
    state: str | None = None,
    overdue: bool = False,
    partner: str | None = None,
    limit: int = 100,
    offset: int = 0,
    now: datetime | None = None,
) -> tuple[int, list[Case]]:
    actor.require(Permission.CASES_READ)
    if direction not in (None, "sent", "received"):
        raise InvalidInput(f"direction must be 'sent' or 'received', not {direction!r}")
    try:
        wanted = CaseState(state) if state else None
    except ValueError:
        states = ", ".join(item.value for item in CaseState)
        raise InvalidInput(f"unknown case state {state!r}; states are: {states}") from None
    if not 1 <= limit <= 1000 or offset < 0:
        raise InvalidInput("limit must be between 1 and 1000 and offset not negative")
    filters = store.CaseFilter(direction, wanted, (now or utc_now()) if overdue else None, partner, limit, offset)
    with node.db.read() as connection:
        return store.list_cases(connection, filters)


def get_case(node: Node, actor: Actor, case_id: str) -> CaseDetail:
    """A case with its notification and its thread; reading it is audited (it holds personal data)."""
    actor.require(Permission.CASES_READ)
    with node.db.write(wait_for_disk=False) as connection:
        case = _case(connection, case_id)
        notification = store.get_notification(connection, case_id)
        assert notification is not None  # stored with the case
        thread = store.steps(connection, case_id)
        node.audit(connection, actor, "case.view", case_id, partner=case.partner_node)
    return CaseDetail(case, notification, thread)


def escalate(node: Node, actor: Actor, now: datetime | None = None) -> list[deadlines.Escalation]:
    """Escalate every case whose running deadline has passed further than its last escalation (idempotent).

    On the finder's side a reminder also goes to the owner, as a step in the thread.
    """
    actor.require(Permission.CASES_WRITE)
    at = now or utc_now()
    settings = node.settings
    with node.db.write() as connection:
        due = deadlines.due_escalations(store.open_cases(connection), at, settings.case_escalation_hours)
        for escalation in due:
            case = _case(connection, escalation.case_id, for_update=True)
            if case.side is Side.FINDER:
                text = (
                    f"The {escalation.deadline.kind} deadline of {escalation.deadline.due_at.isoformat()} has passed"
                    f" ({escalation.step})."
                )
                case = _step(node, connection, actor, case, StepAction.REMINDER, text=text, at=at)
            case = case.model_copy(
                update={"escalation_level": escalation.level, "escalated_deadline": escalation.deadline.kind}
            )
            store.update_case(connection, case)
            node.audit(
                connection,
                actor,
                "case.escalate",
                case.case_id,
                partner=case.partner_node,
                deadline=escalation.deadline.kind,
                level=escalation.level,
                step=escalation.step,
            )
    return due
