"""Reading watch lists, and editing the entries of national lists one at a time (list managers).

Official lists (OFAC, UN) change only by loading a new edition; national lists can also be edited entry by entry.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from perimeter.core.access import Actor, Permission
from perimeter.core.errors import Conflict, InvalidInput, NotFound
from perimeter.records.watchlist import WatchlistEntry
from perimeter.services.node import Node
from perimeter.services.watchlist_loading import WATCHLIST_KIND, list_context
from perimeter.store import changes
from perimeter.store import watchlists as store
from perimeter.store.tables.base import utc_now

EDITABLE_KIND = "national"


def lists(node: Node, actor: Actor) -> list[store.ListSummary]:
    actor.require(Permission.WATCHLIST_READ)
    with node.db.read() as connection:
        return store.all_lists(connection)


def get_list(node: Node, actor: Actor, list_name: str) -> tuple[store.ListSummary, list[store.Edition]]:
    actor.require(Permission.WATCHLIST_READ)
    with node.db.read() as connection:
        summary = store.get_list(connection, list_name)
        if summary is None:
            raise NotFound(f"no list {list_name!r}")
        return summary, store.editions(connection, list_name)


def page(
    node: Node,
    actor: Actor,
    *,
    list_name: str | None = None,
    search: str | None = None,
    category: str | None = None,
    after: str | None = None,
    limit: int = 50,
) -> list[store.EntrySummary]:
    actor.require(Permission.WATCHLIST_READ)
    if not 1 <= limit <= 500:
        raise InvalidInput("limit must be between 1 and 500")
    with node.db.read() as connection:
        return store.page_entries(
            connection, list_name=list_name, search=search, category=category, after=after, limit=limit
        )


def get_entry(node: Node, actor: Actor, record_id: str, owner_node: str | None = None) -> WatchlistEntry:
    actor.require(Permission.WATCHLIST_READ)
    with node.db.read() as connection:
        entry = store.get_entry(connection, owner_node or node.node_id, record_id)
    if entry is None:
        raise NotFound(f"no watch-list entry {record_id!r}")
    return entry


def create_list(node: Node, actor: Actor, list_name: str, description: str = "") -> store.ListSummary:
    """Create an empty national list to be filled entry by entry or by loading files."""
    actor.require(Permission.WATCHLIST_WRITE)
    list_context(node, list_name)
    now = utc_now()
    with node.db.write() as connection:
        if store.get_list(connection, list_name):
            raise Conflict(f"list {list_name!r} already exists")
        store.create_list(connection, list_name, node.node_id, EDITABLE_KIND, description, now)
        node.audit(connection, actor, "watchlist.create", list_name)
        created = store.get_list(connection, list_name)
    assert created is not None
    return created


def _validated(node: Node, list_name: str, data: dict[str, Any]) -> WatchlistEntry:
    values = {key: value for key, value in data.items() if key not in ("list_name", "owner_node")}
    if "id" in values:
        values["record_id"] = values.pop("id")
    try:
        return WatchlistEntry.model_validate({**values, "list_name": list_name, "owner_node": node.node_id})
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in item['loc']) or 'entry'}: {item['msg']}" for item in error.errors()
        )
        raise InvalidInput(f"invalid entry: {problems}") from None


def _editable(connection: Any, node: Node, list_name: str) -> None:
    summary = store.get_list(connection, list_name)
    if summary is None:
        raise NotFound(f"no list {list_name!r}")
    if summary.owner_node != node.node_id:
        raise Conflict(f"list {list_name!r} belongs to {summary.owner_node}; only its owner may change it")
    if summary.source_format != EDITABLE_KIND:
        raise Conflict(f"list {list_name!r} is an official {summary.source_format} list: load a new edition instead")


def add_entry(node: Node, actor: Actor, list_name: str, data: dict[str, Any]) -> WatchlistEntry:
    actor.require(Permission.WATCHLIST_WRITE)
    entry = _validated(node, list_name, data)
    now = utc_now()
    with node.db.write() as connection:
        _editable(connection, node, list_name)
        if store.get_entry(connection, node.node_id, entry.record_id) is not None:
            raise Conflict(f"entry {entry.record_id!r} already exists")
        store.insert_entries(connection, node.db, [entry], now, None)
        changes.record(connection, WATCHLIST_KIND, node.node_id, "add", [entry.record_id], now, list_name)
        store.refresh_list_counts(connection, list_name, now)
        node.audit(connection, actor, "watchlist.entry.add", entry.record_id, list=list_name)
    return entry


def update_entry(node: Node, actor: Actor, list_name: str, record_id: str, data: dict[str, Any]) -> WatchlistEntry:
    actor.require(Permission.WATCHLIST_WRITE)
    entry = _validated(node, list_name, {**data, "record_id": record_id})
    now = utc_now()
    with node.db.write() as connection:
        _editable(connection, node, list_name)
        current = store.get_entry(connection, node.node_id, record_id)
        if current is None or current.list_name != list_name:
            raise NotFound(f"no entry {record_id!r} in list {list_name!r}")
        if current.content_hash() == entry.content_hash():
            return current
        store.replace_entries(connection, node.db, [entry], now, None)
        changes.record(connection, WATCHLIST_KIND, node.node_id, "change", [record_id], now, list_name)
        fields = sorted(key for key in WatchlistEntry.model_fields if getattr(entry, key) != getattr(current, key))
        node.audit(connection, actor, "watchlist.entry.change", record_id, list=list_name, fields=fields)
    return entry


def remove_entry(node: Node, actor: Actor, list_name: str, record_id: str) -> None:
    actor.require(Permission.WATCHLIST_WRITE)
    now = utc_now()
    with node.db.write() as connection:
        _editable(connection, node, list_name)
        current = store.get_entry(connection, node.node_id, record_id)
        if current is None or current.list_name != list_name:
            raise NotFound(f"no entry {record_id!r} in list {list_name!r}")
        store.delete_entries(connection, node.node_id, [record_id])
        changes.record(connection, WATCHLIST_KIND, node.node_id, "remove", [record_id], now, list_name)
        store.refresh_list_counts(connection, list_name, now)
        node.audit(connection, actor, "watchlist.entry.remove", record_id, list=list_name)
