"""How long a node takes to load the OFAC SDN and UN lists end to end (not a test: run it, write the numbers down).

    .venv/bin/python bench/load_watchlists.py [--postgres URL] [path/to/shared/data]

Each run initialises a fresh node (SQLite in a temporary home, or a fresh PostgreSQL schema), then loads both lists
through the same service ``perimeter watchlist load`` calls: read the files, parse, write entries, names, documents,
change feed and audit in one transaction per list. It also times a re-load of the same editions (a no-op delta).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from perimeter.core.access import Actor
from perimeter.services import watchlist_sources as sources
from perimeter.services.node import init_node
from perimeter.settings import Settings
from perimeter.store.database import create_schema_if_missing, drop_schema

RUNS = 3


def one_run(shared: Path, postgres: str | None) -> tuple[float, float, float, float]:
    un_file = shared / "lists/un-consolidated/UN_consolidated.xml"
    with tempfile.TemporaryDirectory() as home:
        values: dict[str, object] = {"home": Path(home)}
        schema = None
        if postgres:
            schema = f"bench_{uuid.uuid4().hex[:8]}"
            create_schema_if_missing(postgres, schema)
            values.update(database_url=postgres, database_schema=schema)
        node = init_node(Settings.from_mapping(values), "us-cbp", "USA", "bench")
        actor = Actor.system()
        try:
            started = time.perf_counter()
            sources.load_file(node, actor, "ofac-sdn", "ofac-sdn", shared / "lists/ofac-sdn")
            sdn = time.perf_counter() - started
            started = time.perf_counter()
            sources.load_file(node, actor, "un", "un-consolidated", un_file)
            un = time.perf_counter() - started
            started = time.perf_counter()
            sources.load_file(node, actor, "ofac-sdn", "ofac-sdn", shared / "lists/ofac-sdn")
            sources.load_file(node, actor, "un", "un-consolidated", un_file)
            reload = time.perf_counter() - started
        finally:
            node.close()
            if schema and postgres:
                drop_schema(postgres, schema)
    return sdn, un, sdn + un, reload


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("shared", nargs="?", default=str(Path(__file__).resolve().parents[2] / "shared" / "data"))
    parser.add_argument("--postgres", default=None, help="PostgreSQL URL (default: SQLite only)")
    args = parser.parse_args()
    shared = Path(args.shared)
    for backend, url in [("sqlite", None), *([("postgresql", args.postgres)] if args.postgres else [])]:
        runs = [one_run(shared, url) for _ in range(RUNS)]
        columns = list(zip(*runs, strict=True))
        best = [min(column) for column in columns]
        median = [statistics.median(column) for column in columns]
        print(
            f"| {backend} | " + " | ".join(f"{b:.2f} s / {m:.2f} s" for b, m in zip(best, median, strict=True)) + " |"
        )


if __name__ == "__main__":
    main()
