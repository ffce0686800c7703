"""The two baselines, on the same list and the same queries as the engine (run in the benchmark's environment).

    bench/.venv-baseline/bin/python -m screening_support.baselines --list L.jsonl --queries Q.jsonl --out DIR
        [--fuzzy-threshold T | --tune LABELS.jsonl] [--pairs P.jsonl] [--top 10]

- ``fuzzy``: a plain fuzzy ratio over transliterated names. Every name is transliterated to ASCII (``anyascii``),
  lower-cased, punctuation removed; a query's score against an entry is rapidfuzz's ``fuzz.ratio`` (normalised
  Levenshtein) with the best of the entry's names, and the entry is a hit when it reaches the threshold. With
  ``--tune`` the threshold is the highest whole percentage at which 98 % of the ``typo-1`` queries find their entry.
- ``logic-v2``: OpenSanctions' ``nomenklatura`` matcher ``logic-v2`` with its default configuration, comparing a
  followthemoney ``Person`` (name, birth date, nationality, gender) with each candidate entry (``Person``,
  ``Organization``, ``Vessel`` or ``Airplane`` with all its names, birth dates and nationalities). logic-v2 is
  pairwise, so a blocking step gives it its candidates: the ``--top`` entries with the best rapidfuzz
  ``token_sort_ratio`` between the transliterated query and any of their names. Hits are candidates scoring at
  least 0.70, yente's default match threshold.

Each system writes ``<system>.results.jsonl`` (``{"id", "hits": [{"record_id", "score"}]}``, best first) and its
timing into ``<system>.timing.json``; both run on one core (rapidfuzz with ``workers=1``).
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path
from typing import Any

import numpy as np
from anyascii import anyascii
from rapidfuzz import fuzz, process

LOGIC_THRESHOLD = 0.70
SCHEMAS = {"person": "Person", "organisation": "Organization", "vessel": "Vessel", "aircraft": "Airplane"}
_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(name: str) -> str:
    return " ".join(_NON_WORD.sub(" ", anyascii(name).lower()).split())


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


class NameTable:
    """All names of all entries, folded, grouped by entry (names of one entry are contiguous)."""

    def __init__(self, entries: list[dict[str, Any]]) -> None:
        self.entries = entries
        self.names: list[str] = []
        starts = []
        for entry in entries:
            starts.append(len(self.names))
            self.names += [fold(n["full"]) or n["full"] for n in entry["names"]]
        self.starts = np.array(starts, dtype=np.int64)

    def best_per_entry(self, queries: list[str], scorer: Any) -> np.ndarray:
        """(queries x entries) best score of each entry's names, 0..100."""
        matrix = process.cdist(queries, self.names, scorer=scorer, dtype=np.uint8, workers=1)
        return np.maximum.reduceat(matrix, self.starts, axis=1)


def fuzzy_scores(table: NameTable, queries: list[dict[str, Any]], chunk: int = 500) -> list[np.ndarray]:
    folded = [fold(q["name"]) for q in queries]
    return [table.best_per_entry(folded[i : i + chunk], fuzz.ratio) for i in range(0, len(folded), chunk)]


def tune_threshold(scores: dict[str, float], labels: list[dict[str, Any]], target: float = 0.98) -> int:
    """The highest whole percentage at which ``target`` of the ``typo-1`` queries reach their entry."""
    expected = sorted(scores[lab["id"]] for lab in labels if lab["class"] == "typo-1")
    return int(expected[int(len(expected) * (1 - target))])


def run_fuzzy(
    table: NameTable, queries: list[dict[str, Any]], out: Path, threshold: int | None, tune: Path | None
) -> int:
    started = time.perf_counter()
    blocks = fuzzy_scores(table, queries)
    elapsed = time.perf_counter() - started
    ids = [e["record_id"] for e in table.entries]
    if threshold is None:
        assert tune is not None, "give --fuzzy-threshold or --tune"
        index = {e["record_id"]: i for i, e in enumerate(table.entries)}
        expected: dict[str, float] = {}
        labels = read_jsonl(tune)
        position = {q["id"]: n for n, q in enumerate(queries)}
        for lab in labels:
            if lab["class"] == "typo-1" and lab["id"] in position:
                n = position[lab["id"]]
                expected[lab["id"]] = float(blocks[n // 500][n % 500, index[lab["expected"][0]]])
        threshold = tune_threshold(expected, labels)
    with (out / "fuzzy.results.jsonl").open("w", encoding="utf-8") as sink:
        n = 0
        for block in blocks:
            for row in block:
                hit_at = np.nonzero(row >= threshold)[0]
                hits = sorted(((ids[i], int(row[i]) / 100) for i in hit_at), key=lambda h: -h[1])
                line = {"id": queries[n]["id"], "hits": [{"record_id": r, "score": s} for r, s in hits]}
                sink.write(json.dumps(line) + "\n")
                n += 1
    timing = {"queries": len(queries), "seconds": elapsed, "threshold": threshold / 100, "names": len(table.names)}
    (out / "fuzzy.timing.json").write_text(json.dumps(timing))
    return threshold


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--list", type=Path, required=True)
    parser.add_argument("--queries", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--fuzzy-threshold", type=float, default=None, help="0..1; default: tuned with --tune")
    parser.add_argument("--tune", type=Path, default=None, help="labels with typo-1 queries to tune the threshold")
    parser.add_argument("--pairs", type=Path, default=None, help="compare lines to score with both baselines")
    parser.add_argument("--top", type=int, default=10, help="candidates the blocking step gives logic-v2")
    parser.add_argument("--systems", default="fuzzy,logic-v2")
    args = parser.parse_args()
    from .logic_v2 import compare_pairs, run_logic_v2

    args.out.mkdir(parents=True, exist_ok=True)
    table = NameTable(read_jsonl(args.list))
    queries = read_jsonl(args.queries)
    systems = args.systems.split(",")
    threshold = None if args.fuzzy_threshold is None else round(args.fuzzy_threshold * 100)
    if "fuzzy" in systems:
        threshold = run_fuzzy(table, queries, args.out, threshold, args.tune)
        print(f"fuzzy: threshold {threshold / 100:.2f}", flush=True)
    if "logic-v2" in systems:
        run_logic_v2(table, queries, args.out, args.top)
        print("logic-v2: done", flush=True)
    if args.pairs:
        compare_pairs(read_jsonl(args.pairs), args.out, (threshold or 90) / 100)


if __name__ == "__main__":
    main()
