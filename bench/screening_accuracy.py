"""Screening accuracy (issue 3): the engine and two baselines side by side, on the same real list and queries.

    bench/setup-baseline                         # once: the benchmark's own environment (baselines, Faker)
    .venv/bin/python bench/screening_accuracy.py [--innocents 20000] [--size 1000] [--reuse]

1. A node is made the way an agency makes one (``perimeter init``, ``perimeter watchlist load`` of the OFAC SDN
   and UN lists from ``../shared/data/lists``), and its entries are exported (``screening_support.export``).
2. The query sets are drawn from those entries with fixed seeds (``screening_support.generate``, in the benchmark's
   environment): aliases, typos, surname first, dropped middle name, hard variants, innocent travellers; the
   cross-script node (UN names split by script) and the romanisation pairs.
3. The engine screens them in process on one core (``screening_support.engine``), with the travellers' birth date
   and nationality and once with the name alone; the baselines (``screening_support.baselines``) screen the same
   files in their own environment and process.
4. The table is printed and everything is written to ``--json`` (default ``bench/screening-accuracy.json``).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(ROOT), str(BENCH)]  # this checkout's perimeter package first, then the support modules

from screening_support import engine  # noqa: E402
from screening_support.evaluate import class_scores, misses, pair_results, precision  # noqa: E402
from screening_support.export import export_node  # noqa: E402
from screening_support.paths import shared_data  # noqa: E402
from screening_support.report import accuracy_table  # noqa: E402

BASELINE_PYTHON = BENCH / ".venv-baseline" / "bin" / "python"
# node -> the list it holds: the OFAC + UN node, and the two cross-script nodes (see xscript.py)
NODES = {"main": "ofac-sdn + un", "xs-native": "xs-latin", "xs-latin": "xs-script"}
# query set -> the node it is screened against
RUNS = [("main", "main"), ("hard", "main"), ("xs-native", "xs-native"), ("xs-latin", "xs-latin")]


def perimeter(home: Path, *args: str) -> None:
    command = [sys.executable, "-m", "perimeter.cli.main", "--home", str(home), *args]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if done.returncode:
        raise SystemExit(f"perimeter {' '.join(args)}: {done.stderr.strip()[-2000:]}")


def make_node(home: Path, loads: list[tuple[str, str, Path]]) -> None:
    perimeter(home, "init", "--node-id", "bench", "--country", "USA", "--name", "screening benchmark")
    for list_name, format_name, path in loads:
        perimeter(home, "watchlist", "load", "--format", format_name, "--list", list_name, str(path))


def baseline(*args: str) -> None:
    subprocess.run([str(BASELINE_PYTHON), "-m", "screening_support.baselines", *args], check=True, cwd=BENCH)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def results_of(path: Path) -> dict[str, list[dict[str, Any]]]:
    return {row["id"]: row["hits"] for row in read_jsonl(path)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=shared_data(), help="../shared/data of the project")
    parser.add_argument("--work", type=Path, default=BENCH / ".work" / "screening")
    parser.add_argument("--json", type=Path, default=BENCH / "screening-accuracy.json")
    parser.add_argument("--size", default="1000", help="queries per variant class")
    parser.add_argument("--aliases", default="2000", help="alias queries (0: all)")
    parser.add_argument("--innocents", default="20000")
    parser.add_argument("--pairs", default="300", help="positive (and as many negative) pairs per corpus")
    parser.add_argument("--top", default="10", help="candidates of logic-v2's blocking step")
    parser.add_argument("--reuse", action="store_true", help="keep the nodes and query sets of the last run")
    parser.add_argument("--skip-baselines", action="store_true", help="reuse the baselines' last results")
    parser.add_argument("--skip-engine", action="store_true", help="the baselines only")
    args = parser.parse_args()
    work, lists = args.work.resolve(), args.shared.resolve() / "lists"
    sets, out = work / "sets", work / "results"
    out.mkdir(parents=True, exist_ok=True)
    homes = {stem: work / f"node-{stem}" for stem in NODES}
    if not args.reuse:
        subprocess.run(["rm", "-rf", *map(str, homes.values())], check=True)
        make_node(
            homes["main"],
            [
                ("ofac-sdn", "ofac-sdn", lists / "ofac-sdn"),
                ("un", "un-consolidated", lists / "un-consolidated" / "UN_consolidated.xml"),
            ],
        )
        export_node(homes["main"], work / "list-main.jsonl")
        generate = [str(BASELINE_PYTHON), "-m", "screening_support.generate", "--list", str(work / "list-main.jsonl")]
        generate += ["--names", str(args.shared / "names"), "--out", str(sets), "--size", args.size]
        generate += ["--aliases", args.aliases, "--innocents", args.innocents, "--pairs", args.pairs]
        subprocess.run(generate, check=True, cwd=BENCH)
        for stem, list_name in list(NODES.items())[1:]:
            make_node(homes[stem], [(list_name, "jsonl", sets / f"{list_name}.jsonl")])
            export_node(homes[stem], work / f"list-{stem}.jsonl")

    if not args.skip_baselines:
        tuned = None
        for stem, node in RUNS:
            command = ["--list", str(work / f"list-{node}.jsonl"), "--queries", str(sets / f"{stem}.queries.jsonl")]
            command += ["--out", str(out / stem), "--top", args.top]
            if tuned is None:
                command += ["--tune", str(sets / "main.labels.jsonl")]
            else:
                command += ["--fuzzy-threshold", str(tuned)]
            if stem == RUNS[-1][0]:
                command += ["--pairs", str(sets / "pairs.jsonl")]
            baseline(*command)
            tuned = json.loads((out / "main" / "fuzzy.timing.json").read_text())["threshold"]

    stems = [stem for stem, _node in RUNS]
    labels = [lab for stem in stems for lab in read_jsonl(sets / f"{stem}.labels.jsonl")]
    queries = {q["id"]: q for stem in stems for q in read_jsonl(sets / f"{stem}.queries.jsonl")}
    pair_labels = read_jsonl(sets / "pairs.labels.jsonl")
    base_pairs = read_jsonl(out / stems[-1] / "baselines.pairs.jsonl")
    systems: dict[str, dict[str, Any]] = {}
    for name in ("fuzzy", "logic-v2"):
        rows = [row for stem in stems for row in read_jsonl(out / stem / f"{name}.results.jsonl")]
        results = {row["id"]: row["hits"] for row in rows} | pair_results(base_pairs, f"{name}_alert")
        timing: dict[str, Any] = json.loads((out / "main" / f"{name}.timing.json").read_text())
        systems[name] = summarise(labels, pair_labels, queries, results, timing)
        if name == "logic-v2":
            blocked = {row["id"]: [{"record_id": r} for r in row["candidates"]] for row in rows}
            systems[name]["blocking_recall"] = class_scores(labels, blocked)
    if engine.available() and not args.skip_engine:
        for suffix, name_only in (("", False), (".name-only", True)):
            timing = {}
            for stem, node in RUNS:
                made = engine.run(
                    homes[node], sets / f"{stem}.queries.jsonl", out / f"engine.{stem}{suffix}.jsonl", name_only
                )
                timing = timing or made
            results = {}
            for stem in stems:
                results |= results_of(out / f"engine.{stem}{suffix}.jsonl")
            if not name_only:
                engine.compare(homes["main"], sets / "pairs.jsonl", out / "engine.pairs.jsonl")
            results |= pair_results(read_jsonl(out / "engine.pairs.jsonl"), "alert")
            systems["engine" + (" (name only)" if name_only else "")] = summarise(
                labels, pair_labels, queries, results, timing
            )
    report = {"sets": json.loads((sets / "sets.json").read_text()), "systems": systems}
    print(accuracy_table(report))
    args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"written: {args.json}")


def summarise(
    labels: list[dict[str, Any]],
    pair_labels: list[dict[str, Any]],
    queries: dict[str, dict[str, Any]],
    results: dict[str, Any],
    timing: dict[str, Any],
) -> dict[str, Any]:
    """Recall per class, precision, timing, and up to eight missed (or, for innocents, alerted) queries a class."""
    examples = {}
    sources = {lab["id"]: lab.get("source") for lab in labels}
    for cls in sorted({lab["class"] for lab in labels}):
        examples[cls] = [
            {"query": queries[q]["name"], "source": sources[q], "hits": [_short(h) for h in results[q][:2]]}
            for q in misses(labels, results, cls)[:8]
        ]
    scores = class_scores(labels + pair_labels, results)
    by_locale: Counter[str] = Counter()
    for lab in labels:
        if lab["class"] == "innocent" and results.get(lab["id"]):
            by_locale[lab.get("locale") or "?"] += 1
    return {"classes": scores, "precision": precision(labels, results), "timing": timing, "examples": examples,
            "innocent_alerts_by_locale": dict(by_locale.most_common())}  # fmt: skip


def _short(hit: dict[str, Any]) -> dict[str, Any]:
    return {key: hit[key] for key in ("record_id", "matched_name", "score") if key in hit}


if __name__ == "__main__":
    main()
