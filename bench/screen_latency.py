"""Latency of one screen: ``perimeter screen person`` wall time, and in-process ``POST /api/v1/screen`` (not a test).

    .venv/bin/python bench/screen_latency.py HOME [--requests 500] [--cli-runs 5] [--profile]

HOME is a node with the lists loaded and the screening index built (see bench/RESULTS.md). The CLI is run as a
subprocess (interpreter start, imports, node open, index load, screen, audit); the API through the ASGI app in
this thread (httpx's ASGI transport: no socket and no thread hop, whose GIL hand-overs would swamp a few ms),
after 20 warm-up requests: the round trip and the node time each answer reports (``ms``: authentication, screen,
decisions, audit write).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import statistics
import subprocess
import sys
import time
from pathlib import Path

NAMES = ["Osama bin Laden", "Ayman al-Zawahiri", "John Smith", "Maria Garcia", "Kim Jong Un", "Ali Hassan"]


def cli_wall(home: Path, runs: int) -> list[float]:
    command = [sys.executable, "-m", "perimeter.cli.main", "screen", "person", "--name", "Osama bin Laden"]
    environment = {**os.environ, "PERIMETER_HOME": str(home)}
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, env=environment, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return times


def api_latency(home: Path, requests: int, profile: bool) -> tuple[list[float], list[float]]:
    """Round trips through the ASGI app in this thread (no socket, no thread hop), and the node time reported."""
    import httpx

    from perimeter.core.access import Actor, Role
    from perimeter.services import users
    from perimeter.services.node import open_node
    from perimeter.settings import Settings
    from perimeter.web.app import create_app

    node = open_node(Settings.load(home=home))
    username = f"bench{int(time.time())}"
    users.add_user(node, Actor.system(), username, Role.OFFICER)
    headers = {"Authorization": f"Bearer {users.create_token(node, Actor.system(), username).token}"}
    times: list[float] = []
    node_times: list[float] = []

    async def run() -> None:
        transport = httpx.ASGITransport(app=create_app(node.settings, node))
        async with httpx.AsyncClient(transport=transport, base_url="http://node") as client:
            for index in range(20 + requests):
                body = {"name": NAMES[index % len(NAMES)]}  # name only: most have hits, so decisions apply
                started = time.perf_counter()
                response = await client.post("/api/v1/screen", json=body, headers=headers)
                elapsed = time.perf_counter() - started
                assert response.status_code == 200, response.text
                if index >= 20:
                    times.append(elapsed)
                    node_times.append(response.json()["ms"] / 1000)
            if profile:
                profiler = cProfile.Profile()
                profiler.enable()
                for index in range(100):
                    await client.post("/api/v1/screen", json={"name": NAMES[index % len(NAMES)]}, headers=headers)
                profiler.disable()
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)

    asyncio.run(run())
    node.close()
    return times, node_times


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("home", type=Path)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--cli-runs", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    if args.cli_runs:
        wall = cli_wall(args.home, args.cli_runs)
        print(f"cli screen person: median {statistics.median(wall):.2f} s, min {min(wall):.2f}, max {max(wall):.2f}")
    if args.requests:
        api, node_time = api_latency(args.home, args.requests, args.profile)
        for label, values in (("round trip (ASGI, in process)", api), ("node time (answer's ms)", node_time)):
            p50, p99 = percentile(values, 0.5) * 1000, percentile(values, 0.99) * 1000
            print(f"POST /api/v1/screen, {len(values)} requests, {label}: p50 {p50:.2f} ms, p99 {p99:.2f} ms")


if __name__ == "__main__":
    main()
