"""The measuring steps of ``screening_speed.py``, each run in its own process (the product's environment)."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from perimeter.core.access import Actor, Role
from perimeter.core.errors import Conflict
from perimeter.services import users
from perimeter.services import watchlist_sources as sources
from perimeter.services.node import Node, open_node
from perimeter.settings import Settings

from .paths import ROOT


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)

    def at(share: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 3)

    return {"n": len(ordered), "p50": at(0.50), "p90": at(0.90), "p99": at(0.99), "max": round(ordered[-1], 3),
            "mean": round(statistics.fmean(ordered), 3)}  # fmt: skip


def _node(home: Path) -> Node:
    return open_node(Settings.load(environ={}, home=home))


def _queries(path: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def build(home: Path) -> dict[str, Any]:
    from perimeter.services.screening import screener

    node = _node(home)
    started = time.perf_counter()
    engine = screener(node)
    seconds = time.perf_counter() - started
    index_file = next((home / "screening").glob("index-*"), None)
    size = index_file.stat().st_size if index_file else None
    node.close()
    return {"build_seconds": round(seconds, 3), "index_file_mb": size and round(size / 2**20, 1),
            "algorithm": engine.algorithm.name}  # fmt: skip


def open_screener(home: Path) -> dict[str, Any]:
    started = time.perf_counter()
    from perimeter.services.screening import screener

    node = _node(home)
    screener(node)
    seconds = time.perf_counter() - started
    node.close()
    return {"open_seconds": round(seconds, 3)}


def batch(home: Path, queries: str) -> dict[str, Any]:
    from perimeter.screening.query import ScreeningQuery
    from perimeter.services.screening import screener

    node = _node(home)
    engine = screener(node)
    made = [ScreeningQuery.from_mapping(row, row["id"]) for row in _queries(queries)]
    started = time.perf_counter()
    results = engine.screen_many(made)
    seconds = time.perf_counter() - started
    one_by_one = []
    for query in made:
        began = time.perf_counter_ns()
        engine.screen(query)
        one_by_one.append((time.perf_counter_ns() - began) / 1e6)
    node.close()
    alerted = sum(1 for _f, hits in results if hits)
    return {"queries": len(made), "batch_seconds": round(seconds, 3), "queries_per_second": round(len(made) / seconds),
            "alerted": alerted, "screen_one_ms": percentiles(one_by_one)}  # fmt: skip


def refresh(home: Path, list_file: str) -> dict[str, Any]:
    """A new edition of a 100-person national list (every entry new or changed), then the index caught up."""
    from perimeter.services.screening import screener

    node = _node(home)
    engine = screener(node)
    edition = Path(list_file).with_suffix(".edition.jsonl")
    stamp = time.time_ns()
    rows = [json.loads(line) | {"remarks": f"edition {stamp}"} for line in Path(list_file).read_text().splitlines()]
    edition.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    loaded_at = time.perf_counter()
    sources.load_file(node, Actor.system(), "refresh-bench", "jsonl", edition)
    load_seconds = time.perf_counter() - loaded_at
    started = time.perf_counter()
    applied = engine.refresh()
    seconds = time.perf_counter() - started
    node.close()
    return {"changes_applied": applied, "refresh_seconds": round(seconds, 3), "load_seconds": round(load_seconds, 3)}


def api(home: Path, queries: str, requests: int) -> dict[str, Any]:
    import httpx

    node = _node(home)
    with contextlib.suppress(Conflict):
        users.add_user(node, Actor.system(), "bench-officer", Role.OFFICER)
    token = users.create_token(node, Actor.system(), "bench-officer").token
    node.close()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "PERIMETER_HOME": str(home)}
    command = [sys.executable, "-m", "perimeter.cli.main", "serve", "--port", str(port)]
    server = subprocess.Popen(["taskset", "-c", "1", *command], env=env, cwd=ROOT, stderr=subprocess.DEVNULL)
    rows = _queries(queries)
    try:
        base = f"http://127.0.0.1:{port}/api/v1"
        with httpx.Client(headers={"Authorization": f"Bearer {token}"}, timeout=30) as client:
            for _ in range(300):
                try:
                    if client.get(f"{base}/health").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.2)
            body = {k: v for k, v in rows[0].items() if k != "id"}
            first = client.post(f"{base}/screen", json=body)  # also loads the index in the server
            if first.status_code != 200:
                return {"error": f"POST /api/v1/screen answered {first.status_code}: {first.text[:300]}"}
            for row in rows[:200]:
                client.post(f"{base}/screen", json={k: v for k, v in row.items() if k != "id"})
            samples, node_ms = [], []
            for n in range(requests):
                row = rows[n % len(rows)]
                began = time.perf_counter_ns()
                response = client.post(f"{base}/screen", json={k: v for k, v in row.items() if k != "id"})
                samples.append((time.perf_counter_ns() - began) / 1e6)
                assert response.status_code == 200, response.text
                node_ms.append(float(response.json().get("ms", 0.0)))
        server_peak = _peak_rss_mb(server.pid)
        return {"round_trip_ms": percentiles(samples), "node_reported_ms": percentiles(node_ms), "server_core": 1,
                "client_core": 0, "server_peak_rss_mb": server_peak}  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=30)


def _peak_rss_mb(pid: int) -> float | None:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return None


STEPS: dict[str, Callable[..., dict[str, Any]]] = {
    "build": build,
    "open": open_screener,
    "batch": batch,
    "refresh": refresh,
    "api": api,
}
