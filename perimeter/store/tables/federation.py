"""Partners, agreements, and the state of node-to-node exchange: nonces, outbox, inbox, feeds, checkpoints.

Partners are keyed by their node id (and known by their public key), never by a local row number, so two nodes
always mean the same partner by the same name.
"""

from sqlalchemy import BigInteger, Column, Date, Index, Integer, String, Table, Text, UniqueConstraint

from perimeter.store.tables.base import JSONDocument, UTCDateTime, metadata

partners = Table(
    "partners",
    metadata,
    Column("node_id", String(100), primary_key=True),
    Column("country", String(3), nullable=False),
    Column("url", Text, nullable=False, comment="base URL of the partner node"),
    Column("public_key", Text, nullable=False, comment="Ed25519 public key, PEM"),
    Column("key_fingerprint", String(64), nullable=False, comment="SHA-256 of the raw public key, hex"),
    Column("added_at", UTCDateTime, nullable=False),
    Column("added_by", String(200), nullable=False),
)

agreements = Table(
    "agreements",
    metadata,
    Column("agreement_id", String(100), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("document", Text, nullable=False, comment="the agreement as written (YAML), signatures included"),
    Column("canonical_sha256", String(64), nullable=False, comment="hash of the canonical form every party signed"),
    Column("parties", JSONDocument, nullable=False),
    Column("signatures", JSONDocument, nullable=False, comment="node id -> base64 Ed25519 signature"),
    Column("in_force", Date, nullable=False),
    Column("expires", Date, nullable=False),
    Column("imported_at", UTCDateTime, nullable=False),
)

federation_nonces = Table(
    "federation_nonces",
    metadata,
    Column("keyid", String(100), primary_key=True),
    Column("nonce", String(100), primary_key=True),
    Column("expires_at", UTCDateTime, nullable=False, index=True),
)

federation_outbox = Table(
    "federation_outbox",
    metadata,
    Column("seq", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("message_id", String(36), nullable=False, unique=True),
    Column("partner", String(100), nullable=False),
    Column("kind", String(60), nullable=False),
    Column("payload", JSONDocument, nullable=False),
    Column("agreement_id", String(100), nullable=False),
    Column("purpose", String(60), nullable=False),
    Column("idempotency_key", String(200), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("status", String(12), nullable=False, comment="pending, delivered or refused"),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", UTCDateTime, nullable=False),
    Column("delivered_at", UTCDateTime, nullable=True),
    Column("last_error", Text, nullable=True),
    Column("response", JSONDocument, nullable=True),
    UniqueConstraint("partner", "idempotency_key", name="uq_federation_outbox_partner_key"),
    Index("ix_federation_outbox_due", "status", "next_attempt_at"),
)

federation_inbox = Table(
    "federation_inbox",
    metadata,
    Column("sender", String(100), primary_key=True),
    Column("idempotency_key", String(200), primary_key=True),
    Column("kind", String(60), nullable=False),
    Column("agreement_id", String(100), nullable=False),
    Column("purpose", String(60), nullable=False),
    Column("received_at", UTCDateTime, nullable=False),
    Column("response", JSONDocument, nullable=True),
)

query_counts = Table(
    "federation_query_counts",
    metadata,
    Column("partner", String(100), primary_key=True),
    Column("agreement_id", String(100), primary_key=True),
    Column("record_kind", String(40), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("count", Integer, nullable=False),
)

feed_cursors = Table(
    "federation_feed_cursors",
    metadata,
    Column("partner", String(100), primary_key=True),
    Column("kind", String(40), primary_key=True),
    Column("last_seq", BigInteger, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

audit_checkpoints = Table(
    "audit_checkpoints",
    metadata,
    Column("node_id", String(100), primary_key=True, comment="whose chain"),
    Column("seq", BigInteger, primary_key=True),
    Column("entry_hash", String(64), nullable=False),
    Column("signed_at", UTCDateTime, nullable=False),
    Column("signature", Text, nullable=False, comment="base64 Ed25519 signature by the chain's node"),
    Column("received_at", UTCDateTime, nullable=False),
)
