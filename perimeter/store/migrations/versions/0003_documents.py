"""document status registry and document-fraud incidents

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 07:29:25.845474
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import perimeter.store.tables.base

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "document_incidents",
        sa.Column("incident_id", sa.String(length=60), nullable=False),
        sa.Column("owner_node", sa.String(length=100), nullable=False),
        sa.Column(
            "kind",
            sa.String(length=30),
            nullable=False,
            comment="impostor, counterfeit, forged-page, fraudulently-obtained",
        ),
        sa.Column("observed", sa.Text(), nullable=False, comment="what the officer saw, in their words"),
        sa.Column(
            "indicators",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
            comment="structured indicators (a fixed vocabulary)",
        ),
        sa.Column("location", sa.String(length=100), nullable=False, comment="port of entry or place code"),
        sa.Column("occurred_at", perimeter.store.tables.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("officer", sa.String(length=200), nullable=False),
        sa.Column("issuing_country", sa.String(length=3), nullable=False),
        sa.Column("document_type", sa.String(length=20), nullable=False),
        sa.Column("document_number", sa.String(length=64), nullable=False),
        sa.Column("number_key", sa.String(length=35), nullable=False),
        sa.Column("traveller_nationality", sa.String(length=3), nullable=True),
        sa.Column("outcome", sa.String(length=30), nullable=False),
        sa.Column(
            "status_applied", sa.String(length=12), nullable=True, comment="status given to the document because of it"
        ),
        sa.Column("remarks", sa.Text(), nullable=True),
        sa.Column("sensitivity", sa.String(length=20), nullable=False),
        sa.Column("retain_until", sa.Date(), nullable=True),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", perimeter.store.tables.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("incident_id", name=op.f("pk_document_incidents")),
    )
    with op.batch_alter_table("document_incidents", schema=None) as batch_op:
        batch_op.create_index("ix_document_incidents_document", ["number_key", "issuing_country"], unique=False)
        batch_op.create_index("ix_document_incidents_occurred_at", ["occurred_at"], unique=False)

    op.create_table(
        "document_status",
        sa.Column(
            "number_key",
            sa.String(length=35),
            nullable=False,
            comment="number without spaces or dashes, letter O as zero",
        ),
        sa.Column("issuing_country", sa.String(length=3), nullable=False),
        sa.Column("document_type", sa.String(length=20), nullable=False),
        sa.Column(
            "owner_node", sa.String(length=100), nullable=False, comment="the issuing country's node that reported it"
        ),
        sa.Column("number", sa.String(length=64), nullable=False, comment="the number as reported"),
        sa.Column("status", sa.String(length=12), nullable=False, comment="lost, stolen, revoked or invalidated"),
        sa.Column("reported_on", sa.Date(), nullable=False),
        sa.Column("reporting_authority", sa.String(length=500), nullable=True),
        sa.Column("holder_surname", sa.String(length=500), nullable=True),
        sa.Column("holder_given_names", sa.String(length=500), nullable=True),
        sa.Column("holder_birth_date", sa.String(length=10), nullable=True, comment="YYYY, YYYY-MM or YYYY-MM-DD"),
        sa.Column("remarks", sa.Text(), nullable=True),
        sa.Column("sensitivity", sa.String(length=20), nullable=False),
        sa.Column("retain_until", sa.Date(), nullable=True),
        sa.Column("updated_at", perimeter.store.tables.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint(
            "number_key", "issuing_country", "document_type", "owner_node", name=op.f("pk_document_status")
        ),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    op.drop_table("document_status")
    with op.batch_alter_table("document_incidents", schema=None) as batch_op:
        batch_op.drop_index("ix_document_incidents_occurred_at")
        batch_op.drop_index("ix_document_incidents_document")

    op.drop_table("document_incidents")
