"""Message and query kinds the federation tests exchange (registered once, on import)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from perimeter.federation import inbox
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
