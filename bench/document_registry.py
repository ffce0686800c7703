"""A document status registry of N synthetic records: build time, disk size, check latency (not a test: run it).

    .venv/bin/python bench/document_registry.py --rows 100000000 [--postgres URL] [--work DIR] [--queries 20000]

1. A node (``uto-pass``, Utopia) is initialised in ``--work`` (SQLite) or in a fresh PostgreSQL schema.
2. The registry is built with the store's bulk path (``document_loads.copy_rows``: chunked ``executemany`` on
   SQLite, ``COPY`` on PostgreSQL), in key order, committed every 5 million rows; on PostgreSQL the primary key is
   dropped before and rebuilt after, as one does for a bulk load. Records are spread over 40 issuing countries.
3. Sizes: the SQLite file; the PostgreSQL table, its primary key, and both together.
4. Latency, with a mix of half reported and half unreported numbers, typed with spaces, dashes and O for 0:
   the lookup statement alone on an open connection, first just after the build ("first touch": whatever the
   build left in the operating system's cache), then after reading the registry once (``warm``: the steady state
   of a node that has been answering); the check service (read transaction, lookup and incident
   count, then the audit append, each timed); the API round trip (``POST /api/v1/documents/check`` over HTTP to
   ``perimeter serve`` on localhost, keep-alive, bearer token).
5. The product loader (``perimeter document load``) on a CSV of ``--load-rows`` new Utopian documents into the
   full registry, the same file again (no changes), and a delta (changes, clearings, additions) of a tenth of it.

The PostgreSQL schema is dropped at the end and the SQLite home deleted unless ``--keep``; nothing is committed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import text

from perimeter.core.access import Actor, Role
from perimeter.core.errors import Conflict
from perimeter.core.text import document_number_key
from perimeter.services import document_checks, document_loading, users
from perimeter.services.node import Node, init_node, open_node
from perimeter.settings import Settings
from perimeter.store import document_loads
from perimeter.store import documents as store
from perimeter.store.database import create_schema_if_missing, drop_schema

COUNTRIES = [
    "UTO",
    "USA",
    "CAN",
    "MEX",
    "GBR",
    "FRA",
    "DEU",
    "ITA",
    "ESP",
    "NLD",
    "BEL",
    "CHE",
    "AUT",
    "SWE",
    "NOR",
    "DNK",
    "FIN",
    "POL",
    "CZE",
    "HUN",
    "ROU",
    "GRC",
    "PRT",
    "IRL",
    "BRA",
    "ARG",
    "CHL",
    "COL",
    "PER",
    "AUS",
    "NZL",
    "JPN",
    "KOR",
    "CHN",
    "IND",
    "PAK",
    "TUR",
    "EGY",
    "NGA",
    "ZAF",
]
STATUSES = ("lost",) * 9 + ("stolen",) * 8 + ("revoked",) * 2 + ("invalidated",)
TYPES = ("passport",) * 4 + ("id-card",)
COLUMNS = [*store.KEY_COLUMNS, *store.CONTENT_COLUMNS, "updated_at"]
BATCH = 5_000_000


def number(value: int) -> str:
    """Two letters and seven digits, increasing with ``value``: keys in insertion order are keys in sorted order."""
    letters, digits = divmod(value, 10_000_000)
    return f"{chr(65 + letters // 26)}{chr(65 + letters % 26)}{digits:07d}"


def country_of(index: int) -> str:
    return COUNTRIES[(index * 2654435761) % len(COUNTRIES)]


def reported(index: int) -> tuple[str, str]:
    """(number, issuing country) of the index-th reported document; unreported numbers are 3k+1 and 3k+2."""
    return number(index * 3), country_of(index)


def rows(start: int, stop: int, sqlite: bool) -> Iterator[tuple[Any, ...]]:
    stamp = "2026-11-22 00:00:00.000000" if sqlite else "2026-11-22 00:00:00+00"
    for index in range(start, stop):
        written, country = reported(index)
        key = written.replace("O", "0")  # the number key, as document_number_key makes it
        owner = "uto-pass" if country == "UTO" else f"{country.lower()}-node"
        day = f"20{10 + index % 16:02d}-{1 + index % 12:02d}-{1 + index % 28:02d}"
        yield (
            key, country, TYPES[index % 5], owner, written, STATUSES[index % 20], day,
            None, None, None, None, None, "TLP:GREEN", None, stamp,
        )  # fmt: skip


def build(node: Node, count: int) -> dict[str, float]:
    sqlite = node.db.is_sqlite
    timings: dict[str, float] = {}
    started = time.perf_counter()
    if not sqlite:
        with node.db.write() as connection:
            connection.execute(text("ALTER TABLE document_status DROP CONSTRAINT pk_document_status"))
    for start in range(0, count, BATCH):
        with node.db.write() as connection:
            document_loads.copy_rows(
                connection,
                "document_status",
                COLUMNS,
                rows(start, min(count, start + BATCH), sqlite),
                driver_ready=True,
            )
        done = min(count, start + BATCH)
        print(f"  {done:,} rows in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    timings["insert_seconds"] = time.perf_counter() - started
    if not sqlite:
        started = time.perf_counter()
        with node.db.write() as connection:
            connection.execute(text("SET LOCAL maintenance_work_mem = '2GB'"))
            columns = ", ".join(store.KEY_COLUMNS)
            connection.execute(
                text(f"ALTER TABLE document_status ADD CONSTRAINT pk_document_status PRIMARY KEY ({columns})")
            )
        timings["primary_key_seconds"] = time.perf_counter() - started
        started = time.perf_counter()
        with node.db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE document_status"))
        timings["vacuum_analyze_seconds"] = time.perf_counter() - started
    else:
        with node.db.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return timings


def sizes(node: Node) -> dict[str, int]:
    if node.db.is_sqlite:
        path = node.home / "perimeter.db"
        return {"database_file_bytes": path.stat().st_size}
    with node.db.read() as connection:
        table, index, total = connection.execute(
            text(
                "SELECT pg_table_size('document_status'), pg_indexes_size('document_status'),"
                " pg_total_relation_size('document_status')"
            )
        ).one()
    return {"table_bytes": int(table), "primary_key_bytes": int(index), "total_bytes": int(total)}


def warm(node: Node) -> float:
    """Read the registry once, so that it sits in the operating system's cache as on a node that has been serving."""
    started = time.perf_counter()
    if node.db.is_sqlite:
        with (node.home / "perimeter.db").open("rb") as handle:
            while handle.read(1 << 24):
                pass
    else:
        with node.db.write() as connection:
            connection.execute(text("CREATE EXTENSION IF NOT EXISTS pg_prewarm"))
            schema = connection.execute(
                text(
                    "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
                    " WHERE e.extname = 'pg_prewarm'"
                )
            ).scalar_one()
            for relation in ("document_status", "pk_document_status"):
                connection.execute(text(f"SELECT \"{schema}\".pg_prewarm(:relation, 'read')"), {"relation": relation})
    return round(time.perf_counter() - started, 1)


