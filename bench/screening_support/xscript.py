"""Cross-script material: the UN list's original-script names, and name pairs from the romanisation corpora.

UN list: every UN person with a name in its original script becomes two national-list entries, one holding only
the Latin names (``latin:<id>``) and one holding only the original-script names (``script:<id>``), loaded as the
list ``xs-latin`` of one node and ``xs-script`` of another. Querying the original-script name must find the Latin
entry, and querying the Latin primary name must find the original-script entry: each direction meets only the
other script.

Romanisation corpora (``shared/data/names``): pairs of one token in Latin and in another script. Two pairs of the
same corpus make a two-token name (``latin1 latin2`` against ``native1 native2``, joined by a space in every script);
a positive pair holds the two spellings of the same name, a negative pair holds the Latin name of one and the
native name of the next. They are scored pairwise (``perimeter screen compare``).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .testsets import Entry, Labelled, is_latin, label, person_query, persons

CORPORA = {
    "ar": "wikidata-translit/wd_arabic_tokens.tsv.txt",
    "ru": "wikidata-translit/wd_russian_tokens_80.tsv.txt",
    "he": "wikidata-translit/wd_hebrew_tokens.tsv.txt",
    "zh": "wikidata-translit/wd_chinese_tokens.tsv.txt",
    "ja": "wikidata-translit/wd_japanese_tokens.tsv.txt",
    "ko": "wikidata-translit/wd_korean_tokens.tsv.txt",
}
GOOGLE_AR = "ar2en-google/ar2en-test.txt"


def split_lists(entries: list[Entry]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The ``xs-latin`` and ``xs-script`` national-list editions (JSON Lines records)."""
    latin_list, script_list = [], []
    for entry in persons(entries):
        native = [n for n in entry["names"] if not is_latin(n["full"])]
        latin = [n for n in entry["names"] if is_latin(n["full"])]
        if not any(n["kind"] == "original-script" for n in native) or not latin:
            continue
        common = {"category": "sanctions", "subject_type": "person", "nationalities": entry["nationalities"]}
        common["birth_dates"] = [{"date": d} for d in entry["birth_dates"]]
        latin_list.append({"id": f"latin:{entry['record_id']}", **common, "names": _names(latin)})
        script_list.append({"id": f"script:{entry['record_id']}", **common, "names": _names(native)})
    return latin_list, script_list


def _names(names: list[dict[str, Any]]) -> list[dict[str, Any]]:
    ordered = sorted(names, key=lambda n: n["kind"] not in ("primary", "original-script"))
    out = []
    for i, n in enumerate(ordered):
        kind = "primary" if i == 0 else "alias"
        out.append({"full": n["full"], "kind": kind, "quality": n["quality"] if i else "strong"})
    return out


def split_queries(entries: list[Entry]) -> Iterator[Labelled]:
    for i, entry in enumerate(persons(entries)):
        natives = [n["full"] for n in entry["names"] if n["kind"] == "original-script"]
        primary = next(n["full"] for n in entry["names"] if n["kind"] == "primary")
        if not natives or not is_latin(primary):
            continue
        qid = f"xs-native-{i:04d}"
        yield person_query(entry, qid, natives[0]), label(qid, "xscript-un-native", [f"latin:{entry['record_id']}"])
        qid = f"xs-latin-{i:04d}"
        yield person_query(entry, qid, primary), label(qid, "xscript-un-latin", [f"script:{entry['record_id']}"])


def read_pairs(names_dir: Path, corpus: str, min_count: int = 2) -> list[tuple[str, str]]:
    """(latin, native) token pairs of a corpus; Wikidata pairs seen fewer than ``min_count`` times are left out."""
    pairs = []
    if corpus == "ar-google":
        for line in (names_dir / GOOGLE_AR).read_text(encoding="utf-8").splitlines():
            native, _, latin = line.partition("\t")
            if native and latin:
                pairs.append((latin.strip(), native.strip()))
        return pairs
    for line in (names_dir / CORPORA[corpus]).read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 3 and parts[2].strip().isdigit() and int(parts[2]) >= min_count:
            pairs.append((parts[0].strip(), parts[1].replace(" ", "")))
    return pairs


def pair_queries(names_dir: Path, size: int, seed: int) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """Compare lines (``id``, ``a``, ``b``) and labels: ``size`` positive and ``size`` negative pairs a corpus."""
    for corpus in [*CORPORA, "ar-google"]:
        rng = random.Random(f"{seed}-{corpus}")
        pairs = [p for p in read_pairs(names_dir, corpus) if len(p[0]) >= 2 and p[0].isalpha()]
        made = []
        for _ in range(size):
            (l1, n1), (l2, n2) = rng.sample(pairs, 2)
            made.append((f"{l1.capitalize()} {l2.capitalize()}", f"{n1} {n2}"))
        for i, (latin, native) in enumerate(made):
            qid = f"pair-{corpus}-{i:04d}"
            yield {"id": qid, "a": {"name": latin}, "b": {"name": native}}, label(qid, f"pair-{corpus}", ["match"])
            other = made[(i + 1) % len(made)][1]
            qid = f"nonpair-{corpus}-{i:04d}"
            yield {"id": qid, "a": {"name": latin}, "b": {"name": other}}, label(qid, f"nonpair-{corpus}", [])
