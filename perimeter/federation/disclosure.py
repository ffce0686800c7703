"""Answering a partner under an agreement: count the query, decide per record, redact, audit with the clause."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, select, update

from perimeter.federation.inbox import Refused
from perimeter.federation.messages import InboundMessage
from perimeter.services.node import Node
from perimeter.sharing.agreements import Mode
from perimeter.sharing.policy import ANY_CATEGORY, Decision, DisclosureRequest, decide
from perimeter.store.tables.federation import query_counts


def count_query(node: Node, connection: Connection, message: InboundMessage, record_kind: str) -> int:
    """Count this query against the partner's daily limit; how many came before it today."""
    day = message.received_at.date()
    key = (
        (query_counts.c.partner == message.sender)
        & (query_counts.c.agreement_id == message.agreement_id)
        & (query_counts.c.record_kind == record_kind)
        & (query_counts.c.day == day)
    )
    before = connection.execute(select(query_counts.c.count).where(key)).scalar()
    if before is None:
        connection.execute(
            query_counts.insert().values(
                partner=message.sender,
                agreement_id=message.agreement_id,
                record_kind=record_kind,
                day=day,
                count=1,
            )
        )
        return 0
    connection.execute(update(query_counts).where(key).values(count=query_counts.c.count + 1))
    return int(before)


def request_for(
    node: Node,
    message: InboundMessage,
    record_kind: str,
    *,
    category: str | None = None,
    mode: Mode = Mode.QUERIED,
    queries_today: int = 0,
    on: date | None = None,
) -> DisclosureRequest:
    return DisclosureRequest(
        requester=message.sender,
        owner=node.node_id,
        record_kind=record_kind,
        purpose=message.purpose,
        on=on or message.received_at.date(),
        mode=mode,
        category=category,
        queries_today=queries_today,
    )


def admit(
    node: Node, connection: Connection, message: InboundMessage, record_kind: str, mode: Mode = Mode.QUERIED
) -> int:
    """Refuse (403, audited) unless some clause lets this partner query ``record_kind`` now; the day's count."""
    queries_today = count_query(node, connection, message, record_kind)
    request = request_for(node, message, record_kind, category=ANY_CATEGORY, mode=mode, queries_today=queries_today)
    decision = decide(message.agreement.agreement, request)
    if not decision.allowed:
        raise Refused(decision.reason)
    return queries_today


def audit_disclosure(
    node: Node, connection: Connection, message: InboundMessage, decisions: list[Decision], target: str, **details: Any
) -> None:
    """One entry per answer: what was asked, under which agreement, which clauses released what."""
    node.audit(
        connection,
        f"partner:{message.sender}",
        "federation.disclose",
        target,
        kind=message.kind,
        agreement=message.agreement.key,
        purpose=message.purpose,
        clauses=sorted({f"{d.clause}:{d.level.value if d.level else 'none'}" for d in decisions if d.allowed}),
        withheld=sum(1 for d in decisions if not d.allowed),
        **details,
    )
