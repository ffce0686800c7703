"""The synthetic million-name list: national-list records made from the name parts given, the same for a seed."""

from __future__ import annotations

from collections import Counter
from itertools import islice

from screening_support.synthetic import synthetic_entries

from perimeter.formats.national_list import parse_national_jsonl
from perimeter.formats.watchlist_source import ListContext

GIVEN = ["Ali", "Maria", "Jun"]
FAMILY = ["HASSAN", "GARCIA", "TANAKA"]
PAIRS = [("tanaka", "タナカ"), ("garcia", "ガルシア")]


def test_synthetic_entries_are_deterministic_valid_national_list_records() -> None:
    first = list(synthetic_entries(400, 3, GIVEN, FAMILY, PAIRS))
    assert first == list(synthetic_entries(400, 3, GIVEN, FAMILY, PAIRS))
    assert len({e["id"] for e in first}) == 400
    kinds = Counter(n.get("kind", "primary") for e in first for n in e["names"])
    assert kinds["primary"] == 400 and 40 < kinds["alias"] < 160 and 15 < kinds["original-script"] < 70
    for entry in islice(first, 50):
        primary = entry["names"][0]["full"]
        assert primary.split()[0] in [*GIVEN, "Tanaka", "Garcia"]
        assert primary.split()[-1] in FAMILY


def test_the_product_loader_reads_them() -> None:
    import json

    text = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in synthetic_entries(50, 1, GIVEN, FAMILY, PAIRS))
    parsed = parse_national_jsonl(text.encode(), ListContext("synthetic", "bench"), "synthetic.jsonl")
    assert len(parsed.entries) == 50
