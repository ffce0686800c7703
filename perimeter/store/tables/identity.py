"""The node's own identity (one row) — the same facts as ``node.json`` so a PostgreSQL node is self-describing."""

from sqlalchemy import Column, String, Table, Text

from perimeter.store.tables.base import UTCDateTime, metadata

node_identity = Table(
    "node_identity",
    metadata,
    Column("node_id", String(100), primary_key=True),
    Column("country", String(3), nullable=False),
    Column("name", String(300), nullable=False),
    Column("public_key", Text, nullable=False, comment="Ed25519 public key, PEM"),
    Column("created_at", UTCDateTime, nullable=False),
)
