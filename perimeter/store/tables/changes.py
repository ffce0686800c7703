"""The change feed: every add, change and removal of a holding, in order.

The screening index catches up from it instead of rebuilding, and partners' delta feeds are cut from it.
"""

from sqlalchemy import BigInteger, Column, Index, Integer, String, Table

from perimeter.store.tables.base import UTCDateTime, metadata

holding_changes = Table(
    "holding_changes",
    metadata,
    Column("seq", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("kind", String(40), nullable=False, comment="record kind, e.g. watchlist-entry"),
    Column("owner_node", String(100), nullable=False),
    Column("record_id", String(200), nullable=False),
    Column("list_name", String(100), nullable=True),
    Column("op", String(10), nullable=False, comment="add, change or remove"),
    Column("at", UTCDateTime, nullable=False),
    Index("ix_holding_changes_kind_seq", "kind", "seq"),
)
