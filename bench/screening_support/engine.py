"""The product's screening engine on the benchmark's query files, in process (the product's environment).

Uses the engine's public service: ``perimeter.services.screening.screener(node)`` (which loads the node's index
from disk, or builds it the first time) and ``Screener.screen_many`` / ``Screener.compare``, the calls behind
``perimeter screen batch`` and ``perimeter screen compare``, on one core. Results are written in the batch format
(``{"id", "hits": [{"record_id", "list", "matched_name", "score", "explanation"}]}``, alerting hits only).
"""

from __future__ import annotations

import importlib
import json
import time
from pathlib import Path
from typing import Any

from perimeter.services.node import open_node
from perimeter.settings import Settings

NAME_ONLY_DROPS = ("birth_date", "nationality", "gender", "document_number")


def available() -> bool:
    try:
        importlib.import_module("perimeter.services.screening")
    except ModuleNotFoundError:
        return False
    return True


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def run(home: Path, queries_path: Path, out: Path, name_only: bool = False) -> dict[str, Any]:
    """Screen every query; the timing (index ready, screening) in seconds."""
    from perimeter.screening.query import ScreeningQuery
    from perimeter.services.screening import forget, screener

    node = open_node(Settings.load(environ={}, home=home))
    try:
        rows = read_jsonl(queries_path)
        if name_only:
            rows = [{k: v for k, v in row.items() if k not in NAME_ONLY_DROPS} for row in rows]
        queries = [ScreeningQuery.from_mapping(row, f"query {row['id']}") for row in rows]
        started = time.perf_counter()
        engine = screener(node)
        ready = time.perf_counter() - started
        started = time.perf_counter()
        results = engine.screen_many(queries)
        elapsed = time.perf_counter() - started
        with out.open("w", encoding="utf-8") as sink:
            for row, (_fingerprint, hits) in zip(rows, results, strict=True):
                shown = [_hit_json(hit) for hit in hits if hit.alerts]
                sink.write(json.dumps({"id": row["id"], "hits": shown}, ensure_ascii=False) + "\n")
        threshold = engine.threshold
        forget(node)
    finally:
        node.close()
    return {"queries": len(rows), "seconds": elapsed, "index_ready_seconds": ready, "threshold": threshold}


def _hit_json(hit: Any) -> dict[str, Any]:
    return {
        "record_id": hit.record_id,
        "list": hit.list_name,
        "matched_name": hit.matched_name,
        "score": round(float(hit.score), 4),
        "explanation": list(hit.explanation),
    }


def compare(home: Path, pairs_path: Path, out: Path) -> dict[str, Any]:
    """``screen compare`` on every pair: ``{"id", "score", "alert", "explanation"}``."""
    from perimeter.screening.query import ScreeningQuery
    from perimeter.services.screening import forget, screener

    node = open_node(Settings.load(environ={}, home=home))
    try:
        engine = screener(node)
        pairs = read_jsonl(pairs_path)
        started = time.perf_counter()
        with out.open("w", encoding="utf-8") as sink:
            for pair in pairs:
                a = ScreeningQuery.from_mapping(pair["a"], f"{pair['id']}.a")
                b = ScreeningQuery.from_mapping(pair["b"], f"{pair['id']}.b")
                score, alert, features = engine.compare(a, b)
                line = {"id": pair["id"], "score": round(score, 4), "alert": alert}
                line["explanation"] = [f.detail for f in features]
                sink.write(json.dumps(line, ensure_ascii=False) + "\n")
        elapsed = time.perf_counter() - started
        forget(node)
    finally:
        node.close()
    return {"pairs": len(pairs), "seconds": elapsed}
