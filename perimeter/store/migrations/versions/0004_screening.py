"""screening decisions and bulk screening jobs

Revision ID: 0004_screening
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import perimeter.store.tables.base

revision: str = "0004_screening"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_UTC = perimeter.store.tables.base.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "screening_decisions",
        sa.Column("decision_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False, comment="the traveller's query fingerprint"),
        sa.Column("owner_node", sa.String(length=100), nullable=False),
        sa.Column("record_id", sa.String(length=200), nullable=False),
        sa.Column("entry_hash", sa.String(length=64), nullable=False, comment="content hash of the entry when decided"),
        sa.Column("decision", sa.String(length=20), nullable=False, comment="false-match"),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column("decided_at", _UTC, nullable=False),
        sa.Column("revoked_by", sa.String(length=200), nullable=True),
        sa.Column("revoked_at", _UTC, nullable=True),
        sa.PrimaryKeyConstraint("decision_id", name=op.f("pk_screening_decisions")),
    )
    with op.batch_alter_table("screening_decisions", schema=None) as batch_op:
        batch_op.create_index("ix_screening_decisions_fingerprint", ["fingerprint"], unique=False)
    op.create_table(
        "screening_jobs",
        sa.Column("job_id", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False, comment="queued, running, done or failed"),
        sa.Column("purpose", sa.String(length=60), nullable=False),
        sa.Column("submitted_by", sa.String(length=200), nullable=False),
        sa.Column("submitted_at", _UTC, nullable=False),
        sa.Column("finished_at", _UTC, nullable=True),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("alerted", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("job_id", name=op.f("pk_screening_jobs")),
    )


def downgrade() -> None:
    op.drop_table("screening_jobs")
    with op.batch_alter_table("screening_decisions", schema=None) as batch_op:
        batch_op.drop_index("ix_screening_decisions_fingerprint")
    op.drop_table("screening_decisions")
