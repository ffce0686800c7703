"""The audit log: append-only, each entry chained to the one before by its hash."""

from sqlalchemy import BigInteger, Column, Integer, String, Table, Text

from perimeter.store.tables.base import JSONDocument, UTCDateTime, metadata

audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False),
    Column("at", UTCDateTime, nullable=False),
    Column("actor", String(200), nullable=False, comment="user, token, partner node or 'system'"),
    Column("action", String(80), nullable=False, index=True),
    Column("target", Text, nullable=True),
    Column("details", JSONDocument, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("entry_hash", String(64), nullable=False, unique=True),
)
