"""node identity, users, watch lists, change feed and audit log

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-22 07:20:12.018124
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import perimeter.store.tables.base

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=False, nullable=False),
        sa.Column("at", perimeter.store.tables.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False, comment="user, token, partner node or 'system'"),
        sa.Column("action", sa.String(length=80), nullable=False),
        sa.Column("target", sa.Text(), nullable=True),
        sa.Column(
            "details",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("entry_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_log")),
        sa.UniqueConstraint("entry_hash", name=op.f("uq_audit_log_entry_hash")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_action"), ["action"], unique=False)

    op.create_table(
        "holding_changes",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False, comment="record kind, e.g. watchlist-entry"),
        sa.Column("owner_node", sa.String(length=100), nullable=False),
        sa.Column("record_id", sa.String(length=200), nullable=False),
        sa.Column("list_name", sa.String(length=100), nullable=True),
        sa.Column("op", sa.String(length=10), nullable=False, comment="add, change or remove"),
        sa.Column("at", perimeter.store.tables.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_holding_changes")),
    )
    with op.batch_alter_table("holding_changes", schema=None) as batch_op:
        batch_op.create_index("ix_holding_changes_kind_seq", ["kind", "seq"], unique=False)

    op.create_table(
        "node_identity",
        sa.Column("node_id", sa.String(length=100), nullable=False),
        sa.Column("country", sa.String(length=3), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("public_key", sa.Text(), nullable=False, comment="Ed25519 public key, PEM"),
        sa.Column("created_at", perimeter.store.tables.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("node_id", name=op.f("pk_node_identity")),
    )
    op.create_table(
        "users",
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=30), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=True, comment="scrypt; empty for token-only accounts"),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", perimeter.store.tables.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("username", name=op.f("pk_users")),
    )
    op.create_table(
        "watchlists",
        sa.Column("list_name", sa.String(length=100), nullable=False),
        sa.Column("owner_node", sa.String(length=100), nullable=False),
        sa.Column("source_format", sa.String(length=30), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created_at", perimeter.store.tables.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", perimeter.store.tables.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("current_edition", sa.Integer(), nullable=True),
        sa.Column("entry_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("list_name", name=op.f("pk_watchlists")),
    )
    op.create_table(
        "api_tokens",
        sa.Column("token_id", sa.String(length=32), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column(
            "secret_hash",
            sa.String(length=64),
            nullable=False,
            comment="SHA-256 of the secret; the secret is never stored",
        ),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("created_at", perimeter.store.tables.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", perimeter.store.tables.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", perimeter.store.tables.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", perimeter.store.tables.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["username"], ["users.username"], name=op.f("fk_api_tokens_username_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("token_id", name=op.f("pk_api_tokens")),
    )
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_tokens_username"), ["username"], unique=False)

    op.create_table(
        "list_editions",
        sa.Column("edition_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("list_name", sa.String(length=100), nullable=False),
        sa.Column("source", sa.Text(), nullable=False, comment="file name or URL the edition came from"),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("loaded_at", perimeter.store.tables.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("loaded_by", sa.String(length=100), nullable=False),
        sa.Column("added", sa.Integer(), nullable=False),
        sa.Column("changed", sa.Integer(), nullable=False),
        sa.Column("removed", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column(
            "warnings",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["list_name"],
            ["watchlists.list_name"],
            name=op.f("fk_list_editions_list_name_watchlists"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("edition_id", name=op.f("pk_list_editions")),
    )
    with op.batch_alter_table("list_editions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_list_editions_list_name"), ["list_name"], unique=False)

    op.create_table(
        "watchlist_entries",
        sa.Column("owner_node", sa.String(length=100), nullable=False),
        sa.Column("record_id", sa.String(length=200), nullable=False),
        sa.Column("list_name", sa.String(length=100), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("subject_type", sa.String(length=20), nullable=False),
        sa.Column("primary_name", sa.Text(), nullable=False),
        sa.Column("sensitivity", sa.String(length=20), nullable=False),
        sa.Column("listed_on", sa.Date(), nullable=True),
        sa.Column("retain_until", sa.Date(), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column(
            "record",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
            comment="the whole WatchlistEntry as JSON",
        ),
        sa.Column("created_at", perimeter.store.tables.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", perimeter.store.tables.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("edition_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["list_name"],
            ["watchlists.list_name"],
            name=op.f("fk_watchlist_entries_list_name_watchlists"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("owner_node", "record_id", name=op.f("pk_watchlist_entries")),
    )
    with op.batch_alter_table("watchlist_entries", schema=None) as batch_op:
        batch_op.create_index("ix_watchlist_entries_list_record", ["list_name", "record_id"], unique=False)

    op.create_table(
        "watchlist_documents",
        sa.Column("doc_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("owner_node", sa.String(length=100), nullable=False),
        sa.Column("record_id", sa.String(length=200), nullable=False),
        sa.Column("doc_type", sa.String(length=30), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column(
            "number_key",
            sa.String(length=64),
            nullable=False,
            comment="number with spaces, dashes and O/0 confusion removed",
        ),
        sa.Column("country", sa.String(length=3), nullable=True),
        sa.ForeignKeyConstraint(
            ["owner_node", "record_id"],
            ["watchlist_entries.owner_node", "watchlist_entries.record_id"],
            name=op.f("fk_watchlist_documents_owner_node_watchlist_entries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("doc_id", name=op.f("pk_watchlist_documents")),
    )
    with op.batch_alter_table("watchlist_documents", schema=None) as batch_op:
        batch_op.create_index("ix_watchlist_documents_entry", ["owner_node", "record_id"], unique=False)
        batch_op.create_index("ix_watchlist_documents_number_key", ["number_key"], unique=False)

    op.create_table(
        "watchlist_names",
        sa.Column("name_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("owner_node", sa.String(length=100), nullable=False),
        sa.Column("record_id", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("full_name", sa.Text(), nullable=False),
        sa.Column("search_key", sa.Text(), nullable=False, comment="case- and accent-folded name for simple lookups"),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("quality", sa.String(length=10), nullable=False),
        sa.Column("script", sa.String(length=4), nullable=True),
        sa.ForeignKeyConstraint(
            ["owner_node", "record_id"],
            ["watchlist_entries.owner_node", "watchlist_entries.record_id"],
            name=op.f("fk_watchlist_names_owner_node_watchlist_entries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("name_id", name=op.f("pk_watchlist_names")),
    )
    with op.batch_alter_table("watchlist_names", schema=None) as batch_op:
        batch_op.create_index("ix_watchlist_names_entry", ["owner_node", "record_id"], unique=False)
        batch_op.create_index("ix_watchlist_names_search_key", ["search_key"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("watchlist_names", schema=None) as batch_op:
        batch_op.drop_index("ix_watchlist_names_search_key")
        batch_op.drop_index("ix_watchlist_names_entry")

    op.drop_table("watchlist_names")
    with op.batch_alter_table("watchlist_documents", schema=None) as batch_op:
        batch_op.drop_index("ix_watchlist_documents_number_key")
        batch_op.drop_index("ix_watchlist_documents_entry")

    op.drop_table("watchlist_documents")
    with op.batch_alter_table("watchlist_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_watchlist_entries_list_record")

    op.drop_table("watchlist_entries")
    with op.batch_alter_table("list_editions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_list_editions_list_name"))

    op.drop_table("list_editions")
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_tokens_username"))

    op.drop_table("api_tokens")
    op.drop_table("watchlists")
    op.drop_table("users")
    op.drop_table("node_identity")
    with op.batch_alter_table("holding_changes", schema=None) as batch_op:
        batch_op.drop_index("ix_holding_changes_kind_seq")

    op.drop_table("holding_changes")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_action"))

    op.drop_table("audit_log")