def queries(count: int, registry: int, seed: int = 7) -> list[tuple[str, str, bool]]:
    """(country, number as typed, reported?) — half reported, half not, typed with spaces, dashes or O for 0."""
    rng = random.Random(seed)
    made = []
    for position in range(count):
        index = rng.randrange(registry)
        if position % 2 == 0:
            key, country = reported(index)
        else:
            key, country = number(index * 3 + 1), country_of(index)
        typed = rng.choice((key, f"{key[:2]} {key[2:]}", f"{key[:4]}-{key[4:]}", key.replace("0", "O")))
        made.append((country, typed, position % 2 == 0))
    return made


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": round(ordered[len(ordered) // 2], 4),
        "p99_ms": round(ordered[int(len(ordered) * 0.99)], 4),
        "mean_ms": round(statistics.fmean(ordered), 4),
        "n": len(ordered),
    }


def timed(function: Callable[[], object]) -> float:
    started = time.perf_counter_ns()
    function()
    return (time.perf_counter_ns() - started) / 1e6


def measure_lookups(node: Node, asked: list[tuple[str, str, bool]]) -> dict[str, Any]:
    keys = [(country, document_number_key(typed), hit) for country, typed, hit in asked]
    with node.db.read() as connection:
        for country, key, _ in keys[:200]:  # compile the statement once
            store.lookup(connection, country, key)
        found = 0
        samples = []
        for country, key, hit in keys:
            started = time.perf_counter_ns()
            result = store.lookup(connection, country, key)
            samples.append((time.perf_counter_ns() - started) / 1e6)
            found += bool(result) == hit
    assert found == len(keys), "every reported number must be found and no other"
    return percentiles(samples)


def measure_checks(node: Node, asked: list[tuple[str, str, bool]]) -> dict[str, Any]:
    officer = Actor.user("olga", Role.OFFICER)
    lookup, audit, total = [], [], []
    for country, typed, hit in asked:
        started = time.perf_counter_ns()
        result = document_checks.check(node, officer, country, typed)
        total.append((time.perf_counter_ns() - started) / 1e6)
        lookup.append(result.lookup_ms)
        audit.append(result.audit_ms)
        assert result.found is hit
    return {"lookup_in_transaction": percentiles(lookup), "audit_append": percentiles(audit),
            "whole_call": percentiles(total)}  # fmt: skip


