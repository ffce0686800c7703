"""Watch lists and their entries in the database: bulk writes for loads, reads for the API and the index."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, bindparam, delete, func, select, tuple_, update

from perimeter.core.text import document_number_key, fold
from perimeter.records.watchlist import WatchlistEntry
from perimeter.store.database import Database
from perimeter.store.tables.watchlist import (
    list_editions,
    watchlist_documents,
    watchlist_entries,
    watchlist_names,
    watchlists,
)

_CHUNK = 500  # ids per IN (...) list


@dataclass(frozen=True)
class ListSummary:
    list_name: str
    owner_node: str
    source_format: str
    description: str
    entry_count: int
    current_edition: int | None
    updated_at: datetime


@dataclass(frozen=True)
class EntrySummary:
    owner_node: str
    record_id: str
    list_name: str
    primary_name: str
    category: str
    subject_type: str
    listed_on: Any
    updated_at: datetime


@dataclass(frozen=True)
class Edition:
    edition_id: int
    list_name: str
    source: str
    file_sha256: str
    loaded_at: datetime
    loaded_by: str
    added: int
    changed: int
    removed: int
    unchanged: int
    warnings: list[str]


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def get_list(connection: Connection, list_name: str) -> ListSummary | None:
    row = connection.execute(select(watchlists).where(watchlists.c.list_name == list_name)).first()
    return _list_summary(row) if row else None


def _list_summary(row: Any) -> ListSummary:
    r = row._mapping
    return ListSummary(
        r["list_name"],
        r["owner_node"],
        r["source_format"],
        r["description"],
        r["entry_count"],
        r["current_edition"],
        r["updated_at"],
    )


def all_lists(connection: Connection) -> list[ListSummary]:
    return [_list_summary(row) for row in connection.execute(select(watchlists).order_by(watchlists.c.list_name))]


def create_list(
    connection: Connection,
    list_name: str,
    owner_node: str,
    source_format: str,
    description: str,
    now: datetime,
) -> None:
    connection.execute(
        watchlists.insert().values(
            list_name=list_name,
            owner_node=owner_node,
            source_format=source_format,
            description=description,
            created_at=now,
            updated_at=now,
            current_edition=None,
            entry_count=0,
        )
    )


def refresh_list_counts(connection: Connection, list_name: str, now: datetime, edition_id: int | None = None) -> None:
    count = connection.execute(
        select(func.count()).select_from(watchlist_entries).where(watchlist_entries.c.list_name == list_name)
    ).scalar_one()
    values: dict[str, Any] = {"entry_count": count, "updated_at": now}
    if edition_id is not None:
        values["current_edition"] = edition_id
    connection.execute(update(watchlists).where(watchlists.c.list_name == list_name).values(**values))


def delete_list(connection: Connection, list_name: str) -> None:
    connection.execute(delete(watchlists).where(watchlists.c.list_name == list_name))


def content_hashes(connection: Connection, owner_node: str, list_name: str) -> dict[str, str]:
    rows = connection.execute(
        select(watchlist_entries.c.record_id, watchlist_entries.c.content_hash).where(
            watchlist_entries.c.owner_node == owner_node, watchlist_entries.c.list_name == list_name
        )
    )
    return {row.record_id: row.content_hash for row in rows}


def ids_held_by_other_lists(
    connection: Connection, owner_node: str, list_name: str, record_ids: Iterable[str]
) -> dict[str, str]:
    """Which of ``record_ids`` the owner already holds in another list (ids are unique per owner)."""
    wanted = set(record_ids)
    rows = connection.execute(
        select(watchlist_entries.c.record_id, watchlist_entries.c.list_name).where(
            watchlist_entries.c.owner_node == owner_node, watchlist_entries.c.list_name != list_name
        )
    )
    return {row.record_id: row.list_name for row in rows if row.record_id in wanted}


def _entry_row(entry: WatchlistEntry, now: datetime, edition_id: int | None) -> dict[str, Any]:
    return {
        "owner_node": entry.owner_node,
        "record_id": entry.record_id,
        "list_name": entry.list_name,
        "category": entry.category.value,
        "subject_type": entry.subject_type.value,
        "primary_name": entry.primary_name,
        "sensitivity": entry.sensitivity.value,
        "listed_on": entry.listed_on,
        "retain_until": entry.retain_until,
        "content_hash": entry.content_hash(),
        "record": entry.model_dump(mode="json"),
        "created_at": now,
        "updated_at": now,
        "edition_id": edition_id,
    }


def _name_rows(entry: WatchlistEntry) -> list[dict[str, Any]]:
    return [
        {
            "owner_node": entry.owner_node,
            "record_id": entry.record_id,
            "position": position,
            "full_name": name.full,
            "search_key": fold(name.full),
            "kind": name.kind.value,
            "quality": name.quality.value,
            "script": name.script,
        }
        for position, name in enumerate(entry.names)
    ]


def _document_rows(entry: WatchlistEntry) -> list[dict[str, Any]]:
    return [
        {
            "owner_node": entry.owner_node,
            "record_id": entry.record_id,
            "doc_type": document.type,
            "number": document.number,
            "number_key": document_number_key(document.number),
            "country": document.country,
        }
        for document in entry.documents
    ]


def _insert_children(connection: Connection, db: Database, entries: Sequence[WatchlistEntry]) -> None:
    names = [row for entry in entries for row in _name_rows(entry)]
    documents = [row for entry in entries for row in _document_rows(entry)]
    if names:
        connection.execute(watchlist_names.insert(), names)
    if documents:
        connection.execute(watchlist_documents.insert(), documents)


def insert_entries(
    connection: Connection,
    db: Database,
    entries: Sequence[WatchlistEntry],
    now: datetime,
    edition_id: int | None,
) -> None:
    if not entries:
        return
    connection.execute(watchlist_entries.insert(), [_entry_row(entry, now, edition_id) for entry in entries])
    _insert_children(connection, db, entries)


def _delete_children(connection: Connection, owner_node: str, record_ids: Sequence[str]) -> None:
    for chunk in _chunks(record_ids, _CHUNK):
        for table in (watchlist_names, watchlist_documents):
            connection.execute(
                delete(table).where(table.c.owner_node == owner_node, table.c.record_id.in_(list(chunk)))
            )


def replace_entries(
    connection: Connection,
    db: Database,
    entries: Sequence[WatchlistEntry],
    now: datetime,
    edition_id: int | None,
) -> None:
    """Overwrite changed entries in place (keeping their creation time) and rebuild their names and documents."""
    if not entries:
        return
    by_owner: dict[str, list[str]] = {}
    for entry in entries:
        by_owner.setdefault(entry.owner_node, []).append(entry.record_id)
    for owner_node, ids in by_owner.items():
        _delete_children(connection, owner_node, ids)
    statement = (
        update(watchlist_entries)
        .where(
            and_(
                watchlist_entries.c.owner_node == bindparam("b_owner"),
                watchlist_entries.c.record_id == bindparam("b_record"),
            )
        )
        .values(
            {
                column: bindparam(column)
                for column in (
                    "list_name",
                    "category",
                    "subject_type",
                    "primary_name",
                    "sensitivity",
                    "listed_on",
                    "retain_until",
                    "content_hash",
                    "record",
                    "updated_at",
                    "edition_id",
                )
            }
        )
    )
    rows = []
    for entry in entries:
        row = _entry_row(entry, now, edition_id)
        row["b_owner"], row["b_record"] = row.pop("owner_node"), row.pop("record_id")
        row.pop("created_at")
        rows.append(row)
    connection.execute(statement, rows)
    _insert_children(connection, db, entries)


def delete_entries(connection: Connection, owner_node: str, record_ids: Sequence[str]) -> None:
    _delete_children(connection, owner_node, record_ids)
    for chunk in _chunks(record_ids, _CHUNK):
        connection.execute(
            delete(watchlist_entries).where(
                watchlist_entries.c.owner_node == owner_node, watchlist_entries.c.record_id.in_(list(chunk))
            )
        )


def get_entry(connection: Connection, owner_node: str, record_id: str) -> WatchlistEntry | None:
    record = connection.execute(
        select(watchlist_entries.c.record).where(
            watchlist_entries.c.owner_node == owner_node, watchlist_entries.c.record_id == record_id
        )
    ).scalar()
    return WatchlistEntry.model_validate(record) if record is not None else None


def get_entries(connection: Connection, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], WatchlistEntry]:
    """Several entries by (owner_node, record_id)."""
    found: dict[tuple[str, str], WatchlistEntry] = {}
    key_column = tuple_(watchlist_entries.c.owner_node, watchlist_entries.c.record_id)
    for chunk in _chunks(list(keys), _CHUNK):
        rows = connection.execute(select(watchlist_entries.c.record).where(key_column.in_(list(chunk))))
        for (record,) in rows:
            entry = WatchlistEntry.model_validate(record)
            found[(entry.owner_node, entry.record_id)] = entry
    return found


def iter_entries(connection: Connection, list_name: str | None = None, batch: int = 2000) -> Iterator[WatchlistEntry]:
    """Every entry (of one list, or all), in key order, read in batches."""
    after: tuple[str, str] = ("", "")
    key = tuple_(watchlist_entries.c.owner_node, watchlist_entries.c.record_id)
    while True:
        query = (
            select(watchlist_entries.c.owner_node, watchlist_entries.c.record_id, watchlist_entries.c.record)
            .where(key > tuple_(*after))
            .order_by(watchlist_entries.c.owner_node, watchlist_entries.c.record_id)
            .limit(batch)
        )
        if list_name is not None:
            query = query.where(watchlist_entries.c.list_name == list_name)
        rows = connection.execute(query).all()
        for row in rows:
            yield WatchlistEntry.model_validate(row.record)
        if len(rows) < batch:
            return
        after = (rows[-1].owner_node, rows[-1].record_id)


def page_entries(
    connection: Connection,
    *,
    list_name: str | None = None,
    search: str | None = None,
    category: str | None = None,
    after: str | None = None,
    limit: int = 50,
) -> list[EntrySummary]:
    """One page of entries in record-id order; ``after`` is the last record id of the previous page."""
    columns = [
        watchlist_entries.c.owner_node,
        watchlist_entries.c.record_id,
        watchlist_entries.c.list_name,
        watchlist_entries.c.primary_name,
        watchlist_entries.c.category,
        watchlist_entries.c.subject_type,
        watchlist_entries.c.listed_on,
        watchlist_entries.c.updated_at,
    ]
    query = select(*columns).order_by(watchlist_entries.c.record_id).limit(limit)
    if list_name:
        query = query.where(watchlist_entries.c.list_name == list_name)
    if category:
        query = query.where(watchlist_entries.c.category == category)
    if after:
        query = query.where(watchlist_entries.c.record_id > after)
    if search:
        key = fold(search)
        matching = (
            select(watchlist_names.c.owner_node, watchlist_names.c.record_id)
            .where(watchlist_names.c.search_key.contains(key, autoescape=True))
            .distinct()
        )
        query = query.where(tuple_(watchlist_entries.c.owner_node, watchlist_entries.c.record_id).in_(matching))
    return [EntrySummary(*row) for row in connection.execute(query)]


def add_edition(connection: Connection, **values: Any) -> int:
    result = connection.execute(list_editions.insert().values(**values))
    return int(result.inserted_primary_key[0])  # type: ignore[index]


def editions(connection: Connection, list_name: str, limit: int = 50) -> list[Edition]:
    rows = connection.execute(
        select(list_editions)
        .where(list_editions.c.list_name == list_name)
        .order_by(list_editions.c.edition_id.desc())
        .limit(limit)
    )
    return [Edition(**row._mapping) for row in rows]
