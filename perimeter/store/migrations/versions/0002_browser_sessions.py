"""browser sessions

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 07:41:14.070737
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import perimeter.store.tables.base

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "ui_sessions",
        sa.Column("session_hash", sa.String(length=64), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", perimeter.store.tables.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", perimeter.store.tables.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", perimeter.store.tables.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["username"], ["users.username"], name=op.f("fk_ui_sessions_username_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("session_hash", name=op.f("pk_ui_sessions")),
    )
    with op.batch_alter_table("ui_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ui_sessions_username"), ["username"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("ui_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ui_sessions_username"))

    op.drop_table("ui_sessions")
