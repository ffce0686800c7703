"""What a node answers partners' screening queries with: its own records only, each released per its clause.

``screening.person`` screens a person against this node's own watch-list entries; ``screening.document`` checks
a document against this node's own status records. Records this node holds for others are never passed on. A hit
outside every clause is withheld entirely (not even hit/no-hit); a hit-no-hit clause releases only ``hit`` and an
opaque reference the owner can open when the finder notifies it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from perimeter.federation import disclosure, inbox
from perimeter.federation.messages import InboundMessage
from perimeter.federation.references import seal
from perimeter.services.node import Node
from perimeter.sharing.policy import Decision, decide
from perimeter.sharing.redaction import redact

WATCHLIST_ENTRY = "watchlist-entry"
DOCUMENT_STATUS = "document-status"


@inbox.register_query("screening.document")
def answer_document(node: Node, connection: Connection, message: InboundMessage) -> dict[str, Any]:
    from perimeter.services.document_checks import DocumentQuery, look_up

    queries_today = disclosure.admit(node, connection, message, DOCUMENT_STATUS)
    payload = message.payload
    query = DocumentQuery.of(str(payload.get("country", "")), str(payload.get("number", "")), payload.get("type"))
    records = [record for record in look_up(connection, query).records if record.owner_node == node.node_id]
    decision = decide(
        message.agreement.agreement,
        disclosure.request_for(node, message, DOCUMENT_STATUS, queries_today=queries_today),
    )
    released = [_released(node, decision, record.model_dump(mode="json"), record.record_id) for record in records]
    disclosure.audit_disclosure(node, connection, message, [decision], query.target, hits=len(records))
    return {"owner": node.node_id, "hit": bool(records), "records": released}


@inbox.register_query("screening.person")
def answer_person(node: Node, connection: Connection, message: InboundMessage) -> dict[str, Any]:
    from perimeter.screening.query import ScreeningQuery
    from perimeter.services.screening import screener

    queries_today = disclosure.admit(node, connection, message, WATCHLIST_ENTRY)
    query = ScreeningQuery.from_mapping(message.payload.get("query"), "query")
    _, hits = screener(node).screen(query)
    answers, decisions = [], []
    for hit in hits:
        if hit.owner_node != node.node_id or not hit.alerts:
            continue
        request = disclosure.request_for(
            node, message, WATCHLIST_ENTRY, category=hit.category, queries_today=queries_today
        )
        decision = decide(message.agreement.agreement, request)
        decisions.append(decision)
        if decision.allowed:
            answers.append(_released(node, decision, hit.to_json(), hit.record_id))
    disclosure.audit_disclosure(
        node, connection, message, decisions, query.fingerprint, hits=len(decisions), released=len(answers)
    )
    return {"owner": node.node_id, "hit": bool(answers), "hits": answers}


def _released(node: Node, decision: Decision, record: dict[str, Any], record_id: str) -> dict[str, Any]:
    assert decision.level is not None
    return {
        "hit": True,
        "level": decision.level.value,
        "clause": decision.clause,
        "reference": seal(node, record_id),
        "record": redact(record, decision),
    }
