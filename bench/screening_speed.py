"""Screening speed (issue 3): batch queries a second on one core, API latency, memory, index build and refresh.

    .venv/bin/python bench/screening_speed.py [--synthetic 1000000] [--queries 4000] [--api-requests 2000]

Run ``bench/screening_accuracy.py`` first: this script reuses its OFAC + UN node and its query sets
(``bench/.work/screening``). For each list (OFAC + UN; a synthetic list of ``--synthetic`` people made by
``screening_support.synthetic`` and loaded with ``perimeter watchlist load --format jsonl``) it measures, each step in
its own process pinned to one core (peak RSS of that process reported):

- ``build``: the engine's index built from the node's holdings (the index file removed first);
- ``open``: a new process getting the screener (index read from disk), as every CLI call does;
- ``batch``: ``Screener.screen_many`` over ``--queries`` queries (half listed people with a typo, half innocent
  travellers), and the same queries one by one (``Screener.screen``, per-query p50 / p99); then the same file
  through ``perimeter screen batch`` with one worker and with all cores (wall time, start-up included);
- ``refresh``: a national list of 100 people loaded into the node, then the loaded index brought up to date from the
  change feed (incremental, no rebuild);
- ``api``: ``perimeter serve`` (uvicorn) and ``POST /api/v1/screen`` one query per request, keep-alive, p50 / p99.
Results are printed and written to ``--json`` (default ``bench/screening-speed.json``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(ROOT), str(BENCH)]

from screening_support.paths import shared_data  # noqa: E402
from screening_support.speed_steps import STEPS  # noqa: E402


def step(name: str, home: Path, **options: Any) -> dict[str, Any]:
    """Run one measuring step in a fresh process on one core; its JSON answer."""
    command = [sys.executable, str(Path(__file__)), "--step", name, "--home", str(home)]
    command += ["--options", json.dumps(options)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if done.returncode:
        return {"error": done.stderr.strip()[-1500:]}
    answer: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return answer


def run_step(name: str, home: Path, options: dict[str, Any]) -> None:
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    answer = STEPS[name](home, **options)
    answer["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(answer))


def perimeter(home: Path, *args: str) -> float:
    started = time.perf_counter()
    command = [sys.executable, "-m", "perimeter.cli.main", "--home", str(home), *args]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if done.returncode:
        raise SystemExit(f"perimeter {' '.join(args)}: {done.stderr.strip()[-2000:]}")
    return time.perf_counter() - started


def query_mix(work: Path, size: int, seed: int, synthetic: Path | None) -> Path:
    """Half listed people with a typo (from the accuracy sets, or typos of synthetic names), half innocents."""
    from screening_support.variants import typo

    sets = work / "sets"
    rows = [json.loads(line) for line in (sets / "main.queries.jsonl").read_text(encoding="utf-8").splitlines()]
    innocents = [r for r in rows if r["id"].startswith("innocent")]
    rng = random.Random(seed)
    if synthetic is None:
        listed = [r for r in rows if r["id"].startswith(("typo", "hard", "swap", "drop"))]
    else:
        listed = []
        with synthetic.open(encoding="utf-8") as source:
            for n, line in enumerate(source):
                if n % 97 == 0:
                    entry = json.loads(line)
                    name, _kinds = typo(entry["names"][0]["full"], rng, 1)
                    listed.append({"id": f"syn-typo-{n}", "name": name, "birth_date": entry["birth_dates"][0]["date"]})
    mix = rng.sample(listed, min(size // 2, len(listed))) + rng.sample(innocents, min(size // 2, len(innocents)))
    rng.shuffle(mix)
    path = work / f"speed-queries-{'synthetic' if synthetic else 'main'}.jsonl"
    path.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in mix), encoding="utf-8")
    return path


def measure(home: Path, queries: Path, api_requests: int, refresh_list: Path) -> dict[str, Any]:
    index_dir = home / "screening"
    for old in index_dir.glob("index-*") if index_dir.exists() else []:
        old.unlink()
    results: dict[str, Any] = {"build": step("build", home), "open": step("open", home)}
    results["cli_screen_person_seconds"] = None
    try:
        results["cli_screen_person_seconds"] = round(perimeter(home, "screen", "person", "--name", "Ali Hassan"), 3)
    except SystemExit as error:
        results["cli_screen_person_seconds"] = str(error)[:300]
    results["batch"] = step("batch", home, queries=str(queries))
    for workers in ("1", "0"):  # the command line, one process and all cores
        out = queries.with_suffix(f".results-{workers}.jsonl")
        try:
            seconds = perimeter(home, "screen", "batch", "--in", str(queries), "--out", str(out), "--workers", workers)
            results[f"cli_batch_workers_{workers}_seconds"] = round(seconds, 3)
        except SystemExit as error:
            results[f"cli_batch_workers_{workers}_seconds"] = str(error)[:300]
    results["refresh"] = step("refresh", home, list_file=str(refresh_list))
    results["api"] = step("api", home, queries=str(queries), requests=api_requests)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", type=Path, default=BENCH / ".work" / "screening")
    parser.add_argument("--json", type=Path, default=BENCH / "screening-speed.json")
    parser.add_argument("--synthetic", type=int, default=1_000_000, help="people on the synthetic list (0: skip)")
    parser.add_argument("--queries", type=int, default=4000)
    parser.add_argument("--api-requests", type=int, default=2000)
    parser.add_argument("--reuse-synthetic", action="store_true", help="keep the synthetic node of the last run")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--home", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--options", default="{}", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        run_step(args.step, args.home, json.loads(args.options))
        return
    from screening_support.synthetic import write_list

    work = args.work.resolve()
    refresh_list = work / "refresh-list.jsonl"
    main_entries = [json.loads(line) for line in (work / "list-main.jsonl").read_text(encoding="utf-8").splitlines()]
    names_dir = shared_data() / "names"
    write_list(refresh_list, 100, 7, main_entries, names_dir, prefix="refresh")  # ids apart from the synthetic list
    report: dict[str, Any] = {"cpu": os.cpu_count(), "load_average_at_start": os.getloadavg()}
    report["ofac+un"] = measure(work / "node-main", query_mix(work, args.queries, 1, None), args.api_requests,
                                refresh_list)  # fmt: skip
    print(json.dumps({"ofac+un": report["ofac+un"]}, indent=1), flush=True)
    if args.synthetic:
        synthetic_home = work / f"node-synthetic-{args.synthetic}"
        synthetic_file = work / f"synthetic-{args.synthetic}.jsonl"
        report["synthetic_list"] = {"people": args.synthetic, "reused": True}
        if not (args.reuse_synthetic and synthetic_home.exists()):
            subprocess.run(["rm", "-rf", str(synthetic_home)], check=True)
            started = time.perf_counter()
            write_list(synthetic_file, args.synthetic, 11, main_entries, names_dir)
            written = time.perf_counter() - started
            perimeter(synthetic_home, "init", "--node-id", "bench", "--country", "USA", "--name", "synthetic")
            loaded = perimeter(synthetic_home, "watchlist", "load", "--format", "jsonl", "--list", "synthetic",
                               str(synthetic_file))  # fmt: skip
            report["synthetic_list"] = {"people": args.synthetic, "write_seconds": written, "load_seconds": loaded}
        queries = query_mix(work, args.queries, 2, synthetic_file)
        report["synthetic"] = measure(synthetic_home, queries, args.api_requests, refresh_list)
    report["load_average_at_end"] = os.getloadavg()
    args.json.write_text(json.dumps(report, indent=1) + "\n")
    print(json.dumps(report, indent=1))
    print(f"written: {args.json}")


if __name__ == "__main__":
    main()
