"""Watch lists, their editions, their entries, and the names and documents the screening index is built from."""

from sqlalchemy import (
    Column,
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from perimeter.store.tables.base import JSONDocument, UTCDateTime, metadata

watchlists = Table(
    "watchlists",
    metadata,
    Column("list_name", String(100), primary_key=True),
    Column("owner_node", String(100), nullable=False),
    Column("source_format", String(30), nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("current_edition", Integer, nullable=True),
    Column("entry_count", Integer, nullable=False, default=0),
)

list_editions = Table(
    "list_editions",
    metadata,
    Column("edition_id", Integer, primary_key=True, autoincrement=True),
    Column(
        "list_name",
        String(100),
        ForeignKey("watchlists.list_name", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("source", Text, nullable=False, comment="file name or URL the edition came from"),
    Column("file_sha256", String(64), nullable=False),
    Column("loaded_at", UTCDateTime, nullable=False),
    Column("loaded_by", String(100), nullable=False),
    Column("added", Integer, nullable=False),
    Column("changed", Integer, nullable=False),
    Column("removed", Integer, nullable=False),
    Column("unchanged", Integer, nullable=False),
    Column("warnings", JSONDocument, nullable=False),
)

watchlist_entries = Table(
    "watchlist_entries",
    metadata,
    Column("owner_node", String(100), primary_key=True),
    Column("record_id", String(200), primary_key=True),
    Column("list_name", String(100), ForeignKey("watchlists.list_name", ondelete="CASCADE"), nullable=False),
    Column("category", String(40), nullable=False),
    Column("subject_type", String(20), nullable=False),
    Column("primary_name", Text, nullable=False),
    Column("sensitivity", String(20), nullable=False),
    Column("listed_on", Date, nullable=True),
    Column("retain_until", Date, nullable=True),
    Column("content_hash", String(64), nullable=False),
    Column("record", JSONDocument, nullable=False, comment="the whole WatchlistEntry as JSON"),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("edition_id", Integer, nullable=True),
    Index("ix_watchlist_entries_list_record", "list_name", "record_id"),
)

watchlist_names = Table(
    "watchlist_names",
    metadata,
    Column("name_id", Integer, primary_key=True, autoincrement=True),
    Column("owner_node", String(100), nullable=False),
    Column("record_id", String(200), nullable=False),
    Column("position", Integer, nullable=False),
    Column("full_name", Text, nullable=False),
    Column("search_key", Text, nullable=False, comment="case- and accent-folded name for simple lookups"),
    Column("kind", String(20), nullable=False),
    Column("quality", String(10), nullable=False),
    Column("script", String(4), nullable=True),
    ForeignKeyConstraint(
        ["owner_node", "record_id"],
        ["watchlist_entries.owner_node", "watchlist_entries.record_id"],
        ondelete="CASCADE",
    ),
    Index("ix_watchlist_names_entry", "owner_node", "record_id"),
    Index("ix_watchlist_names_search_key", "search_key"),
)

watchlist_documents = Table(
    "watchlist_documents",
    metadata,
    Column("doc_id", Integer, primary_key=True, autoincrement=True),
    Column("owner_node", String(100), nullable=False),
    Column("record_id", String(200), nullable=False),
    Column("doc_type", String(30), nullable=False),
    Column("number", String(64), nullable=False),
    Column(
        "number_key",
        String(64),
        nullable=False,
        comment="number with spaces, dashes and O/0 confusion removed",
    ),
    Column("country", String(3), nullable=True),
    ForeignKeyConstraint(
        ["owner_node", "record_id"],
        ["watchlist_entries.owner_node", "watchlist_entries.record_id"],
        ondelete="CASCADE",
    ),
    Index("ix_watchlist_documents_entry", "owner_node", "record_id"),
    Index("ix_watchlist_documents_number_key", "number_key"),
)
