"""The labelled query sets of the accuracy benchmark, all drawn from the real lists with fixed seeds.

Every query is a screening query (``id``, ``name`` and, when known, ``birth_date``, ``nationality``); its label says
its class and the record ids a correct screener must return (none for innocent travellers). Queries for a listed
person carry the entry's own first birth date and nationality when the entry has them, as that person's travel
document would. Only people (``subject_type`` ``person``) are used: travellers are people.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

from .variants import RomanisationTable, drop_middle, hard, surname_first, typo

Entry = dict[str, Any]
Labelled = tuple[dict[str, Any], dict[str, Any]]


def name_key(name: str) -> str:
    """Case, accents, punctuation and token order removed: two names with equal keys are the same name."""
    decomposed = unicodedata.normalize("NFKD", name)
    kept = "".join(ch if ch.isalnum() else " " for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(sorted(kept.casefold().split()))


def is_latin(name: str) -> bool:
    return all(ord(ch) < 0x250 for ch in name if ch.isalpha())


def person_query(entry: Entry, query_id: str, name: str) -> dict[str, Any]:
    query: dict[str, Any] = {"id": query_id, "name": name}
    if entry.get("birth_dates"):
        query["birth_date"] = entry["birth_dates"][0]
    if entry.get("nationalities"):
        query["nationality"] = entry["nationalities"][0]
    return query


def label(query_id: str, cls: str, expected: Iterable[str], source: str | None = None, **extra: Any) -> dict[str, Any]:
    return {"id": query_id, "class": cls, "expected": sorted(expected), "source": source, **extra}


def persons(entries: Iterable[Entry]) -> list[Entry]:
    return [e for e in entries if e["subject_type"] == "person"]


def _sample(items: list[Any], size: int | None, rng: random.Random) -> list[Any]:
    return items if size is None or size >= len(items) else rng.sample(items, size)


def alias_queries(entries: list[Entry], size: int | None, seed: int) -> Iterator[Labelled]:
    """Each alias as written, expecting its entry; strong and weak aliases are separate classes."""
    pool = [
        (e, n)
        for e in persons(entries)
        for n in e["names"]
        if n["kind"] in ("alias", "formerly") and is_latin(n["full"])
    ]
    for i, (entry, name) in enumerate(_sample(pool, size, random.Random(seed))):
        qid = f"alias-{i:05d}"
        yield person_query(entry, qid, name["full"]), label(qid, f"alias-{name['quality']}", [entry["record_id"]])


def _full_names(entries: list[Entry], min_tokens: int = 2) -> list[tuple[Entry, str]]:
    """Latin primary names and strong aliases of people with at least ``min_tokens`` tokens."""
    return [
        (e, n["full"])
        for e in persons(entries)
        for n in e["names"]
        if n["kind"] in ("primary", "alias")
        and n["quality"] == "strong"
        and is_latin(n["full"])
        and len(n["full"].split()) >= min_tokens
    ]


def variant_queries(entries: list[Entry], size: int, seed: int) -> Iterator[Labelled]:
    """Typos (one edit; two edits in names of ten letters or more), surname first, dropped middle name."""
    names = _full_names(entries)
    rng = random.Random(seed)
    for i, (entry, name) in enumerate(_sample(names, size, rng)):
        changed, kinds = typo(name, rng, 1)
        qid = f"typo1-{i:05d}"
        yield person_query(entry, qid, changed), label(qid, "typo-1", [entry["record_id"]], name, edits=kinds)
    long_names = [(e, n) for e, n in names if sum(ch.isalpha() for ch in n) >= 10]
    for i, (entry, name) in enumerate(_sample(long_names, size, rng)):
        changed, kinds = typo(name, rng, 2)
        qid = f"typo2-{i:05d}"
        yield person_query(entry, qid, changed), label(qid, "typo-2", [entry["record_id"]], name, edits=kinds)
    for i, (entry, name) in enumerate(_sample(names, size, rng)):
        qid = f"swap-{i:05d}"
        yield person_query(entry, qid, surname_first(name)), label(qid, "surname-first", [entry["record_id"]], name)
    three = [(e, n) for e, n in names if len(n.split()) >= 3]
    for i, (entry, name) in enumerate(_sample(three, size, rng)):
        qid = f"drop-{i:05d}"
        dropped = drop_middle(name, rng) or name
        yield person_query(entry, qid, dropped), label(qid, "dropped-middle", [entry["record_id"]], name)


# Where Arabic or Persian names are written: the hard variants are drawn from these people's names.
ARABIC_PERSIAN = frozenset(
    ("AFG", "ARE", "BHR", "DZA", "EGY", "IRN", "IRQ", "JOR", "KWT", "LBN", "LBY", "MAR", "MRT", "OMN", "PAK", "PSE",
     "QAT", "SAU", "SDN", "SOM", "SYR", "TUN", "YEM")
)  # fmt: skip


ARABIC_MARKERS = frozenset(
    ("al", "el", "abu", "abou", "bin", "ben", "ibn", "bint", "haji", "hajji", "mullah", "sheikh", "shaykh", "muhammad",
     "mohammed", "mohamed", "mohammad", "muhammed", "ahmad", "ahmed", "hassan", "hasan", "hussein", "husayn", "husain",
     "ali", "abdul", "abdel", "abdallah", "abdullah")
)  # fmt: skip


def arabic_or_persian(entry: Entry, name: str, table: RomanisationTable) -> bool:
    """A nationality where such names are written, a name in Arabic script, or (no nationality known) a particle or
    given name that marks an Arabic name (``al-``, ``abd``, ``bin``, ``Muhammad``...)."""
    if any(n in ARABIC_PERSIAN for n in entry.get("nationalities", ())):
        return True
    if any(not is_latin(n["full"]) and _arabic(n["full"]) for n in entry["names"]):
        return True
    tokens = [t.lower() for t in name.split()]
    return not entry.get("nationalities") and any(
        t in ARABIC_MARKERS or t.startswith(("al-", "el-", "abd")) for t in tokens
    )


def _arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def hard_queries(entries: list[Entry], size: int, seed: int, table: RomanisationTable) -> Iterator[Labelled]:
    """Arabic and Persian names with another romanisation, surname first, a dropped middle name and a transposed
    letter, all at once (see :func:`variants.hard`)."""
    rng = random.Random(seed)
    pool = [
        (e, n)
        for e, n in _full_names(entries)
        if arabic_or_persian(e, n, table) and table.respell(n, random.Random(0)) is not None
    ]
    for i, (entry, name) in enumerate(_sample(pool, size, rng)):
        made = hard(name, table, rng)
        if made is None:
            continue
        qid = f"hard-ar-{i:05d}"
        yield person_query(entry, qid, made[0]), label(qid, "hard", [entry["record_id"]], name, steps=made[1])


def listed_keys(entries: Iterable[Entry]) -> set[str]:
    return {name_key(n["full"]) for e in entries for n in e["names"]}


def innocent_queries(population: Iterable[dict[str, Any]], entries: list[Entry]) -> tuple[list[Labelled], list[str]]:
    """The travellers whose name is not a listed name (returned apart: they are removed, and reported)."""
    keys = listed_keys(entries)
    kept: list[Labelled] = []
    removed: list[str] = []
    for person in population:
        query = {k: v for k, v in person.items() if not k.startswith("_")}
        if name_key(query["name"]) in keys:
            removed.append(query["name"])
            continue
        kept.append((query, label(query["id"], "innocent", [], locale=person.get("_locale"))))
    return kept, removed
