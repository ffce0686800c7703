"""The document status registry, one record at a time: add, amend, clear and read.

Only the issuing country's node may add, amend or clear a record (as in INTERPOL's lost-and-stolen database):
a document of another country is refused, and a record replicated here from a partner node is read-only.
Every change goes to the change feed (kind ``document-status``) so partners' replication can follow it.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection

from perimeter.core.access import Actor, Permission
from perimeter.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from perimeter.records.common import describe_problems
from perimeter.records.documents import (
    DocumentReference,
    DocumentStatusRecord,
    issuing_country,
    parse_document_type,
)
from perimeter.services.node import Node
from perimeter.store import changes
from perimeter.store import documents as store
from perimeter.store.document_loads import DOCUMENT_KIND
from perimeter.store.tables.base import utc_now

_SERVER_FIELDS = ("owner_node",)


def require_issuer(node: Node, country: str, what: str = "add, amend or clear") -> None:
    """Refuse, with the reason, a change to a document this node's country did not issue."""
    mine = issuing_country(node.identity.country)
    if country != mine:
        raise PermissionDenied(
            f"only the issuing country's node may {what} the status of a {country} document;"
            f" this node ({node.node_id}) speaks for {mine}"
        )


def validated(node: Node, data: dict[str, Any]) -> DocumentStatusRecord:
    """A record from API or CLI input, owned by this node; every problem named with its field."""
    present = sorted(key for key in _SERVER_FIELDS if key in data)
    if present:
        raise InvalidInput(f"{', '.join(present)} is set by the node, not by the caller")
    try:
        return DocumentStatusRecord.model_validate({**data, "owner_node": node.node_id})
    except ValidationError as error:
        raise InvalidInput(f"invalid document status record: {describe_problems(error)}") from None


def reference(country: str, document_type: str, number: str) -> DocumentReference:
    """The document named by an API path or CLI options, validated."""
    try:
        return DocumentReference(
            issuing_country=issuing_country(country), document_type=parse_document_type(document_type), number=number
        )
    except ValidationError as error:
        raise InvalidInput(describe_problems(error, "document")) from None


def add(node: Node, actor: Actor, data: dict[str, Any]) -> DocumentStatusRecord:
    actor.require(Permission.DOCUMENTS_WRITE)
    record = validated(node, data)
    require_issuer(node, record.issuing_country)
    now = utc_now()
    with node.db.write() as connection:
        existing = _own_row(connection, node, record)
        if existing is not None:
            raise Conflict(f"document {record.record_id} is already reported ({existing.status}); amend it instead")
        store.insert(connection, [record], now)
        changes.record(connection, DOCUMENT_KIND, node.node_id, "add", [record.record_id], now)
        node.audit(connection, actor, "document.status.add", record.record_id, status=record.status.value)
    return record


def amend(
    node: Node, actor: Actor, country: str, document_type: str, number: str, data: dict[str, Any]
) -> DocumentStatusRecord:
    actor.require(Permission.DOCUMENTS_WRITE)
    ref = reference(country, document_type, number)
    require_issuer(node, ref.issuing_country)
    record = validated(node, {**data, **_reference_fields(ref, data)})
    now = utc_now()
    with node.db.write() as connection:
        current = _held(connection, node, ref)
        fields = store.changed_fields(current, record)
        if not fields:
            return current
        store.replace(connection, record, now)
        changes.record(connection, DOCUMENT_KIND, node.node_id, "change", [ref.record_id], now)
        node.audit(connection, actor, "document.status.amend", ref.record_id, fields=fields, status=record.status.value)
    return record


def clear(node: Node, actor: Actor, country: str, document_type: str, number: str, reason: str = "") -> None:
    """Remove a record: the document is no longer reported (recovered, reported in error)."""
    actor.require(Permission.DOCUMENTS_WRITE)
    ref = reference(country, document_type, number)
    require_issuer(node, ref.issuing_country)
    now = utc_now()
    with node.db.write() as connection:
        current = _held(connection, node, ref)
        store.remove(connection, node.node_id, ref.issuing_country, ref.document_type.value, ref.number_key)
        changes.record(connection, DOCUMENT_KIND, node.node_id, "remove", [ref.record_id], now)
        node.audit(
            connection, actor, "document.status.clear", ref.record_id, was=current.status.value, reason=reason or None
        )


def get(
    node: Node, actor: Actor, country: str, document_type: str, number: str, owner_node: str | None = None
) -> DocumentStatusRecord:
    """One record; this node's own when it holds one, else the one a partner owns (``owner_node`` to choose)."""
    actor.require(Permission.DOCUMENTS_CHECK)
    ref = reference(country, document_type, number)
    with node.db.write() as connection:
        rows = store.lookup(connection, ref.issuing_country, ref.number_key, ref.document_type.value)
        records = sorted(
            (store.from_row(row) for row in rows), key=lambda r: (r.owner_node != node.node_id, r.owner_node)
        )
        if owner_node is not None:
            records = [record for record in records if record.owner_node == owner_node]
        node.audit(connection, actor, "document.status.get", ref.record_id, found=bool(records))
    if not records:
        raise NotFound(f"no status record for document {ref.record_id}")
    return records[0]


def _reference_fields(ref: DocumentReference, data: dict[str, Any]) -> dict[str, Any]:
    """The path names the document; a body that names another one is refused rather than silently moved."""
    if any(data.get(name) is not None for name in ("issuing_country", "document_type", "number")):
        given = reference(
            str(data.get("issuing_country") or ref.issuing_country),
            str(data.get("document_type") or ref.document_type.value),
            str(data.get("number") or ref.number),
        )
        if given.record_id != ref.record_id:
            raise InvalidInput(f"the body names document {given.record_id}, the path {ref.record_id}")
    return {
        "issuing_country": ref.issuing_country,
        "document_type": ref.document_type.value,
        "number": data.get("number") or ref.number,
    }


def _own_row(connection: Connection, node: Node, ref: DocumentReference) -> Any:
    return store.get(connection, node.node_id, ref.issuing_country, ref.document_type.value, ref.number_key)


def _held(connection: Connection, node: Node, ref: DocumentReference) -> DocumentStatusRecord:
    row = _own_row(connection, node, ref)
    if row is not None:
        return store.from_row(row)
    others = store.lookup(connection, ref.issuing_country, ref.number_key, ref.document_type.value)
    if others:
        owner = others[0].owner_node
        raise Conflict(f"document {ref.record_id} is reported by node {owner}: only its owner may change it")
    raise NotFound(f"no status record for document {ref.record_id} on this node")
