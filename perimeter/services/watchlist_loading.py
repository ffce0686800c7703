"""Loading an edition of a watch list: parse it whole, then apply it as one delta in one transaction.

Re-loading the same file changes nothing. A newer edition adds, changes and removes entries and says which.
A file that does not parse is rejected before anything is written, so the previous edition stays intact.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from perimeter.core.access import Actor, Permission
from perimeter.core.errors import Conflict, InvalidInput, ParseError
from perimeter.formats.watchlist_source import ListContext, ParsedList
from perimeter.records.common import Sensitivity
from perimeter.records.watchlist import WatchlistEntry
from perimeter.services.node import Node
from perimeter.store import changes
from perimeter.store import watchlists as store
from perimeter.store.tables.base import utc_now

WATCHLIST_KIND = "watchlist-entry"

# (phase, done, total): a terminal shows it as a progress bar; total is None when unknown.
ProgressCallback = Callable[[str, int, int | None], None]


@dataclass
class LoadReport:
    list_name: str
    source: str
    edition_id: int | None
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)
    published: str | None = None

    @property
    def changed_anything(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    def summary(self) -> dict[str, object]:
        return {
            "list": self.list_name,
            "source": self.source,
            "edition": self.edition_id,
            "published": self.published,
            "added": len(self.added),
            "changed": len(self.changed),
            "removed": len(self.removed),
            "unchanged": self.unchanged,
            "warnings": self.warnings,
            "added_ids": self.added,
            "changed_ids": self.changed,
            "removed_ids": self.removed,
        }


def list_context(node: Node, list_name: str, sensitivity: Sensitivity = Sensitivity.CLEAR) -> ListContext:
    if not list_name or len(list_name) > 100 or not list_name.replace("-", "").replace("_", "").isalnum():
        raise InvalidInput(f"list name {list_name!r} must be letters, digits, '-' or '_' (at most 100)")
    return ListContext(list_name=list_name, owner_node=node.node_id, sensitivity=sensitivity)


def load_parsed(
    node: Node,
    actor: Actor,
    list_name: str,
    source_format: str,
    parsed: ParsedList,
    *,
    source: str,
    content: Sequence[bytes],
    description: str = "",
    progress: ProgressCallback | None = None,
) -> LoadReport:
    """Apply a parsed edition as a delta against what the node holds for ``list_name``."""
    actor.require(Permission.WATCHLIST_WRITE)
    _check_unique_ids(parsed.entries, source)
    digest = hashlib.sha256(b"".join(hashlib.sha256(part).digest() for part in content)).hexdigest()
    incoming = {entry.record_id: entry for entry in parsed.entries}
    report = LoadReport(list_name, source, None, warnings=list(parsed.warnings), published=parsed.published)
    now = utc_now()
    with node.db.write() as connection:
        existing_list = store.get_list(connection, list_name)
        if existing_list is None:
            store.create_list(connection, list_name, node.node_id, source_format, description, now)
        elif existing_list.owner_node != node.node_id:
            raise Conflict(f"list {list_name!r} is owned by {existing_list.owner_node}; only its owner may load it")
        elif existing_list.source_format != source_format:
            raise Conflict(
                f"list {list_name!r} was loaded as {existing_list.source_format!r}, not {source_format!r};"
                " use another list name or remove the list first"
            )
        clashes = store.ids_held_by_other_lists(connection, node.node_id, list_name, incoming)
        if clashes:
            sample = ", ".join(f"{rid} (in {name})" for rid, name in sorted(clashes.items())[:5])
            raise Conflict(f"{source}: {len(clashes)} record id(s) already belong to another list: {sample}")
        current = store.content_hashes(connection, node.node_id, list_name)
        added = [entry for rid, entry in incoming.items() if rid not in current]
        changed = [entry for rid, entry in incoming.items() if rid in current and current[rid] != entry.content_hash()]
        removed = sorted(rid for rid in current if rid not in incoming)
        report.added = sorted(entry.record_id for entry in added)
        report.changed = sorted(entry.record_id for entry in changed)
        report.removed = removed
        report.unchanged = len(incoming) - len(added) - len(changed)
        if not report.changed_anything and existing_list is not None:
            node.audit(connection, actor, "watchlist.load", list_name, source=source, sha256=digest, unchanged=True)
            return report
        edition_id = store.add_edition(
            connection,
            list_name=list_name,
            source=source,
            file_sha256=digest,
            loaded_at=now,
            loaded_by=actor.audit_name,
            added=len(added),
            changed=len(changed),
            removed=len(removed),
            unchanged=report.unchanged,
            warnings=report.warnings,
        )
        report.edition_id = edition_id
        total = len(added) + len(changed) + len(removed)
        done = 0
        for batch in _batches(added, 2000):
            store.insert_entries(connection, node.db, batch, now, edition_id)
            done += len(batch)
            if progress:
                progress("writing", done, total)
        for batch in _batches(changed, 2000):
            store.replace_entries(connection, node.db, batch, now, edition_id)
            done += len(batch)
            if progress:
                progress("writing", done, total)
        store.delete_entries(connection, node.node_id, removed)
        if progress:
            progress("writing", total, total)
        changes.record(connection, WATCHLIST_KIND, node.node_id, "add", report.added, now, list_name)
        changes.record(connection, WATCHLIST_KIND, node.node_id, "change", report.changed, now, list_name)
        changes.record(connection, WATCHLIST_KIND, node.node_id, "remove", report.removed, now, list_name)
        store.refresh_list_counts(connection, list_name, now, edition_id)
        node.audit(
            connection,
            actor,
            "watchlist.load",
            list_name,
            source=source,
            sha256=digest,
            edition=edition_id,
            added=len(added),
            changed=len(changed),
            removed=len(removed),
            unchanged=report.unchanged,
        )
    return report


def _check_unique_ids(entries: Sequence[WatchlistEntry], source: str) -> None:
    seen: set[str] = set()
    for entry in entries:
        if entry.record_id in seen:
            raise ParseError(source, None, f"record id {entry.record_id!r} appears more than once")
        seen.add(entry.record_id)


def _batches(items: Sequence[WatchlistEntry], size: int) -> list[Sequence[WatchlistEntry]]:
    return [items[start : start + size] for start in range(0, len(items), size)]
