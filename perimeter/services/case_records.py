"""The owner's record behind a case, and the fields of it the owner may release."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import JsonValue
from sqlalchemy import Connection, select

from perimeter.core.errors import InvalidInput, NotFound
from perimeter.records.cases import Case, RecordKind
from perimeter.records.documents import DocumentStatusRecord
from perimeter.records.watchlist import WatchlistEntry
from perimeter.store import documents as document_store
from perimeter.store import watchlists
from perimeter.store.tables.documents import document_status

FIELDS: dict[RecordKind, frozenset[str]] = {
    RecordKind.WATCHLIST_ENTRY: frozenset(WatchlistEntry.model_fields) - {"owner_node", "record_id"},
    RecordKind.DOCUMENT_STATUS: frozenset(DocumentStatusRecord.model_fields) - {"owner_node"},
}


def record(connection: Connection, owner_node: str, kind: RecordKind, record_id: str | None) -> dict[str, Any] | None:
    """The owner's record as JSON, or ``None`` when the owner no longer holds it (or the id is not known here)."""
    if record_id is None:
        return None
    if kind is RecordKind.WATCHLIST_ENTRY:
        entry = watchlists.get_entry(connection, owner_node, record_id)
        return entry.model_dump(mode="json") if entry else None
    country, _, rest = record_id.partition("/")
    document_type, _, key = rest.partition("/")
    row = connection.execute(
        select(document_status).where(
            document_status.c.owner_node == owner_node,
            document_status.c.issuing_country == country,
            document_status.c.document_type == document_type,
            document_status.c.number_key == key,
        )
    ).first()
    return document_store.from_row(row).model_dump(mode="json") if row else None


def project(connection: Connection, case: Case, fields: Sequence[str]) -> dict[str, JsonValue]:
    """The named fields of the owner's record behind ``case`` (a field the record leaves empty is released empty)."""
    unknown = sorted(set(fields) - FIELDS[case.record_kind])
    if unknown:
        known = ", ".join(sorted(FIELDS[case.record_kind]))
        raise InvalidInput(f"a {case.record_kind.value} has no field {', '.join(unknown)}; its fields are: {known}")
    held = record(connection, case.owner_node, case.record_kind, case.record_id)
    if held is None:
        raise NotFound(f"record {case.record_id} is no longer held by {case.owner_node}: there is nothing to release")
    return {name: held.get(name) for name in fields}
