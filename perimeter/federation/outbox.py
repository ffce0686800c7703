"""The durable outbox: messages to partners are written in the sender's transaction and delivered later.

A message is enqueued with an idempotency key inside the transaction that produced it, so it exists if and only if
that change was committed. The deliverer sends each partner's messages in order, re-signing each attempt; a
partner that is down makes it wait with exponential backoff and nothing is lost; the receiver keeps the keys it has
handled, so a message re-sent after a lost answer is not handled twice. A refusal (401/403/422) is final and audited.
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, func, select, update

from perimeter.audit.chain import canonical_json
from perimeter.core.errors import InvalidInput, NotFound, PerimeterError, Unavailable
from perimeter.federation import wakeup
from perimeter.federation.client import PartnerClient, answer_of
from perimeter.federation.messages import envelope
from perimeter.services.node import Node
from perimeter.store import partners
from perimeter.store.tables.base import utc_now
from perimeter.store.tables.federation import federation_outbox

PENDING, DELIVERED, REFUSED = "pending", "delivered", "refused"
BACKOFF_START = 0.5
BACKOFF_MAX = 300.0
LEASE = timedelta(seconds=60)
_T = federation_outbox.c


def enqueue(
    node: Node,
    connection: Connection,
    *,
    partner: str,
    kind: str,
    payload: dict[str, Any],
    agreement_id: str,
    purpose: str,
    idempotency_key: str,
) -> None:
    """Queue a message to ``partner`` inside the caller's transaction; a repeated key is ignored."""
    if partners.get(connection, partner) is None:
        raise NotFound(f"no partner with node id {partner!r}: add it before sending it messages")
    if not (kind and agreement_id and purpose and idempotency_key):
        raise InvalidInput("a message needs a kind, an agreement, a purpose and an idempotency key")
    canonical_json(payload)  # refuse what cannot travel as JSON now, not at delivery
    now = utc_now()
    insert: Any = node.db.insert(federation_outbox)  # the dialect's INSERT, which has on_conflict_do_nothing
    connection.execute(
        insert.values(
            message_id=str(uuid.uuid4()),
            partner=partner,
            kind=kind,
            payload=payload,
            agreement_id=agreement_id,
            purpose=purpose,
            idempotency_key=idempotency_key,
            created_at=now,
            status=PENDING,
            attempts=0,
            next_attempt_at=now,
        ).on_conflict_do_nothing(index_elements=["partner", "idempotency_key"])
    )
    wakeup.after_commit(connection, id(node))  # a deliverer in this process sends it once committed


@dataclass
class DeliveryReport:
    delivered: int = 0
    duplicates: int = 0
    refused: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Claimed:
    message_id: str
    partner: str
    kind: str
    payload: dict[str, Any]
    agreement_id: str
    purpose: str
    idempotency_key: str
    created_at: datetime
    attempts: int


async def deliver_due(node: Node, client: PartnerClient, *, limit: int = 200) -> DeliveryReport:
    """Send what is due, partner by partner in order; partners are served concurrently."""
    claimed = await asyncio.to_thread(_claim, node, limit)
    by_partner: dict[str, list[_Claimed]] = {}
    for message in claimed:
        by_partner.setdefault(message.partner, []).append(message)
    report = DeliveryReport()
    await asyncio.gather(*(_deliver_partner(node, client, rows, report) for rows in by_partner.values()))
    return report


