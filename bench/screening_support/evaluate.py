"""Scores of one system on labelled queries: recall per class, false alerts on innocents, precision.

- A labelled query is **found** when its expected record id is among the system's hits (hits are already those at
  or above the system's threshold); **first** when it is the best hit.
- An innocent traveller is **alerted** when the system returns any hit.
- **Precision** over one query set: correct alerts / all alerts, where a query alerts when it has hits, and its
  alert is correct when the query is a listed person and the expected entry is among its hits. Alerts on innocents
  and alerts of a listed person's query on other entries only are wrong.
- Pairs (``pair-*`` / ``nonpair-*``, from ``screen compare``): a pair is found when it alerts; for ``nonpair-*``
  classes the figure is the share of pairs that alert (false alerts).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

Hits = list[dict[str, Any]]


def class_scores(labels: Iterable[Mapping[str, Any]], results: Mapping[str, Hits]) -> dict[str, dict[str, Any]]:
    """Per class: ``n``, ``found``, ``first``, ``rate`` (recall, or alert rate for innocents), ``missing``."""
    table: dict[str, dict[str, Any]] = defaultdict(lambda: {"n": 0, "found": 0, "first": 0, "missing": 0})
    for label in labels:
        row = table[label["class"]]
        hits = results.get(label["id"])
        if hits is None:
            row["missing"] += 1
            continue
        row["n"] += 1
        expected = set(label["expected"])
        if not expected:  # innocent traveller or non-pair: any hit is an alert
            row["found"] += bool(hits)
            continue
        ids = [h["record_id"] for h in hits]
        row["found"] += bool(expected & set(ids))
        row["first"] += bool(ids) and ids[0] in expected
    for row in table.values():
        row["rate"] = row["found"] / row["n"] if row["n"] else None
    return dict(sorted(table.items()))


def precision(labels: Iterable[Mapping[str, Any]], results: Mapping[str, Hits]) -> dict[str, Any]:
    correct = wrong = 0
    for label in labels:
        hits = results.get(label["id"])
        if not hits:
            continue
        expected = set(label["expected"])
        if expected and expected & {h["record_id"] for h in hits}:
            correct += 1
        else:
            wrong += 1
    total = correct + wrong
    return {"correct_alerts": correct, "wrong_alerts": wrong, "precision": correct / total if total else None}


def misses(labels: Iterable[Mapping[str, Any]], results: Mapping[str, Hits], cls: str) -> list[str]:
    """Ids of the queries of ``cls`` whose expected entry was not found (for innocents: those alerted)."""
    out = []
    for label in labels:
        if label["class"] != cls or label["id"] not in results:
            continue
        hits = results[label["id"]]
        expected = set(label["expected"])
        if (not expected and hits) or (expected and not expected & {h["record_id"] for h in hits}):
            out.append(label["id"])
    return out


def pair_results(lines: Iterable[Mapping[str, Any]], alert_key: str) -> dict[str, Hits]:
    """Compare outputs as hit lists: an alerting pair is one hit on the pseudo-record ``match``."""
    return {line["id"]: ([{"record_id": "match", "score": 1.0}] if line[alert_key] else []) for line in lines}
