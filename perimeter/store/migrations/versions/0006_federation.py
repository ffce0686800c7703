"""federation: partners, agreements, nonces, outbox, inbox, feeds, checkpoints

Revision ID: 0006_federation
Revises: 0005_manifests
Create Date: 2026-11-22 10:30:03.673788
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import perimeter.store.tables.base

revision: str = "0006_federation"
down_revision: str | None = "0005_manifests"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "agreements",
        sa.Column("agreement_id", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "document", sa.Text(), nullable=False, comment="the agreement as written (YAML), signatures included"
        ),
        sa.Column(
            "canonical_sha256",
            sa.String(length=64),
            nullable=False,
            comment="hash of the canonical form every party signed",
        ),
        sa.Column(
            "parties", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column(
            "signatures",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
            comment="node id -> base64 Ed25519 signature",
        ),
        sa.Column("in_force", sa.Date(), nullable=False),
        sa.Column("expires", sa.Date(), nullable=False),
        sa.Column("imported_at", perimeter.store.tables.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("agreement_id", "version", name=op.f("pk_agreements")),
    )
    op.create_table(
        "audit_checkpoints",
        sa.Column("node_id", sa.String(length=100), nullable=False, comment="whose chain"),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("entry_hash", sa.String(length=64), nullable=False),
        sa.Column("signed_at", perimeter.store.tables.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("signature", sa.Text(), nullable=False, comment="base64 Ed25519 signature by the chain's node"),
        sa.Column("received_at", perimeter.store.tables.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("node_id", "seq", name=op.f("pk_audit_checkpoints")),
    )
    op.create_table(
        "federation_feed_cursors",
        sa.Column("partner", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", perimeter.store.tables.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("partner", "kind", name=op.f("pk_federation_feed_cursors")),
    )
    op.create_table(
        "federation_inbox",
        sa.Column("sender", sa.String(length=100), nullable=False),
        sa.Column("idempotency_key", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=60), nullable=False),
        sa.Column("agreement_id", sa.String(length=100), nullable=False),
        sa.Column("purpose", sa.String(length=60), nullable=False),
        sa.Column("received_at", perimeter.store.tables.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column(
            "response", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=True
        ),
        sa.PrimaryKeyConstraint("sender", "idempotency_key", name=op.f("pk_federation_inbox")),
    )
    op.create_table(
        "federation_nonces",
        sa.Column("keyid", sa.String(length=100), nullable=False),
        sa.Column("nonce", sa.String(length=100), nullable=False),
        sa.Column("expires_at", perimeter.store.tables.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("keyid", "nonce", name=op.f("pk_federation_nonces")),
    )
    with op.batch_alter_table("federation_nonces", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_federation_nonces_expires_at"), ["expires_at"], unique=False)

    op.create_table(
        "federation_outbox",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("message_id", sa.String(length=36), nullable=False),
        sa.Column("partner", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=60), nullable=False),
        sa.Column(
            "payload", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("agreement_id", sa.String(length=100), nullable=False),
        sa.Column("purpose", sa.String(length=60), nullable=False),
        sa.Column("idempotency_key", sa.String(length=200), nullable=False),
        sa.Column("created_at", perimeter.store.tables.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False, comment="pending, delivered or refused"),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", perimeter.store.tables.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", perimeter.store.tables.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column(
            "response", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=True
        ),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_federation_outbox")),
        sa.UniqueConstraint("message_id", name=op.f("uq_federation_outbox_message_id")),
        sa.UniqueConstraint("partner", "idempotency_key", name="uq_federation_outbox_partner_key"),
    )
    with op.batch_alter_table("federation_outbox", schema=None) as batch_op:
        batch_op.create_index("ix_federation_outbox_due", ["status", "next_attempt_at"], unique=False)

    op.create_table(
        "federation_query_counts",
        sa.Column("partner", sa.String(length=100), nullable=False),
        sa.Column("agreement_id", sa.String(length=100), nullable=False),
        sa.Column("record_kind", sa.String(length=40), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "partner", "agreement_id", "record_kind", "day", name=op.f("pk_federation_query_counts")
        ),
    )
    op.create_table(
        "partners",
        sa.Column("node_id", sa.String(length=100), nullable=False),
        sa.Column("country", sa.String(length=3), nullable=False),
        sa.Column("url", sa.Text(), nullable=False, comment="base URL of the partner node"),
        sa.Column("public_key", sa.Text(), nullable=False, comment="Ed25519 public key, PEM"),
        sa.Column(
            "key_fingerprint", sa.String(length=64), nullable=False, comment="SHA-256 of the raw public key, hex"
        ),
        sa.Column("added_at", perimeter.store.tables.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("added_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("node_id", name=op.f("pk_partners")),
    )


def downgrade() -> None:
    op.drop_table("partners")
    op.drop_table("federation_query_counts")
    with op.batch_alter_table("federation_outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_federation_outbox_due")

    op.drop_table("federation_outbox")
    with op.batch_alter_table("federation_nonces", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_federation_nonces_expires_at"))

    op.drop_table("federation_nonces")
    op.drop_table("federation_inbox")
    op.drop_table("federation_feed_cursors")
    op.drop_table("audit_checkpoints")
    op.drop_table("agreements")
