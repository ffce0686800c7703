"""A watch-list entry reduced to what screening compares.

The index is built from the entries' stored JSON (``WatchlistEntry.model_dump(mode="json")``) without validating
each one again: the store only holds entries that passed validation when they were loaded.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from perimeter.core.dates import PartialDate
from perimeter.core.text import document_number_key
from perimeter.records.watchlist import WatchlistEntry
from perimeter.screening.index import IndexedEntry


def indexed_entry(entry: WatchlistEntry) -> IndexedEntry:
    return indexed_record(entry.model_dump(mode="json"), entry.content_hash())


def indexed_record(record: Mapping[str, Any], content_hash: str) -> IndexedEntry:
    """An :class:`IndexedEntry` from an entry's stored JSON and its content hash."""
    names = record["names"]
    dates = []
    for birth in record.get("birth_dates") or ():
        date = PartialDate.parse(str(birth["date"]))
        dates.append((date.year, date.month, date.day))
    return IndexedEntry(
        owner_node=record["owner_node"],
        record_id=record["record_id"],
        list_name=record["list_name"],
        category=record["category"],
        subject_type=record["subject_type"],
        names=tuple(name["full"] for name in names),
        weak_names=tuple(i for i, name in enumerate(names) if name.get("quality") == "weak"),
        birth_dates=tuple(dates),
        nationalities=tuple(record.get("nationalities") or ()),
        gender=record.get("gender"),
        documents=tuple(document_number_key(document["number"]) for document in record.get("documents") or ()),
        handling=record.get("handling"),
        content_hash=content_hash,
    )
