"""Case messages on the wire: two kinds, sent through the durable outbox and handled once by the partner's inbox.

``hit-notification`` carries a :class:`~perimeter.records.cases.HitNotification` (its idempotency key is the case
UUID); ``case-step`` carries a :class:`~perimeter.records.cases.CaseStep` (its key is the step UUID).
Importing this module registers the handlers with the inbox.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from perimeter.federation import inbox, outbox
from perimeter.federation.messages import InboundMessage
from perimeter.records.cases import Case, CaseStep, HitNotification
from perimeter.services import case_inbox
from perimeter.services.node import Node

HIT_NOTIFICATION = "hit-notification"
CASE_STEP = "case-step"


def send_notification(node: Node, connection: Connection, notification: HitNotification) -> None:
    outbox.enqueue(
        node,
        connection,
        partner=notification.owner_node,
        kind=HIT_NOTIFICATION,
        payload=notification.model_dump(mode="json"),
        agreement_id=notification.agreement_id,
        purpose=notification.purpose,
        idempotency_key=f"case:{notification.case_id}",
    )


def send_step(node: Node, connection: Connection, case: Case, step: CaseStep) -> None:
    outbox.enqueue(
        node,
        connection,
        partner=case.partner_node,
        kind=CASE_STEP,
        payload=step.model_dump(mode="json"),
        agreement_id=case.agreement_id,
        purpose=case.purpose,
        idempotency_key=f"step:{step.step_id}",
    )


@inbox.register(HIT_NOTIFICATION)
def _on_notification(node: Node, connection: Connection, message: InboundMessage) -> dict[str, Any]:
    return case_inbox.receive_notification(node, connection, message)


@inbox.register(CASE_STEP)
def _on_step(node: Node, connection: Connection, message: InboundMessage) -> dict[str, Any]:
    return case_inbox.receive_step(node, connection, message)
