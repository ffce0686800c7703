"""What a node answers partners' screening queries with: its own records only, each released per its clause.

``screening.person`` screens a person against this node's own watch-list entries; ``screening.document`` checks
a document against this node's own status records. Records this node holds for others are never passed on. A hit
outside every clause is withheld entirely (not even hit/no-hit); a hit-no-hit clause releases only ``hit`` and an
opaque reference the owner can open when the finder notifies it.

``screening.persons`` and ``screening.documents`` ask about many subjects (a flight's travellers) in one signed
request: each subject is answered exactly as the single query would answer it and counts as one query against the
clause's daily limit; a batch that does not fit the limit, or that no clause covers, is refused whole; the answer is
audited once, with counts only.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from perimeter.core.errors import InvalidInput
from perimeter.federation import disclosure, inbox
from perimeter.federation.messages import InboundMessage
from perimeter.federation.references import seal
from perimeter.screening.query import Hit
from perimeter.services.node import Node
from perimeter.sharing.policy import Decision, decide
from perimeter.sharing.redaction import redact

WATCHLIST_ENTRY = "watchlist-entry"
DOCUMENT_STATUS = "document-status"


#: The most subjects one batch query (``screening.persons``, ``screening.documents``) may ask about.
MAX_BATCH = 1000


@inbox.register_query("screening.document")
def answer_document(node: Node, connection: Connection, message: InboundMessage) -> dict[str, Any]:
    queries_today = disclosure.admit(node, connection, message, DOCUMENT_STATUS)
    answer, decision = _document_answer(connection, node, message, message.payload, "payload", queries_today)
    target = f"{answer.pop('target')}"
    disclosure.audit_disclosure(node, connection, message, [decision], target, hits=len(answer["records"]))
    return answer


@inbox.register_query("screening.documents")
def answer_documents(node: Node, connection: Connection, message: InboundMessage) -> dict[str, Any]:
    """Many documents in one request, each answered as ``screening.document`` would (and counted as one query)."""
    items = _batch(message, "documents")
    queries_today = disclosure.admit(node, connection, message, DOCUMENT_STATUS, count=len(items))
    answers, decisions = [], []
    for index, item in enumerate(items):
        answer, decision = _document_answer(
            connection, node, message, item, f"documents[{index}]", queries_today + index
        )
        answer.pop("target")
        answers.append(answer)
        decisions.append(decision)
    disclosure.audit_disclosure(
        node, connection, message, decisions, f"batch:{message.idempotency_key}", subjects=len(items),
        hits=sum(1 for answer in answers if answer["hit"]),
        released=sum(len(answer["records"]) for answer in answers),
    )  # fmt: skip
    return {"owner": node.node_id, "answers": answers}


def _document_answer(
    connection: Connection, node: Node, message: InboundMessage, payload: object, where: str, queries_today: int
) -> tuple[dict[str, Any], Decision]:
    """One document's answer (with its ``target`` for the audit) and the decision it was released under."""
    from perimeter.services.document_checks import DocumentQuery, look_up

    if not isinstance(payload, dict):
        raise InvalidInput(f"{where}: expected an object with country and number, got {type(payload).__name__}")
    query = DocumentQuery.of(str(payload.get("country", "")), str(payload.get("number", "")), payload.get("type"))
    records = [record for record in look_up(connection, query).records if record.owner_node == node.node_id]
    decision = decide(
        message.agreement.agreement,
        disclosure.request_for(node, message, DOCUMENT_STATUS, queries_today=queries_today),
    )
    if not decision.allowed:  # admitted, yet refused for this document: nothing, not even hit/no-hit
        records = []
    released = [_released(node, decision, record.model_dump(mode="json"), record.record_id) for record in records]
    return {"owner": node.node_id, "hit": bool(records), "records": released, "target": query.target}, decision


@inbox.register_query("screening.person")
def answer_person(node: Node, connection: Connection, message: InboundMessage) -> dict[str, Any]:
    from perimeter.screening.query import ScreeningQuery
    from perimeter.services.screening import screener

    queries_today = disclosure.admit(node, connection, message, WATCHLIST_ENTRY)
    query = ScreeningQuery.from_mapping(message.payload.get("query"), "query")
    _, hits = screener(node).screen(query)
    answer, decisions = _person_answer(node, message, hits, queries_today)
    disclosure.audit_disclosure(
        node, connection, message, decisions, query.fingerprint, hits=len(decisions), released=len(answer["hits"])
    )
    return answer


@inbox.register_query("screening.persons")
def answer_persons(node: Node, connection: Connection, message: InboundMessage) -> dict[str, Any]:
    """A whole flight's travellers in one request (at most :data:`MAX_BATCH`), each answered under the same clause
    rules as ``screening.person`` and counted as one query; audited once, with counts only."""
    from perimeter.screening.query import ScreeningQuery
    from perimeter.services.screening import screener

    items = _batch(message, "queries")
    queries = [ScreeningQuery.from_mapping(item, f"queries[{index}]") for index, item in enumerate(items)]
    queries_today = disclosure.admit(node, connection, message, WATCHLIST_ENTRY, count=len(queries))
    answers, decisions = [], []
    for index, (_, hits) in enumerate(screener(node).screen_many(queries)):
        answer, decided = _person_answer(node, message, hits, queries_today + index)
        answers.append(answer)
        decisions.extend(decided)
    disclosure.audit_disclosure(
        node, connection, message, decisions, f"batch:{message.idempotency_key}", subjects=len(queries),
        hits=len(decisions), released=sum(len(answer["hits"]) for answer in answers),
    )  # fmt: skip
    return {"owner": node.node_id, "answers": answers}


def _person_answer(
    node: Node, message: InboundMessage, hits: list[Hit], queries_today: int
) -> tuple[dict[str, Any], list[Decision]]:
    """One person's answer: each of this node's own alerting hits released as its clause allows, or withheld."""
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
    return {"owner": node.node_id, "hit": bool(answers), "hits": answers}, decisions


def _batch(message: InboundMessage, key: str) -> list[Any]:
    items = message.payload.get(key)
    if not isinstance(items, list) or not items:
        raise InvalidInput(f"payload.{key}: expected a non-empty list")
    if len(items) > MAX_BATCH:
        raise InvalidInput(f"payload.{key}: {len(items)} subjects; at most {MAX_BATCH} per request (split the batch)")
    return items


def _released(node: Node, decision: Decision, record: dict[str, Any], record_id: str) -> dict[str, Any]:
    assert decision.level is not None
    return {
        "hit": True,
        "level": decision.level.value,
        "clause": decision.clause,
        "reference": seal(node, record_id),
        "record": redact(record, decision),
    }
