"""Answering a partner under an agreement: count the query, decide per record, redact, audit with the clause."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection

from perimeter.federation.inbox import Refused
from perimeter.federation.messages import InboundMessage
from perimeter.services.node import Node
from perimeter.sharing.agreements import Mode
from perimeter.sharing.policy import ANY_CATEGORY, Decision, DisclosureRequest, decide
from perimeter.store.tables.federation import query_counts


def count_query(node: Node, connection: Connection, message: InboundMessage, record_kind: str, count: int = 1) -> int:
    """Count this query (``count`` subjects of a batch) against the partner's daily limit (one upsert, safe under
    concurrency); how many were counted before."""
    insert: Any = node.db.insert(query_counts)  # the dialect's INSERT, which has on_conflict_do_update
    counted = connection.execute(
        insert.values(
            partner=message.sender,
            agreement_id=message.agreement_id,
            record_kind=record_kind,
            day=message.received_at.date(),
            count=count,
        )
        .on_conflict_do_update(
            index_elements=["partner", "agreement_id", "record_kind", "day"],
            set_={"count": query_counts.c.count + count},
        )
        .returning(query_counts.c.count)
    ).scalar_one()
    return int(counted) - count


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
    node: Node,
    connection: Connection,
    message: InboundMessage,
    record_kind: str,
    mode: Mode = Mode.QUERIED,
    count: int = 1,
) -> int:
    """Refuse (403, audited) unless some clause lets this partner query ``record_kind`` now, for all ``count``
    subjects of a batch (each counts as one query against the daily limit); the day's count before this one."""
    queries_today = count_query(node, connection, message, record_kind, count)
    last = queries_today + count - 1
    request = request_for(node, message, record_kind, category=ANY_CATEGORY, mode=mode, queries_today=last)
    decision = decide(message.agreement.agreement, request)
    if not decision.allowed:
        batch = f" ({count} subjects asked at once, {queries_today} already asked today)" if count > 1 else ""
        raise Refused(decision.reason + batch)
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
