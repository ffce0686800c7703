"""Message and query kinds the federation tests exchange (registered once, on import)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from perimeter.federation import inbox, outbox
from perimeter.federation.messages import InboundMessage
from perimeter.services.node import Node

HANDLED: list[tuple[str, str]] = []


@inbox.register("test.note")
def _note(node: Node, connection: Connection, message: InboundMessage) -> dict[str, Any]:
    HANDLED.append((node.node_id, message.idempotency_key))
    node.audit(connection, f"partner:{message.sender}", "test.note", message.idempotency_key)
    return {"noted": message.payload["text"], "by": node.node_id}


@inbox.register_query("test.echo")
def _echo(node: Node, connection: Connection, message: InboundMessage) -> dict[str, Any]:
    return {"echo": message.payload, "purpose": message.purpose, "agreement": message.agreement.key}


def enqueue(
    node: Node,
    key: str,
    text: str = "hello",
    *,
    kind: str = "test.note",
    purpose: str = "hit-notification",
    payload: dict[str, Any] | None = None,
) -> None:
    """Queue a message to ca-cbsa under the test agreement, in a transaction of its own."""
    with node.db.write() as connection:
        outbox.enqueue(
            node,
            connection,
            partner="ca-cbsa",
            kind=kind,
            payload={"text": text} if payload is None else payload,
            agreement_id="us-ca-2026",
            purpose=purpose,
            idempotency_key=key,
        )
