"""The document check: is this document reported lost, stolen, revoked or invalidated?

The number is compared by its key (no spaces or dashes, letter O read as zero), so a number an officer mistyped
or a reader misread that way still finds its record. A check is a query that matters, so each one is audited; the
lookup and the audit append are timed apart, and both are reported with the answer.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from sqlalchemy import Connection

from perimeter.core.access import Actor, Permission
from perimeter.core.errors import InvalidInput
from perimeter.records.documents import (
    DocumentStatus,
    DocumentStatusRecord,
    DocumentType,
    issuing_country,
    number_key,
    parse_document_type,
)
from perimeter.services.node import Node
from perimeter.store import documents as store
from perimeter.store import incidents as incident_store

#: When several records answer one check, the status an officer is told first.
SEVERITY = (DocumentStatus.STOLEN, DocumentStatus.REVOKED, DocumentStatus.INVALIDATED, DocumentStatus.LOST)


@dataclass(frozen=True)
class DocumentQuery:
    """What is checked: a validated issuing country, the number as given, its key, and optionally the type."""

    issuing_country: str
    number: str
    number_key: str
    document_type: DocumentType | None = None

    @classmethod
    def of(cls, country: str, number: str, document_type: str | None = None) -> DocumentQuery:
        kind = parse_document_type(document_type) if document_type else None
        if not number.strip():
            raise InvalidInput("a document number is needed")
        return cls(issuing_country(country), number, number_key(number), kind)

    @property
    def target(self) -> str:
        return f"{self.issuing_country}/{self.number_key}"


@dataclass(frozen=True)
class DocumentCheck:
    """The answer: found or not, the most serious status, every record (with its owner), and how long it took."""

    query: DocumentQuery
    records: list[DocumentStatusRecord]
    incidents: int
    lookup_ms: float
    audit_ms: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return bool(self.records)

    @property
    def status(self) -> DocumentStatus | None:
        statuses = {record.status for record in self.records}
        return next((status for status in SEVERITY if status in statuses), None)

    def summary(self) -> dict[str, object]:
        return {
            "issuing_country": self.query.issuing_country,
            "number": self.query.number,
            "number_key": self.query.number_key,
            "document_type": self.query.document_type,
            "found": self.found,
            "status": self.status,
            "records": [
                {**record.model_dump(mode="json", exclude={"number_key"}), "record_id": record.record_id}
                for record in self.records
            ],
            "fraud_incidents": self.incidents,
            "lookup_ms": round(self.lookup_ms, 3),
            "audit_ms": round(self.audit_ms, 3),
        }


def look_up(connection: Connection, query: DocumentQuery) -> DocumentCheck:
    """The lookup alone, unaudited, on the caller's connection (the port-of-entry check audits the whole)."""
    started = time.perf_counter_ns()
    kind = query.document_type.value if query.document_type else None
    rows = store.lookup(connection, query.issuing_country, query.number_key, kind)
    incidents = incident_store.count_for(connection, query.issuing_country, query.number_key)
    elapsed = (time.perf_counter_ns() - started) / 1e6
    return DocumentCheck(query, [store.from_row(row) for row in rows], incidents, elapsed)


def check(node: Node, actor: Actor, country: str, number: str, document_type: str | None = None) -> DocumentCheck:
    """Check one document; the lookup and its audit entry (``document.check``) are one transaction.

    ``lookup_ms`` runs from taking a connection to the end of the lookup statements; ``audit_ms`` from there to
    the end of the commit (the audit append and the commit, which writes it).
    """
    actor.require(Permission.DOCUMENTS_CHECK)
    query = DocumentQuery.of(country, number, document_type)
    started = time.perf_counter_ns()
    with node.db.write(wait_for_disk=False) as connection:
        result = look_up(connection, query)
        looked_up = time.perf_counter_ns()
        node.audit(
            connection,
            actor,
            "document.check",
            query.target,
            document_type=query.document_type.value if query.document_type else None,
            found=result.found,
            statuses=sorted(record.status.value for record in result.records),
        )
    finished = time.perf_counter_ns()
    lookup_ms, audit_ms = (looked_up - started) / 1e6, (finished - looked_up) / 1e6
    return DocumentCheck(query, result.records, result.incidents, lookup_ms, audit_ms)
