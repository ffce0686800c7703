"""A synthetic watch list of any size (a million people by default) built from real name parts.

Name parts: the given names (first tokens) and family names (last tokens) of the people on the OFAC and UN lists,
and the Latin side of the Wikidata romanisation pairs (``shared/data/names/wikidata-translit``, tokens seen at
least twice). Each synthetic person has a primary name ``Given [Middle] FAMILY`` (a middle name one time in four),
an alias one time in four (the same family name with another given name), and one time in ten an
original-script name made of the native sides of two Wikidata pairs whose Latin sides are the primary name's
given and family names. Birth dates are uniform over 1940-2005, nationalities drawn from forty codes. The same seed
gives the same list. Output: the national-list JSON Lines format (``perimeter watchlist load --format jsonl``).
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .testsets import is_latin
from .xscript import CORPORA, read_pairs

NATIONALITIES = (
    "AFG", "ARE", "BGD", "BRA", "CHN", "COL", "DEU", "DZA", "EGY", "ESP", "FRA", "GBR", "IDN", "IND", "IRN", "IRQ",
    "ISR", "ITA", "JOR", "JPN", "KOR", "LBN", "LBY", "MAR", "MEX", "NGA", "PAK", "PHL", "PRK", "RUS", "SAU", "SDN",
    "SOM", "SYR", "TUR", "UKR", "USA", "VEN", "YEM", "ZAF",
)  # fmt: skip


def name_parts(entries: list[dict[str, Any]], names_dir: Path) -> tuple[list[str], list[str], list[tuple[str, str]]]:
    """Given names, family names, and (latin, native) pairs with their corpus' script."""
    given: set[str] = set()
    family: set[str] = set()
    for entry in entries:
        if entry["subject_type"] != "person":
            continue
        for name in entry["names"]:
            tokens = name["full"].split()
            if len(tokens) >= 2 and is_latin(name["full"]):
                given.add(tokens[0].capitalize())
                family.add(tokens[-1].upper())
    pairs: list[tuple[str, str]] = []
    for corpus in CORPORA:
        for latin, native in read_pairs(names_dir, corpus):
            if latin.isalpha() and len(latin) >= 3:
                pairs.append((latin, native))
    latin_tokens = sorted({latin for latin, _ in pairs})
    given.update(t.capitalize() for t in latin_tokens)
    family.update(t.upper() for t in latin_tokens)
    return sorted(given), sorted(family), pairs


def synthetic_entries(size: int, seed: int, given: list[str], family: list[str],
                      pairs: list[tuple[str, str]], prefix: str = "syn") -> Iterator[dict[str, Any]]:  # fmt: skip
    rng = random.Random(seed)
    for n in range(size):
        names: list[dict[str, Any]] = []
        if rng.random() < 0.1:
            (l1, n1), (l2, n2) = rng.choice(pairs), rng.choice(pairs)
            names.append({"full": f"{l1.capitalize()} {l2.upper()}"})
            names.append({"full": f"{n1} {n2}", "kind": "original-script"})
            last = l2.upper()
        else:
            last = rng.choice(family)
            middle = f" {rng.choice(given)}" if rng.random() < 0.25 else ""
            names.append({"full": f"{rng.choice(given)}{middle} {last}"})
        if rng.random() < 0.25:
            names.append({"full": f"{rng.choice(given)} {last}", "kind": "alias"})
        born = f"{rng.randrange(1940, 2006)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        yield {
            "id": f"{prefix}-{n:07d}",
            "category": "sanctions",
            "subject_type": "person",
            "names": names,
            "birth_dates": [{"date": born}],
            "nationalities": [rng.choice(NATIONALITIES)],
        }


def write_list(
    path: Path, size: int, seed: int, entries: list[dict[str, Any]], names_dir: Path, prefix: str = "syn"
) -> int:
    given, family, pairs = name_parts(entries, names_dir)
    with path.open("w", encoding="utf-8") as sink:
        for entry in synthetic_entries(size, seed, given, family, pairs, prefix):
            sink.write(json.dumps(entry, ensure_ascii=False) + "\n")
    return len(given) * len(family)
