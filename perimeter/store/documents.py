"""Document status records in the database: the check lookup, and single-record writes.

The lookup is the hot path of a port of entry: one statement, compiled once, that descends the primary key
``(number_key, issuing_country, ...)``; nothing else happens on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Row, bindparam, delete, select, update

from perimeter.core.dates import PartialDate
from perimeter.records.common import Sensitivity
from perimeter.records.documents import DocumentStatus, DocumentStatusRecord, DocumentType
from perimeter.store.tables.documents import document_status

_T = document_status.c

_LOOKUP = select(document_status).where(_T.number_key == bindparam("key"), _T.issuing_country == bindparam("country"))
_LOOKUP_TYPE = _LOOKUP.where(_T.document_type == bindparam("type"))
_GET = _LOOKUP_TYPE.where(_T.owner_node == bindparam("owner"))

# Columns whose values a record carries (the key columns excepted), in table order.
CONTENT_COLUMNS = (
    "number",
    "status",
    "reported_on",
    "reporting_authority",
    "holder_surname",
    "holder_given_names",
    "holder_birth_date",
    "remarks",
    "sensitivity",
    "retain_until",
)
KEY_COLUMNS = ("number_key", "issuing_country", "document_type", "owner_node")


def to_row(record: DocumentStatusRecord, updated_at: datetime) -> dict[str, Any]:
    return {
        "number_key": record.number_key,
        "issuing_country": record.issuing_country,
        "document_type": record.document_type.value,
        "owner_node": record.owner_node,
        "number": record.number,
        "status": record.status.value,
        "reported_on": record.reported_on,
        "reporting_authority": record.reporting_authority,
        "holder_surname": record.holder_surname,
        "holder_given_names": record.holder_given_names,
        "holder_birth_date": str(record.holder_birth_date) if record.holder_birth_date else None,
        "remarks": record.remarks,
        "sensitivity": record.sensitivity.value,
        "retain_until": record.retain_until,
        "updated_at": updated_at,
    }


def from_row(row: Row[Any]) -> DocumentStatusRecord:
    """A stored record, trusted as it was validated on the way in (no second validation on the hot path)."""
    m = row._mapping
    reported_on: date = m["reported_on"]
    birth = m["holder_birth_date"]
    return DocumentStatusRecord.model_construct(
        issuing_country=m["issuing_country"],
        document_type=DocumentType(m["document_type"]),
        number=m["number"],
        status=DocumentStatus(m["status"]),
        reported_on=reported_on,
        reporting_authority=m["reporting_authority"],
        holder_surname=m["holder_surname"],
        holder_given_names=m["holder_given_names"],
        holder_birth_date=PartialDate.parse(birth) if birth else None,
        owner_node=m["owner_node"],
        remarks=m["remarks"],
        sensitivity=Sensitivity(m["sensitivity"]),
        retain_until=m["retain_until"],
    )


def lookup(connection: Connection, country: str, key: str, document_type: str | None = None) -> list[Row[Any]]:
    """Every record held for a number key of an issuing country (of every owner), optionally of one type."""
    if document_type is None:
        return list(connection.execute(_LOOKUP, {"key": key, "country": country}))
    return list(connection.execute(_LOOKUP_TYPE, {"key": key, "country": country, "type": document_type}))


def get(connection: Connection, owner_node: str, country: str, document_type: str, key: str) -> Row[Any] | None:
    params = {"key": key, "country": country, "type": document_type, "owner": owner_node}
    return connection.execute(_GET, params).first()


def insert(connection: Connection, records: Sequence[DocumentStatusRecord], updated_at: datetime) -> None:
    if records:
        connection.execute(document_status.insert(), [to_row(record, updated_at) for record in records])


def replace(connection: Connection, record: DocumentStatusRecord, updated_at: datetime) -> None:
    row = to_row(record, updated_at)
    connection.execute(
        update(document_status)
        .where(*(_T[column] == row[column] for column in KEY_COLUMNS))
        .values({column: row[column] for column in (*CONTENT_COLUMNS, "updated_at")})
    )


def remove(connection: Connection, owner_node: str, country: str, document_type: str, key: str) -> None:
    connection.execute(
        delete(document_status).where(
            _T.number_key == key,
            _T.issuing_country == country,
            _T.document_type == document_type,
            _T.owner_node == owner_node,
        )
    )


def changed_fields(old: DocumentStatusRecord, new: DocumentStatusRecord) -> list[str]:
    return sorted(name for name in DocumentStatusRecord.model_fields if getattr(old, name) != getattr(new, name))
