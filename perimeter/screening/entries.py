"""A watch-list entry reduced to what screening compares."""

from __future__ import annotations

from perimeter.core.text import document_number_key
from perimeter.records.watchlist import AliasQuality, WatchlistEntry
from perimeter.screening.index import IndexedEntry


def indexed_entry(entry: WatchlistEntry) -> IndexedEntry:
    return IndexedEntry(
        owner_node=entry.owner_node,
        record_id=entry.record_id,
        list_name=entry.list_name,
        category=entry.category.value,
        subject_type=entry.subject_type.value,
        names=tuple(name.full for name in entry.names),
        weak_names=frozenset(i for i, name in enumerate(entry.names) if name.quality is AliasQuality.WEAK),
        birth_dates=tuple((b.date.year, b.date.month, b.date.day) for b in entry.birth_dates),
        nationalities=tuple(entry.nationalities),
        gender=entry.gender.value if entry.gender else None,
        documents=tuple(document_number_key(document.number) for document in entry.documents),
        handling=entry.handling,
        content_hash=entry.content_hash(),
    )
