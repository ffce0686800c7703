"""analysts' reviews of flagged travellers (hit_reviews)

Revision ID: 0009_ui
Revises: 0007_cases
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import perimeter.store.tables.base

revision: str = "0009_ui"
down_revision: str | None = "0007_cases"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "hit_reviews",
        sa.Column("review_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column(
            "traveller_id",
            sa.Integer(),
            nullable=False,
            comment="the flagged traveller; the review goes when retention deletes the manifest",
        ),
        sa.Column(
            "owner_node",
            sa.String(length=100),
            nullable=True,
            comment="the watch-list entry's owner, for a decision on a hit",
        ),
        sa.Column("record_id", sa.String(length=200), nullable=True),
        sa.Column(
            "outcome",
            sa.String(length=20),
            nullable=False,
            comment="confirmed, false-match, referred or owner-notified",
        ),
        sa.Column("note", sa.Text(), nullable=True, comment="the analyst's words"),
        sa.Column("decision_id", sa.Integer(), nullable=True, comment="the remembered false-match decision"),
        sa.Column(
            "case_id", sa.String(length=60), nullable=True, comment="the case a notification to the owner opened"
        ),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column("decided_at", perimeter.store.tables.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["traveller_id"],
            ["manifest_travellers.traveller_id"],
            name=op.f("fk_hit_reviews_traveller_id_manifest_travellers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("review_id", name=op.f("pk_hit_reviews")),
    )
    op.create_index("ix_hit_reviews_traveller", "hit_reviews", ["traveller_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_hit_reviews_traveller", table_name="hit_reviews")
    op.drop_table("hit_reviews")