async def _deliver_partner(node: Node, client: PartnerClient, rows: list[_Claimed], report: DeliveryReport) -> None:
    for position, message in enumerate(rows):
        try:
            partner = await asyncio.to_thread(client.partner, message.partner)
            body = envelope(
                sender=node.node_id,
                recipient=message.partner,
                kind=message.kind,
                payload=message.payload,
                agreement_id=message.agreement_id,
                purpose=message.purpose,
                idempotency_key=message.idempotency_key,
                sent_at=message.created_at,
            )
            answer = answer_of(message.partner, await client.post(partner, "/messages", body))
        except Unavailable as error:
            report.failed += 1
            report.errors.append(error.message)
            await asyncio.to_thread(_retry_later, node, [m.message_id for m in rows[position:]], message, error)
            return
        except PerimeterError as error:
            report.refused += 1
            report.errors.append(error.message)
            await asyncio.to_thread(_finish, node, message, REFUSED, None, error.message)
            continue
        if answer.get("status") == "duplicate":
            report.duplicates += 1
        report.delivered += 1
        await asyncio.to_thread(_finish, node, message, DELIVERED, answer.get("response"), None)


def _claim(node: Node, limit: int) -> list[_Claimed]:
    """Take the due messages of each partner whose oldest pending message is due, leasing them for a minute."""
    now = utc_now()
    with node.db.write() as connection:
        heads = (
            select(_T.partner, func.min(_T.seq).label("oldest"))
            .where(_T.status == PENDING)
            .group_by(_T.partner)
            .subquery()
        )
        due_partners = [
            row.partner
            for row in connection.execute(
                select(heads.c.partner)
                .join(federation_outbox, _T.seq == heads.c.oldest)
                .where(_T.status == PENDING, _T.next_attempt_at <= now)
            )
        ]
        if not due_partners:
            return []
        rows = connection.execute(
            select(federation_outbox)
            .where(_T.status == PENDING, _T.partner.in_(due_partners), _T.next_attempt_at <= now)
            .order_by(_T.seq)
            .limit(limit)
        ).all()
        claimed = []
        for row in rows:
            taken = connection.execute(
                update(federation_outbox)
                .where(_T.message_id == row.message_id, _T.next_attempt_at <= now, _T.status == PENDING)
                .values(next_attempt_at=now + LEASE, attempts=_T.attempts + 1)
            )
            if taken.rowcount == 1:
                claimed.append(
                    _Claimed(
                        row.message_id,
                        row.partner,
                        row.kind,
                        row.payload,
                        row.agreement_id,
                        row.purpose,
                        row.idempotency_key,
                        row.created_at,
                        row.attempts + 1,
                    )
                )
        return claimed


def _retry_later(node: Node, message_ids: list[str], failed: _Claimed, error: PerimeterError) -> None:
    delay = min(BACKOFF_MAX, BACKOFF_START * 2 ** (failed.attempts - 1))
    with node.db.write() as connection:
        connection.execute(
            update(federation_outbox)
            .where(_T.message_id.in_(message_ids), _T.status == PENDING)
            .values(next_attempt_at=utc_now() + timedelta(seconds=delay), last_error=error.message[:1000])
        )


def _finish(node: Node, message: _Claimed, status: str, response: Any, error: str | None) -> None:
    with node.db.write() as connection:
        connection.execute(
            update(federation_outbox)
            .where(_T.message_id == message.message_id)
            .values(status=status, delivered_at=utc_now(), response=response, last_error=error)
        )
        node.audit(
            connection,
            "system",
            "federation.message.deliver" if status == DELIVERED else "federation.message.refused",
            message.partner,
            kind=message.kind,
            idempotency_key=message.idempotency_key,
            attempts=message.attempts,
            **({"reason": error} if error else {}),
        )


def pending_count(node: Node, partner: str | None = None) -> int:
    with node.db.read() as connection:
        query = select(func.count()).select_from(federation_outbox).where(_T.status == PENDING)
        if partner:
            query = query.where(_T.partner == partner)
        return int(connection.execute(query).scalar() or 0)


def messages(node: Node, *, status: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
    """Outbox rows, newest first, for people and tests (payloads left out)."""
    with node.db.read() as connection:
        query = select(federation_outbox).order_by(_T.seq.desc()).limit(limit)
        if status:
            query = query.where(_T.status == status)
        return [
            {key: value for key, value in row._mapping.items() if key != "payload"} for row in connection.execute(query)
        ]
