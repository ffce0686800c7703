"""What a node does with the case messages its partners send: open the mirrored case, apply the partner's steps.

The transport has verified the signature, the agreement and the purpose before these run, inside the transaction
that records the message; each handler validates the payload, checks that the sender is the side it claims to be,
and is idempotent (a redelivered notification or step changes nothing and is answered the same way).
"""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy import Connection

from perimeter.core.errors import Conflict, InvalidInput, PermissionDenied
from perimeter.federation.references import open_reference
from perimeter.records.cases import CaseStep, HitNotification, Side, StepAction, apply, open_case, parse
from perimeter.services import case_records, case_terms
from perimeter.services.node import Node
from perimeter.store import cases as store
from perimeter.store.tables.base import utc_now


class Message(Protocol):
    """The parts of a verified inbound message the handlers read."""

    @property
    def sender(self) -> str: ...

    @property
    def agreement_id(self) -> str: ...

    @property
    def payload(self) -> dict[str, Any]: ...


def receive_notification(node: Node, connection: Connection, message: Message) -> dict[str, Any]:
    """Open the owner's copy of the case a partner's hit notification starts (the same case UUID)."""
    notification = parse(HitNotification, message.payload, "hit notification")
    if notification.finder_node != message.sender:
        raise PermissionDenied(f"{message.sender} sent a notification in the name of {notification.finder_node}")
    if notification.owner_node != node.node_id:
        raise InvalidInput(f"the notification is for {notification.owner_node}, not this node ({node.node_id})")
    if notification.agreement_id != message.agreement_id:
        raise InvalidInput("the notification names another agreement than the message that carries it")
    existing = store.get_case(connection, notification.case_id)
    if existing is not None:
        if existing.side is not Side.OWNER or existing.finder_node != message.sender:
            raise Conflict(f"case {notification.case_id} already exists here with other parties")
        return {"case_id": existing.case_id, "state": existing.state.value, "duplicate": True}
    record_id = notification.record_id
    if notification.reference is not None:
        opened = open_reference(node, notification.reference)  # only this node can: it sealed it
        if record_id is not None and record_id != opened:
            raise InvalidInput("the notification's record id and sealed reference name different records")
        record_id = opened
    case = open_case(notification, Side.OWNER, record_id)
    store.insert_case(connection, case, notification)
    held = case_records.record(connection, node.node_id, case.record_kind, case.record_id) is not None
    node.audit(
        connection,
        f"partner:{message.sender}",
        "case.received",
        case.case_id,
        partner=message.sender,
        record_kind=case.record_kind.value,
        record_id=case.record_id,
        record_held=held,
        agreement=case.agreement_id,
        purpose=case.purpose,
        response_due_at=case.response_due_at.isoformat(),
    )
    return {"case_id": case.case_id, "state": case.state.value, "record_held": held}


def receive_step(node: Node, connection: Connection, message: Message) -> dict[str, Any]:
    """Apply a partner's step to this node's copy of the case, once."""
    step = parse(CaseStep, message.payload, "case step")
    if step.node_id != message.sender:
        raise PermissionDenied(f"{message.sender} sent a step in the name of {step.node_id}")
    case = store.get_case(connection, step.case_id, for_update=True)
    if case is None:
        # Cannot happen while the notification was accepted: a partner's outbox delivers to us in order.
        raise Conflict(f"no case {step.case_id} here yet")
    if store.has_step(connection, step.step_id):
        return {"case_id": case.case_id, "state": case.state.value, "duplicate": True}
    if case.partner_node != message.sender or step.side is case.side:
        raise PermissionDenied(f"{message.sender} is not the other party of case {case.case_id}")
    if case.agreement_id != message.agreement_id:
        raise InvalidInput("the step names another agreement than its case")
    if step.action is StepAction.RELEASE:
        allowed = case_terms.releasable(node, connection, case)
        beyond = sorted(set(step.fields) - allowed.fields)
        if beyond:  # the owner's node should never send these; refuse to hold them
            raise PermissionDenied(f"the release carries fields the agreement does not allow: {', '.join(beyond)}")
    core_hours = case_terms.core_data_hours(node, connection, case) if step.action is StepAction.CONFIRM else None
    updated = apply(case, step, core_hours)
    store.update_case(connection, updated)
    store.add_step(connection, step, utc_now())
    node.audit(
        connection,
        f"partner:{message.sender}",
        f"case.{step.action.value}.received",
        case.case_id,
        partner=message.sender,
        state=updated.state.value,
        step=step.step_id,
        **({"fields": sorted(step.fields)} if step.fields else {}),
    )
    return {"case_id": case.case_id, "state": updated.state.value}
