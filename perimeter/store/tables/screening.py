"""Screening: analysts' remembered decisions on hits, and bulk screening jobs."""

from sqlalchemy import Column, Index, Integer, String, Table, Text

from perimeter.store.tables.base import UTCDateTime, metadata

screening_decisions = Table(
    "screening_decisions",
    metadata,
    Column("decision_id", Integer, primary_key=True, autoincrement=True),
    Column("fingerprint", String(64), nullable=False, comment="the traveller's query fingerprint"),
    Column("owner_node", String(100), nullable=False),
    Column("record_id", String(200), nullable=False),
    Column("entry_hash", String(64), nullable=False, comment="content hash of the entry when decided"),
    Column("decision", String(20), nullable=False, comment="false-match"),
    Column("reason", Text, nullable=True),
    Column("decided_by", String(200), nullable=False),
    Column("decided_at", UTCDateTime, nullable=False),
    Column("revoked_by", String(200), nullable=True),
    Column("revoked_at", UTCDateTime, nullable=True),
    Index("ix_screening_decisions_fingerprint", "fingerprint"),
)

screening_jobs = Table(
    "screening_jobs",
    metadata,
    Column("job_id", String(40), primary_key=True),
    Column("status", String(12), nullable=False, comment="queued, running, done or failed"),
    Column("purpose", String(60), nullable=False),
    Column("submitted_by", String(200), nullable=False),
    Column("submitted_at", UTCDateTime, nullable=False),
    Column("finished_at", UTCDateTime, nullable=True),
    Column("total", Integer, nullable=False, default=0),
    Column("done", Integer, nullable=False, default=0),
    Column("alerted", Integer, nullable=False, default=0),
    Column("error", Text, nullable=True),
)
