"""OpenSanctions' logic-v2 matcher over a blocking step (see ``baselines``); the benchmark's environment only."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import numpy as np
from rapidfuzz import fuzz

from .baselines import LOGIC_THRESHOLD, SCHEMAS, NameTable, fold

GENDERS = {"m": "male", "f": "female", "male": "male", "female": "female"}


def entity(entity_id: str, schema: str, names: list[str], **values: Any) -> Any:
    from followthemoney import model

    made = model.make_entity(schema)
    made.id = entity_id
    for name in names:
        made.add("name", name, quiet=True)
    for prop, value in values.items():
        if value:
            made.add(prop, value, quiet=True)
    return made


def query_entity(query: dict[str, Any]) -> Any:
    return entity(
        query["id"],
        "Person",
        [query["name"]],
        birthDate=query.get("birth_date"),
        nationality=query.get("nationality"),
        gender=GENDERS.get(str(query.get("gender") or "").lower()),
    )


def entry_entity(entry: dict[str, Any]) -> Any:
    schema = SCHEMAS[entry["subject_type"]]
    values: dict[str, Any] = {}
    if schema == "Person":
        values = {"birthDate": entry["birth_dates"], "nationality": entry["nationalities"], "gender": entry["gender"]}
    strong = [n["full"] for n in entry["names"] if n["quality"] == "strong"]
    made = entity(entry["record_id"], schema, strong, **values)
    for name in entry["names"]:
        if name["quality"] == "weak":
            made.add("weakAlias", name["full"], quiet=True)
    return made


def block(table: NameTable, queries: list[dict[str, Any]], top: int, chunk: int = 500) -> list[list[int]]:
    """The ``top`` entries per query by the best ``token_sort_ratio`` of their names (transliterated)."""
    folded = [fold(q["name"]) for q in queries]
    candidates: list[list[int]] = []
    for start in range(0, len(folded), chunk):
        best = table.best_per_entry(folded[start : start + chunk], fuzz.token_sort_ratio)
        picked = np.argpartition(-best.astype(np.int16), top, axis=1)[:, :top]
        candidates += [list(row) for row in picked]
    return candidates


def run_logic_v2(table: NameTable, queries: list[dict[str, Any]], out: Path, top: int) -> None:
    from nomenklatura.matching import LogicV2

    config = LogicV2.default_config()
    entities = [entry_entity(e) for e in table.entries]
    started = time.perf_counter()
    candidates = block(table, queries, top)
    blocked = time.perf_counter() - started
    with (out / "logic-v2.results.jsonl").open("w", encoding="utf-8") as sink:
        for query, picked in zip(queries, candidates, strict=True):
            proxy = query_entity(query)
            scored = []
            for i in picked:
                score = LogicV2.compare(proxy, entities[i], config).score
                if score >= LOGIC_THRESHOLD:
                    scored.append({"record_id": table.entries[i]["record_id"], "score": round(score, 4)})
            scored.sort(key=lambda h: -h["score"])
            blocked_ids = [table.entries[i]["record_id"] for i in picked]
            sink.write(json.dumps({"id": query["id"], "hits": scored, "candidates": blocked_ids}) + "\n")
    elapsed = time.perf_counter() - started
    timing = {"queries": len(queries), "seconds": elapsed, "blocking_seconds": blocked, "top": top}
    timing["threshold"] = LOGIC_THRESHOLD
    (out / "logic-v2.timing.json").write_text(json.dumps(timing))


def compare_pairs(pairs: list[dict[str, Any]], out: Path, fuzzy_threshold: float) -> None:
    """Both baselines on the romanisation pairs: ``{"id", "fuzzy": score, "logic-v2": score}``."""
    from nomenklatura.matching import LogicV2

    config = LogicV2.default_config()
    with (out / "baselines.pairs.jsonl").open("w", encoding="utf-8") as sink:
        for pair in pairs:
            a, b = pair["a"], pair["b"]
            fuzzy = fuzz.ratio(fold(a["name"]), fold(b["name"])) / 100
            # distinct entity ids: the matcher caches its comparisons by the two ids
            left, right = query_entity({**a, "id": f"{pair['id']}/a"}), query_entity({**b, "id": f"{pair['id']}/b"})
            logic = LogicV2.compare(left, right, config).score
            line = {"id": pair["id"], "fuzzy": fuzzy, "fuzzy_alert": fuzzy >= fuzzy_threshold}
            line.update({"logic-v2": round(logic, 4), "logic-v2_alert": logic >= LOGIC_THRESHOLD})
            sink.write(json.dumps(line) + "\n")
