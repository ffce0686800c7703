"""``federation.ping``: a message that carries nothing, to prove the outbox path to a partner end to end.

It travels like any message (outbox, signature, agreement check, exactly-once inbox) under the purpose
``connectivity-check``, which every agreement admits because a ping discloses nothing.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Connection

from perimeter.core.access import Actor, Permission
from perimeter.core.errors import NotFound
from perimeter.federation import inbox, outbox
from perimeter.federation.messages import InboundMessage
from perimeter.services.node import Node
from perimeter.store import agreements
from perimeter.store.tables.base import utc_now

KIND = "federation.ping"
PURPOSE = "connectivity-check"


@inbox.register(KIND)
def answer_ping(node: Node, connection: Connection, message: InboundMessage) -> dict[str, Any]:
    return {"pong": node.node_id, "sent": message.payload.get("sent")}


def ping(node: Node, actor: Actor, partner: str, idempotency_key: str | None = None) -> str:
    """Queue a ping to ``partner`` under any agreement in force between the two; its idempotency key."""
    actor.require(Permission.PARTNERS_WRITE)
    key = idempotency_key or f"ping:{uuid.uuid4()}"
    with node.db.write() as connection:
        agreement_id = agreement_with(connection, node, partner)
        outbox.enqueue(node, connection, partner=partner, kind=KIND, payload={"sent": utc_now().isoformat()},
                       agreement_id=agreement_id, purpose=PURPOSE, idempotency_key=key)  # fmt: skip
        node.audit(connection, actor, "federation.ping", partner, idempotency_key=key)
    return key


def agreement_with(connection: Connection, node: Node, partner: str) -> str:
    """The id of an agreement in force today between this node and ``partner``."""
    today = utc_now().date()
    for signed in agreements.newest_all(connection):
        parties = signed.agreement.parties
        if partner in parties and node.node_id in parties and signed.agreement.in_force_on(today):
            return signed.agreement.agreement
    raise NotFound(f"no agreement in force with {partner}")
