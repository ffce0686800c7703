"""Travel-document status records and document-fraud incidents.

``document_status`` is keyed for the check: its primary key starts with the number key and the issuing country, so
a check is one descent of one B-tree (on SQLite the table *is* that B-tree: ``WITHOUT ROWID``). The owner node is
part of the key, so a record replicated from a partner sits beside, never over, a record of this node.
"""

from sqlalchemy import Column, Date, Index, String, Table, Text

from perimeter.store.tables.base import JSONDocument, UTCDateTime, metadata

document_status = Table(
    "document_status",
    metadata,
    Column("number_key", String(35), primary_key=True, comment="number without spaces or dashes, letter O as zero"),
    Column("issuing_country", String(3), primary_key=True),
    Column("document_type", String(20), primary_key=True),
    Column("owner_node", String(100), primary_key=True, comment="the issuing country's node that reported it"),
    Column("number", String(64), nullable=False, comment="the number as reported"),
    Column("status", String(12), nullable=False, comment="lost, stolen, revoked or invalidated"),
    Column("reported_on", Date, nullable=False),
    Column("reporting_authority", String(500), nullable=True),
    Column("holder_surname", String(500), nullable=True),
    Column("holder_given_names", String(500), nullable=True),
    Column("holder_birth_date", String(10), nullable=True, comment="YYYY, YYYY-MM or YYYY-MM-DD"),
    Column("remarks", Text, nullable=True),
    Column("sensitivity", String(20), nullable=False),
    Column("retain_until", Date, nullable=True),
    Column("updated_at", UTCDateTime, nullable=False),
    sqlite_with_rowid=False,
)

document_incidents = Table(
    "document_incidents",
    metadata,
    Column("incident_id", String(60), primary_key=True),
    Column("owner_node", String(100), nullable=False),
    Column("kind", String(30), nullable=False, comment="impostor, counterfeit, forged-page, fraudulently-obtained"),
    Column("observed", Text, nullable=False, comment="what the officer saw, in their words"),
    Column("indicators", JSONDocument, nullable=False, comment="structured indicators (a fixed vocabulary)"),
    Column("location", String(100), nullable=False, comment="port of entry or place code"),
    Column("occurred_at", UTCDateTime, nullable=False),
    Column("officer", String(200), nullable=False),
    Column("issuing_country", String(3), nullable=False),
    Column("document_type", String(20), nullable=False),
    Column("document_number", String(64), nullable=False),
    Column("number_key", String(35), nullable=False),
    Column("traveller_nationality", String(3), nullable=True),
    Column("outcome", String(30), nullable=False),
    Column("status_applied", String(12), nullable=True, comment="status given to the document because of it"),
    Column("remarks", Text, nullable=True),
    Column("sensitivity", String(20), nullable=False),
    Column("retain_until", Date, nullable=True),
    Column("recorded_by", String(200), nullable=False),
    Column("recorded_at", UTCDateTime, nullable=False),
    Index("ix_document_incidents_occurred_at", "occurred_at"),
    Index("ix_document_incidents_document", "number_key", "issuing_country"),
)
