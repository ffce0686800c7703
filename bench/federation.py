"""Federation benchmark: outbox delivery latency and federated query throughput between two uvicorn nodes, and
the replication catch-up rate of document status records.

    python bench/federation.py [--records 100000] [--messages 200] [--seconds 5]

Two nodes (SQLite, each its own home and key) are served by ``perimeter serve`` (uvicorn) as separate processes,
over real HTTP on 127.0.0.1; this process plays the sender's officers and operators on the same databases.
Latency: from the commit of a ``federation.ping`` in the sender's outbox to the commit of the handled message on
the receiver (one machine, one clock), the sender's served deliverer at its default poll interval (0.2 s).
Throughput: federated document checks (``ask_partners``: sign, send, verify, agreement and purpose, count, decide,
look up, audit on both sides), 8 at a time. Replication: the receiver pulls the owner's delta feed from zero.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select

from perimeter.core.access import Actor
from perimeter.federation import ping, replication
from perimeter.federation.client import PartnerClient
from perimeter.services import federated_screening
from perimeter.services.federation_links import conclude, introduce
from perimeter.services.node import Node, init_node
from perimeter.settings import Settings
from perimeter.store import changes
from perimeter.store.document_loads import DOCUMENT_KIND
from perimeter.store.tables.base import utc_now
from perimeter.store.tables.documents import document_status
from perimeter.store.tables.federation import federation_inbox

AGREEMENT = """
agreement: bench
version: 1
parties: [us-cbp, ca-cbsa]
in_force: 2026-01-01
expires: 2030-12-31
clauses:
  - id: documents
    record_kind: document-status
    level: full
    fields:
      full: [status, issuing_country, document_type, number, reported_on]
    purposes: [border-screening]
    mode: replicated
    retention_days: 365
    response_deadline_hours: 48
"""


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(node: Node, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PERIMETER_HOME": str(node.home), "PERIMETER_REPLICATION_INTERVAL_SECONDS": "0",
           "PYTHONPATH": str(Path(__file__).resolve().parents[1])}  # fmt: skip
    process = subprocess.Popen(
        [sys.executable, "-m", "perimeter.cli.main", "serve", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.1)


def _serve_here(node: Node, port: int) -> None:
    import threading

    import uvicorn

    from perimeter.web.app import create_app

    settings = node.settings.with_changes(replication_interval_seconds=0)
    server = uvicorn.Server(uvicorn.Config(create_app(settings, node), port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.02)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def latency(us: Node, ca: Node, messages: int) -> dict[str, float]:
    samples = []
    for number in range(messages):
        key = ping.ping(us, Actor.system(), "ca-cbsa", f"bench-{number}")
        started = utc_now()
        while True:
            with ca.db.read() as connection:
                row = connection.execute(
                    select(federation_inbox.c.received_at).where(federation_inbox.c.idempotency_key == key)
                ).first()
            if row is not None:
                samples.append((row.received_at - started).total_seconds() * 1000)
                break
            time.sleep(0.002)
        time.sleep(0.05)
    return {"p50_ms": round(_percentile(samples, 0.5), 1), "p99_ms": round(_percentile(samples, 0.99), 1),
            "max_ms": round(max(samples), 1), "n": len(samples)}  # fmt: skip


async def throughput(us: Node, seconds: float, concurrency: int = 8) -> dict[str, float]:
    actor = Actor.system()
    count = 0
    deadline = time.perf_counter() + seconds
    async with PartnerClient(us) as client:

        async def worker(index: int) -> None:
            nonlocal count
            while time.perf_counter() < deadline:
                await federated_screening.ask_partners(
                    us, actor, client, "document-status", "screening.document",
                    {"country": "CAN", "number": f"ZZ{index}{count:06d}"}, "border-screening",
                )  # fmt: skip
                count += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker(i) for i in range(concurrency)))
        elapsed = time.perf_counter() - started
    return {"queries": count, "seconds": round(elapsed, 2), "per_second": round(count / elapsed, 1)}


def load_documents(node: Node, records: int) -> float:
    started = time.perf_counter()
    now = utc_now()
    batch = 5000
    for start in range(0, records, batch):
        rows = [
            {"number_key": f"GA{n:08d}", "issuing_country": "CAN", "document_type": "passport", "owner_node": "ca-cbsa",
             "number": f"GA{n:08d}", "status": "stolen", "reported_on": date(2026, 1, 1), "sensitivity": "TLP:GREEN",
             "updated_at": now}
            for n in range(start, min(records, start + batch))
        ]  # fmt: skip
        with node.db.write() as connection:
            connection.execute(document_status.insert(), rows)
            changes.record(
                connection, DOCUMENT_KIND, "ca-cbsa", "add", [f"CAN/passport/{r['number_key']}" for r in rows], now
            )
    return time.perf_counter() - started


async def catch_up(us: Node) -> tuple[int, float]:
    async with PartnerClient(us) as client:
        started = time.perf_counter()
        applied = await replication.pull(us, client, "ca-cbsa")
        return applied, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument(
        "--sender-in-process",
        action="store_true",
        help="Serve the sender in this process (uvicorn in a thread), so each enqueue wakes its deliverer.",
    )
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="perimeter-bench-federation-"))
    us = init_node(Settings.from_mapping({"home": root / "us"}), "us-cbp", "USA", "US")
    ca = init_node(Settings.from_mapping({"home": root / "ca"}), "ca-cbsa", "CAN", "CA")
    ports = {"us-cbp": _port(), "ca-cbsa": _port()}
    introduce({k: f"http://127.0.0.1:{v}" for k, v in ports.items()}, [us, ca])
    conclude([us, ca], AGREEMENT)
    servers = [_serve(ca, ports["ca-cbsa"])]
    if args.sender_in_process:
        _serve_here(us, ports["us-cbp"])
    else:
        servers.append(_serve(us, ports["us-cbp"]))
    print(f"nodes served at {ports}", file=sys.stderr)
    result: dict[str, Any] = {"outbox_latency": latency(us, ca, args.messages)}
    result["federated_query"] = asyncio.run(throughput(us, args.seconds))
    print(result, file=sys.stderr)
    if args.records:
        result["replication"] = replicate(us, ca, args.records)
    for server in servers:
        server.terminate()
        server.wait()
    print(result)


def replicate(us: Node, ca: Node, records: int) -> dict[str, Any]:
    load_seconds = load_documents(ca, records)
    print(f"owner loaded {records} records in {load_seconds:.1f} s", file=sys.stderr)
    applied, seconds = asyncio.run(catch_up(us))
    return {"records": applied, "seconds": round(seconds, 2), "per_second": round(applied / seconds),
            "owner_load_seconds": round(load_seconds, 2)}  # fmt: skip


if __name__ == "__main__":
    main()
