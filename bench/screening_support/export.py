"""Write a node's watch-list entries as plain JSON Lines, the one list every system in the benchmark reads.

Runs in the product's environment (it reads the node's database through ``perimeter.store``); the test-set
generator and the baselines run in the benchmark's own environment and read only this file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from perimeter.records.watchlist import WatchlistEntry
from perimeter.services.node import open_node
from perimeter.settings import Settings
from perimeter.store import watchlists as store


def entry_json(entry: WatchlistEntry) -> dict[str, Any]:
    return {
        "record_id": entry.record_id,
        "list": entry.list_name,
        "subject_type": entry.subject_type.value,
        "names": [
            {"full": n.full, "kind": n.kind.value, "quality": n.quality.value, "script": n.script} for n in entry.names
        ],
        "birth_dates": [str(b.date) for b in entry.birth_dates if not b.approximate],
        "nationalities": list(entry.nationalities),
        "gender": entry.gender.value if entry.gender else None,
    }


def export_node(home: Path, out: Path) -> int:
    """Every entry of the node at ``home`` into ``out``; returns the number of entries."""
    node = open_node(Settings.load(environ={}, home=home))
    count = 0
    try:
        with node.db.read() as connection, out.open("w", encoding="utf-8") as sink:
            for entry in store.iter_entries(connection):
                sink.write(json.dumps(entry_json(entry), ensure_ascii=False) + "\n")
                count += 1
    finally:
        node.close()
    return count
