"""Scoring the benchmark's results: recall, alerts on innocents, precision, and the table's groups."""

from __future__ import annotations

from screening_support.evaluate import class_scores, misses, pair_results, precision
from screening_support.report import accuracy_table, group_rate
from screening_support.testsets import innocent_queries, name_key

LABELS = [
    {"id": "t1", "class": "typo-1", "expected": ["ofac-sdn:1"]},
    {"id": "t2", "class": "typo-1", "expected": ["ofac-sdn:2"]},
    {"id": "t3", "class": "typo-1", "expected": ["un:QDi.1"]},
    {"id": "i1", "class": "innocent", "expected": []},
    {"id": "i2", "class": "innocent", "expected": []},
]
RESULTS = {
    "t1": [{"record_id": "ofac-sdn:1", "score": 0.9}],
    "t2": [{"record_id": "ofac-sdn:9", "score": 0.95}, {"record_id": "ofac-sdn:2", "score": 0.85}],
    "t3": [],
    "i1": [{"record_id": "ofac-sdn:7", "score": 0.81}],
    "i2": [],
}


def test_recall_first_and_innocent_alerts() -> None:
    scores = class_scores(LABELS, RESULTS)
    assert scores["typo-1"] | {"rate": None} == {"n": 3, "found": 2, "first": 1, "missing": 0, "rate": None}
    assert scores["innocent"]["found"] == 1 and scores["innocent"]["rate"] == 0.5


def test_a_query_without_results_is_counted_missing_not_missed() -> None:
    scores = class_scores(LABELS, {"t1": RESULTS["t1"]})
    assert scores["typo-1"]["n"] == 1 and scores["typo-1"]["missing"] == 2


def test_precision_counts_alerts_on_innocents_and_on_wrong_entries() -> None:
    results = dict(RESULTS, t3=[{"record_id": "ofac-sdn:5", "score": 0.8}])
    assert precision(LABELS, results) == {"correct_alerts": 2, "wrong_alerts": 2, "precision": 0.5}


def test_misses_lists_missed_positives_and_alerted_innocents() -> None:
    assert misses(LABELS, RESULTS, "typo-1") == ["t3"]
    assert misses(LABELS, RESULTS, "innocent") == ["i1"]


def test_pairs_become_hits_on_match() -> None:
    lines = [{"id": "pair-ru-0", "alert": True}, {"id": "nonpair-ru-0", "alert": False}]
    got = pair_results(lines, "alert")
    labels = [
        {"id": "pair-ru-0", "class": "pair-ru", "expected": ["match"]},
        {"id": "nonpair-ru-0", "class": "nonpair-ru", "expected": []},
    ]
    scores = class_scores(labels, got)
    assert (scores["pair-ru"]["rate"], scores["nonpair-ru"]["rate"]) == (1.0, 0.0)


def test_groups_and_table() -> None:
    classes = {
        "pair-ru": {"n": 10, "found": 9},
        "pair-zh": {"n": 10, "found": 1},
        "xscript-un-native": {"n": 5, "found": 5},
        "nonpair-ru": {"n": 10, "found": 0},
    }
    assert group_rate(classes, ("xscript-un-native", "xscript-un-latin", "pair-")) == (15, 25)
    report = {
        "systems": {
            "engine": {
                "classes": class_scores(LABELS, RESULTS),
                "precision": precision(LABELS, RESULTS),
                "timing": {"queries": 5, "seconds": 0.5, "threshold": 0.8},
            }
        }
    }
    table = accuracy_table(report)
    assert "| typo-1 |  | 66.7 % (2/3) |" in table
    assert "| **innocent travellers alerted** | ≤ 0.1 % | **50.00 % (1/2)** |" in table
    assert "10 q/s" in table


def test_innocents_named_as_a_listed_person_are_removed() -> None:
    entries = [{"names": [{"full": "Ali HASSAN"}, {"full": "Émile Dupont-Martin"}]}]
    population = [
        {"id": "a", "name": "hassan ali", "_locale": "en_PK"},
        {"id": "b", "name": "Emile Dupont Martin", "_locale": "fr_FR"},
        {"id": "c", "name": "Ali Hassani", "_locale": "en_PK"},
    ]
    kept, removed = innocent_queries(population, entries)
    assert removed == ["hassan ali", "Emile Dupont Martin"]
    assert [q["id"] for q, _ in kept] == ["c"] and "_locale" not in kept[0][0]
    assert name_key("AL-QAIDA, the") == name_key("the al qaida")
