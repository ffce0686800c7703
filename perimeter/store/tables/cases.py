"""Shared cases (one row per case this node is party to, keyed by the case UUID both sides share) and their steps."""

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table, Text

from perimeter.store.tables.base import JSONDocument, UTCDateTime, metadata

cases = Table(
    "cases",
    metadata,
    Column("case_id", String(36), primary_key=True, comment="UUID shared by finder and owner; never a local row id"),
    Column("side", String(10), nullable=False, comment="finder or owner: which side this node is on"),
    Column("finder_node", String(100), nullable=False),
    Column("owner_node", String(100), nullable=False),
    Column("partner_node", String(100), nullable=False, comment="the other side's node id"),
    Column("record_kind", String(30), nullable=False),
    Column("record_id", String(200), nullable=True, comment="the owner's record that was hit (owner side always)"),
    Column("category", String(40), nullable=True, comment="watch-list category of the record, as seen by the finder"),
    Column("agreement_id", String(200), nullable=False),
    Column("purpose", String(100), nullable=False),
    Column("state", String(30), nullable=False),
    Column("location", String(100), nullable=False),
    Column("found_at", UTCDateTime, nullable=False),
    Column("officer_action", Text, nullable=False),
    Column("notified_at", UTCDateTime, nullable=False),
    Column("response_due_at", UTCDateTime, nullable=False),
    Column("identity_answered_at", UTCDateTime, nullable=True),
    Column("core_data_due_at", UTCDateTime, nullable=True),
    Column("released_at", UTCDateTime, nullable=True),
    Column("closed_at", UTCDateTime, nullable=True),
    Column("handling_requested", Text, nullable=True),
    Column("released", JSONDocument, nullable=False, comment="data the owner released, by field name"),
    Column("escalation_level", Integer, nullable=False, default=0),
    Column("escalated_deadline", String(20), nullable=True),
    Column("notification", JSONDocument, nullable=False, comment="the hit notification as sent"),
    Column("updated_at", UTCDateTime, nullable=False),
    Index("ix_cases_state", "state", "updated_at"),
    Index("ix_cases_partner", "partner_node"),
)

case_steps = Table(
    "case_steps",
    metadata,
    Column("step_id", String(36), primary_key=True, comment="UUID shared by both sides: a redelivery is a no-op"),
    Column("case_id", String(36), ForeignKey("cases.case_id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False, comment="order in which this node applied the steps"),
    Column("action", String(20), nullable=False),
    Column("side", String(10), nullable=False),
    Column("node_id", String(100), nullable=False),
    Column("officer", String(200), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("text", Text, nullable=True),
    Column("handling", Text, nullable=True),
    Column("fields", JSONDocument, nullable=False),
    Column("recorded_at", UTCDateTime, nullable=False),
    Index("ix_case_steps_case", "case_id", "position"),
)
