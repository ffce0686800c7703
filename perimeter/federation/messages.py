"""What travels between nodes: the signed envelope, and the message a handler receives once it is verified."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from perimeter.core.errors import InvalidInput
from perimeter.sharing.signing import SignedAgreement

FIELDS = ("sender", "recipient", "kind", "payload", "agreement_id", "purpose", "idempotency_key", "sent_at")


@dataclass(frozen=True)
class InboundMessage:
    """A verified message from a partner: its signature, nonce, agreement and purpose have been checked."""

    sender: str
    kind: str
    payload: dict[str, Any]
    agreement_id: str
    purpose: str
    idempotency_key: str
    received_at: datetime
    agreement: SignedAgreement


def envelope(
    *,
    sender: str,
    recipient: str,
    kind: str,
    payload: dict[str, Any],
    agreement_id: str,
    purpose: str,
    idempotency_key: str,
    sent_at: datetime,
) -> dict[str, Any]:
    return {
        "sender": sender,
        "recipient": recipient,
        "kind": kind,
        "payload": payload,
        "agreement_id": agreement_id,
        "purpose": purpose,
        "idempotency_key": idempotency_key,
        "sent_at": sent_at.isoformat(),
    }


def parse_envelope(body: bytes) -> dict[str, Any]:
    """The envelope of a request body, every field present and of the right type, or a precise error."""
    try:
        value = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidInput(f"the request body is not JSON: {error}") from None
    if not isinstance(value, dict):
        raise InvalidInput("the request body must be a JSON object (the message envelope)")
    missing = [name for name in FIELDS if name not in value]
    if missing:
        raise InvalidInput(f"the message envelope lacks {', '.join(missing)}")
    if not isinstance(value["payload"], dict):
        raise InvalidInput("the message payload must be a JSON object")
    for name in FIELDS:
        if name != "payload" and not isinstance(value[name], str):
            raise InvalidInput(f"the envelope field {name} must be a string")
    return value
