"""The labelled query sets: drawn from the entries, deterministic, and split by script for cross-script."""

from __future__ import annotations

from typing import Any

from screening_support.testsets import alias_queries, hard_queries, variant_queries
from screening_support.variants import RomanisationTable
from screening_support.xscript import split_lists, split_queries


def _entry(record_id: str, *names: tuple[str, str, str], subject: str = "person") -> dict[str, Any]:
    return {
        "record_id": record_id,
        "list": "un",
        "subject_type": subject,
        "names": [{"full": f, "kind": k, "quality": q, "script": None} for f, k, q in names],
        "birth_dates": ["1970-05-01"],
        "nationalities": ["IRQ"],
        "gender": None,
    }


ENTRIES = [
    _entry(
        "un:1",
        ("Izzat Ibrahim AL-DURI", "primary", "strong"),
        ("عزت ابراهيم الدوري", "original-script", "strong"),
        ("Abu Brays", "alias", "weak"),
    ),
    _entry("un:2", ("Mohammed Saleh HASSAN", "primary", "strong"), ("Abu Ali", "alias", "strong")),
    _entry(
        "ofac:3", ("Acme Trading LLC", "primary", "strong"), ("Acme Ltd", "alias", "strong"), subject="organisation"
    ),
]


def test_alias_queries_cover_people_only_and_carry_the_entry_data() -> None:
    made = list(alias_queries(ENTRIES, None, 1))
    assert sorted((q["name"], lab["class"], lab["expected"][0]) for q, lab in made) == [
        ("Abu Ali", "alias-strong", "un:2"),
        ("Abu Brays", "alias-weak", "un:1"),
    ]
    assert all(q["birth_date"] == "1970-05-01" and q["nationality"] == "IRQ" for q, _ in made)


def test_variant_queries_are_deterministic_and_labelled() -> None:
    first = list(variant_queries(ENTRIES, 5, 9))
    assert first == list(variant_queries(ENTRIES, 5, 9))
    assert {lab["class"] for _, lab in first} == {"typo-1", "typo-2", "surname-first", "dropped-middle"}
    assert {lab["expected"][0] for _, lab in first} == {"un:1", "un:2"}


def test_hard_queries_take_arabic_and_persian_names_only() -> None:
    table = RomanisationTable({"mohammed": ["muhammad"], "muhammad": ["mohammed"], "maria": ["mariya"]})
    others = [_entry("ofac:4", ("Maria Luisa LOPEZ", "primary", "strong")) | {"nationalities": ["MEX"]}]
    hard = list(hard_queries(ENTRIES + others, 5, 9, table))
    assert [(q["name"], lab["class"], lab["expected"]) for q, lab in hard] == [
        ("HASSAN Mhuammad", "hard", ["un:2"])  # Muhammad for Mohammed, Saleh dropped, surname first, "hu"
    ]
    assert hard[0][1]["steps"] == ["romanisation", "dropped-middle", "surname-first", "transposition"]


def test_romanisation_table_drops_unlike_spellings() -> None:
    pairs = [("عبدالله", "abdullah"), ("عبدالله", "granada"), ("عبدالله", "abdallah"), ("عبدالله", "abdulwahab")]
    pairs += [("فاطمة", "fatima"), ("فاطمة", "fatimah")]
    table = RomanisationTable.from_pairs(pairs)
    assert table.variants("abdullah") == ("abdallah",)
    assert table.variants("fatimah") == ("fatima",)
    assert table.variants("granada") == ()


def test_cross_script_lists_hold_one_script_each() -> None:
    latin, script = split_lists(ENTRIES)
    assert [e["id"] for e in latin] == ["latin:un:1"] and [e["id"] for e in script] == ["script:un:1"]
    assert [n["full"] for n in latin[0]["names"]] == ["Izzat Ibrahim AL-DURI", "Abu Brays"]
    assert script[0]["names"] == [{"full": "عزت ابراهيم الدوري", "kind": "primary", "quality": "strong"}]
    queries = {lab["class"]: (q["name"], lab["expected"]) for q, lab in split_queries(ENTRIES)}
    assert queries == {
        "xscript-un-native": ("عزت ابراهيم الدوري", ["latin:un:1"]),
        "xscript-un-latin": ("Izzat Ibrahim AL-DURI", ["script:un:1"]),
    }
