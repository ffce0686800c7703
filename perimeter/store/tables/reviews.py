"""Analysts' reviews of flagged travellers: what was decided about a hit, by whom, when, and what it led to."""

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table, Text

from perimeter.store.tables.base import UTCDateTime, metadata

hit_reviews = Table(
    "hit_reviews",
    metadata,
    Column("review_id", Integer, primary_key=True, autoincrement=True),
    Column(
        "traveller_id",
        Integer,
        ForeignKey("manifest_travellers.traveller_id", ondelete="CASCADE"),
        nullable=False,
        comment="the flagged traveller; the review goes when retention deletes the manifest",
    ),
    Column("owner_node", String(100), nullable=True, comment="the watch-list entry's owner, for a decision on a hit"),
    Column("record_id", String(200), nullable=True),
    Column("outcome", String(20), nullable=False, comment="confirmed, false-match, referred or owner-notified"),
    Column("note", Text, nullable=True, comment="the analyst's words"),
    Column("decision_id", Integer, nullable=True, comment="the remembered false-match decision"),
    Column("case_id", String(60), nullable=True, comment="the case a notification to the owner opened"),
    Column("decided_by", String(200), nullable=False),
    Column("decided_at", UTCDateTime, nullable=False),
    Index("ix_hit_reviews_traveller", "traveller_id"),
)