def measure_api(node: Node, asked: list[tuple[str, str, bool]], postgres: str | None) -> dict[str, Any]:
    with contextlib.suppress(Conflict):  # a registry measured again (--reuse) has its user already
        users.add_user(node, Actor.system(), "olga-api", Role.OFFICER)
    token = users.create_token(node, Actor.system(), "olga-api").token
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "PERIMETER_HOME": str(node.home)}
    if postgres:
        env.update(PERIMETER_DATABASE_URL=postgres, PERIMETER_DATABASE_SCHEMA=node.settings.database_schema)
    server = subprocess.Popen(
        [sys.executable, "-m", "perimeter.cli.main", "serve", "--port", str(port)],
        env=env,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}/api/v1"
        with httpx.Client(headers={"Authorization": f"Bearer {token}"}, timeout=10) as client:
            for _ in range(100):
                try:
                    if client.get(f"{base}/health").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.2)
            for country, typed, _ in asked[:500]:
                client.post(f"{base}/documents/check", json={"country": country, "number": typed})
            floor = []  # the same server and client on a page that touches no database: what HTTP alone costs
            for _ in range(len(asked)):
                started = time.perf_counter_ns()
                client.get(f"http://127.0.0.1:{port}/docs")
                floor.append((time.perf_counter_ns() - started) / 1e6)
            samples, node_lookup = [], []
            for country, typed, hit in asked:
                started = time.perf_counter_ns()
                response = client.post(f"{base}/documents/check", json={"country": country, "number": typed})
                samples.append((time.perf_counter_ns() - started) / 1e6)
                body = response.json()
                assert body["found"] is hit, body
                node_lookup.append(body["lookup_ms"])
        return {
            "round_trip": percentiles(samples),
            "lookup_reported_by_node": percentiles(node_lookup),
            "http_floor_get_docs": percentiles(floor),
        }
    finally:
        server.terminate()
        server.wait(timeout=30)


def measure_loader(node: Node, count: int, work: Path) -> dict[str, Any]:
    path = work / "load.csv"
    header = "issuing_country,document_type,number,status,reported_on,holder_surname,reporting_authority\n"
    with path.open("w") as handle:
        handle.write(header)
        for index in range(count):
            handle.write(
                f"UTO,P,{number(index * 3 + 2)},{STATUSES[index % 20]},2025-03-{1 + index % 28:02d},,UTO Police\n"
            )
    admin = Actor.system()
    results: dict[str, Any] = {"lines": count}
    for label in ("first_load", "same_file_again"):
        report = document_loading.load_file(node, admin, path)
        results[label] = {**{k: v for k, v in report.summary().items() if k not in ("samples", "sha256", "source")}}
    delta = work / "delta.csv"
    tenth = max(3, count // 10)
    with delta.open("w") as handle:
        handle.write(header)
        for index in range(tenth):
            status = ("stolen", "recovered", "lost")[index % 3]
            value = index * 3 + 2 if index % 3 < 2 else (count + index) * 3 + 2
            handle.write(f"UTO,P,{number(value)},{status},2025-04-01,,UTO Police\n")
    report = document_loading.load_file(node, admin, delta)
    results["delta"] = {k: v for k, v in report.summary().items() if k not in ("samples", "sha256", "source")}
    path.unlink()
    delta.unlink()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=20_000)
    parser.add_argument("--load-rows", type=int, default=1_000_000)
    parser.add_argument("--postgres", default=None, help="PostgreSQL URL (default: SQLite)")
    parser.add_argument("--work", type=Path, default=Path("bench/.work/documents"))
    parser.add_argument("--keep", action="store_true", help="keep the SQLite home (PostgreSQL schemas are dropped)")
    parser.add_argument("--reuse", type=Path, default=None, help="measure the SQLite registry kept in this home")
    args = parser.parse_args()
    home = args.reuse or args.work / f"node-{uuid.uuid4().hex[:6]}"
    values: dict[str, object] = {"home": home}
    schema = None
    if args.postgres:
        schema = f"bench_documents_{uuid.uuid4().hex[:8]}"
        create_schema_if_missing(args.postgres, schema)
        values.update(database_url=args.postgres, database_schema=schema)
    if args.reuse:
        node = open_node(Settings.from_mapping(values))
    else:
        node = init_node(Settings.from_mapping(values), "uto-pass", "UTO", "Utopia Passport Office")
    results: dict[str, Any] = {"backend": node.db.dialect_name, "rows": args.rows}
    try:
        if not args.reuse:
            print(f"building {args.rows:,} records on {node.db.dialect_name}", file=sys.stderr)
            results["build"] = build(node, args.rows)
        results["size"] = sizes(node)
        results["lookup_statement_first_touch"] = measure_lookups(node, queries(args.queries, args.rows, seed=7))
        results["warm_seconds"] = warm(node)
        results["lookup_statement_warm"] = measure_lookups(node, queries(args.queries, args.rows, seed=8))
        results["check_service"] = measure_checks(node, queries(args.queries, args.rows, seed=9))
        results["api"] = measure_api(node, queries(min(args.queries, 5000), args.rows, seed=10), args.postgres)
        if args.load_rows:
            results["loader"] = measure_loader(node, args.load_rows, args.work)
            results["size_after_loads"] = sizes(node)
    finally:
        node.close()
        if schema:
            drop_schema(args.postgres, schema)
        elif not (args.keep or args.reuse):
            shutil.rmtree(home, ignore_errors=True)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
