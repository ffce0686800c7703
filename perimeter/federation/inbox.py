"""Receiving from partners: verify the signature, the nonce, the agreement and the purpose, then dispatch.

Handlers register per message kind. A *message* (``register``) arrives through the sender's outbox and is handled
exactly once per (sender, idempotency key): the handler runs in the same transaction that records the key, so a
repeated delivery gets the first answer back without running it again. A *query* (``register_query``) is answered
at once and not stored. Every refusal is audited and discloses nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, select

from perimeter.core.errors import PerimeterError, PermissionDenied
from perimeter.federation.messages import InboundMessage, parse_envelope
from perimeter.federation.signatures import SignatureRejected, verify_request
from perimeter.services.node import Node
from perimeter.sharing.signing import SignedAgreement
from perimeter.store import agreements, nonces, partners
from perimeter.store.tables.federation import federation_inbox

#: Purposes every agreement admits between its parties, because they disclose nothing about anyone: exchanging
#: audit checkpoints (hashes) and pinging (an empty message).
INFRASTRUCTURE_PURPOSES = frozenset({"audit-checkpoint", "connectivity-check"})

Handler = Callable[[Node, Connection, InboundMessage], "dict[str, Any] | None"]

_MESSAGE_HANDLERS: dict[str, Handler] = {}
_QUERY_HANDLERS: dict[str, Handler] = {}


class Refused(PermissionDenied):
    """A signed request this node will not act on: outside an agreement, wrong purpose, over a limit, ..."""

    code = "refused"


def register(kind: str) -> Callable[[Handler], Handler]:
    """Register the handler of a message kind delivered through outboxes (exactly once per idempotency key)."""
    return _registrar(_MESSAGE_HANDLERS, kind)


def register_query(kind: str) -> Callable[[Handler], Handler]:
    """Register the handler of a query kind answered synchronously (screening, feeds, checkpoints)."""
    return _registrar(_QUERY_HANDLERS, kind)


def _registrar(table: dict[str, Handler], kind: str) -> Callable[[Handler], Handler]:
    def decorator(handler: Handler) -> Handler:
        known = table.get(kind)
        if known is not None and (known.__module__, known.__qualname__) != (handler.__module__, handler.__qualname__):
            raise ValueError(f"a handler for {kind!r} is already registered")
        table[kind] = handler
        return handler

    return decorator


def receive(
    node: Node, *, query: bool, method: str, url: str, headers: dict[str, str], body: bytes, now: datetime
) -> dict[str, Any]:
    """Verify and dispatch one signed request; refusals raise (401 signature, 403 agreement) after an audit."""
    sender, kind = "unknown", "unknown"
    try:
        with node.db.read() as connection:
            verified = verify_request(
                method,
                url,
                headers,
                body,
                key_for=partners.key_resolver(connection),
                now=int(now.timestamp()),
                skew=node.settings.clock_skew_seconds,
            )
        sender = verified.keyid
        envelope = parse_envelope(body)
        kind = envelope["kind"]
        if envelope["sender"] != sender:
            raise Refused(f"the envelope names sender {envelope['sender']!r} but {sender!r} signed it")
        if envelope["recipient"] != node.node_id:
            raise Refused(f"the message is addressed to {envelope['recipient']!r}, not to this node")
        handler = (_QUERY_HANDLERS if query else _MESSAGE_HANDLERS).get(kind)
        if handler is None:
            raise Refused(f"this node does not accept {'queries' if query else 'messages'} of kind {kind!r}")
        keep_until = datetime.fromtimestamp(verified.expires, now.tzinfo) + timedelta(
            seconds=node.settings.clock_skew_seconds
        )
        with node.db.write() as connection:
            if not nonces.remember(node.db, connection, sender, verified.nonce, keep_until, now):
                raise SignatureRejected(f"replayed request: nonce {verified.nonce!r} of {sender} was already used")
            agreement = governing_agreement(node, connection, sender, envelope, now)
            message = InboundMessage(
                sender,
                kind,
                envelope["payload"],
                envelope["agreement_id"],
                envelope["purpose"],
                envelope["idempotency_key"],
                now,
                agreement,
            )
            if query:
                return {"status": "answered", "response": handler(node, connection, message)}
            return _deliver_once(node, connection, handler, message)
    except PerimeterError as error:
        _audit_refusal(node, sender, kind, query, error)
        raise


def governing_agreement(
    node: Node, connection: Connection, sender: str, envelope: dict[str, Any], now: datetime
) -> SignedAgreement:
    """The agreement a request invokes, held here, signed by all, in force, naming both nodes and the purpose."""
    agreement_id, purpose = envelope["agreement_id"], envelope["purpose"]
    if not agreement_id:
        raise Refused("the request names no agreement")
    signed = agreements.get(connection, agreement_id)
    if signed is None:
        raise Refused(f"this node holds no agreement {agreement_id!r}")
    agreement = signed.agreement
    if sender not in agreement.parties or node.node_id not in agreement.parties:
        raise Refused(f"{signed.key} is not between {sender} and {node.node_id}")
    today = now.date()
    if today < agreement.in_force:
        raise Refused(f"{signed.key} is not in force before {agreement.in_force}")
    if today > agreement.expires:
        raise Refused(f"{signed.key} expired on {agreement.expires}")
    if not purpose:
        raise Refused("the request states no purpose")
    if purpose not in agreement.purposes and purpose not in INFRASTRUCTURE_PURPOSES:
        raise Refused(f"purpose {purpose!r} is not enumerated in {signed.key}: {', '.join(sorted(agreement.purposes))}")
    return signed


def _deliver_once(node: Node, connection: Connection, handler: Handler, message: InboundMessage) -> dict[str, Any]:
    seen = connection.execute(
        select(federation_inbox.c.response).where(
            federation_inbox.c.sender == message.sender,
            federation_inbox.c.idempotency_key == message.idempotency_key,
        )
    ).first()
    if seen is not None:
        return {"status": "duplicate", "response": seen.response}
    response = handler(node, connection, message)
    connection.execute(
        federation_inbox.insert().values(
            sender=message.sender,
            idempotency_key=message.idempotency_key,
            kind=message.kind,
            agreement_id=message.agreement_id,
            purpose=message.purpose,
            received_at=message.received_at,
            response=response,
        )
    )
    node.audit(
        connection,
        f"partner:{message.sender}",
        "federation.message.receive",
        message.kind,
        idempotency_key=message.idempotency_key,
        agreement=message.agreement_id,
        purpose=message.purpose,
    )
    return {"status": "accepted", "response": response}


def _audit_refusal(node: Node, sender: str, kind: str, query: bool, error: PerimeterError) -> None:
    with node.db.write() as connection:
        node.audit(
            connection,
            f"partner:{sender}",
            "federation.refuse",
            kind,
            channel="query" if query else "message",
            error=error.code,
            reason=error.message,
        )
