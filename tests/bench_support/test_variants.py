"""The name variants the screening benchmark queries with: deterministic, and each does what its class says."""

from __future__ import annotations

import random

import pytest
from screening_support.variants import (
    EDITS,
    NEIGHBOURS,
    RomanisationTable,
    drop_middle,
    edit_token,
    family_start,
    hard,
    surname_first,
    typo,
)


def _levenshtein_with_transpositions(a: str, b: str) -> int:
    rows = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            rows[i][j] = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                rows[i][j] = min(rows[i][j], rows[i - 2][j - 2] + 1)
    return rows[-1][-1]


def test_neighbours_are_symmetric_keyboard_keys() -> None:
    assert NEIGHBOURS["g"] == "bfhtvy"
    assert NEIGHBOURS["q"] == "aw"
    for key, near in NEIGHBOURS.items():
        assert key not in near
        for other in near:
            assert key in NEIGHBOURS[other]


@pytest.mark.parametrize("kind", EDITS)
def test_each_edit_is_one_edit(kind: str) -> None:
    rng = random.Random(7)
    for word in ("Mohammed", "HASSAN", "Ali", "Wakil"):
        changed = edit_token(word, kind, rng)
        assert changed != word
        assert _levenshtein_with_transpositions(word.lower(), changed.lower()) == 1
        assert changed[0] == word[0] or kind in ("substitution", "transposition")


def test_typo_is_deterministic_and_spreads_edits_over_tokens() -> None:
    name = "Abu Bakr AL-BAGHDADI"
    first = typo(name, random.Random(3), 2)
    assert first == typo(name, random.Random(3), 2)
    changed, kinds = first
    assert len(kinds) == 2
    differing = [a != b for a, b in zip(name.split(), changed.split(), strict=True)]
    assert sum(differing) == 2


def test_typo_leaves_initials_alone() -> None:
    changed, kinds = typo("A B", random.Random(1), 1)
    assert (changed, kinds) == ("A B", [])


def test_surname_first_moves_the_upper_case_family_name() -> None:
    assert surname_first("Mateo DIAZ LOPEZ") == "DIAZ LOPEZ Mateo"
    assert surname_first("WILLIAM AMURI YAKUTUMBA") == "YAKUTUMBA WILLIAM AMURI"
    assert surname_first("Chol Sam KIM") == "KIM Chol Sam"
    assert surname_first("Madonna") == "Madonna"
    assert family_start(["Ali", "Hassan"]) == 1


def test_drop_middle_keeps_first_and_last() -> None:
    dropped = drop_middle("Victor Petrovich Ivanovich IVANOV", random.Random(2))
    assert dropped is not None
    tokens = dropped.split()
    assert (tokens[0], tokens[-1], len(tokens)) == ("Victor", "IVANOV", 3)
    assert drop_middle("Victor IVANOV", random.Random(2)) is None


def test_romanisation_table_pairs_spellings_of_one_native_name() -> None:
    table = RomanisationTable.from_pairs(
        [("محمد", "mohammed"), ("محمد", "muhammad"), ("م ح م د", "mohamed"), ("علي", "ali"), ("x", "a1")]
    )
    assert table.variants("Mohammed") == ("mohamed", "muhammad")
    assert table.variants("ali") == ()  # one spelling only: nothing else to write it as
    assert table.respell("Ali MOHAMMED", random.Random(1)) in ("Ali MOHAMED", "Ali MUHAMMAD")
    assert table.respell("Ali Hassan", random.Random(1)) is None


def test_hard_variant_combines_all_four_changes() -> None:
    table = RomanisationTable({"saleh": ["salih"], "salih": ["saleh"]})
    made = hard("Saeed Salih Abed Rabbo AL-OMQY", table, random.Random(5))
    assert made is not None
    assert made == ("LA-OMQY Saeed Saleh Abed", ["romanisation", "dropped-middle", "surname-first", "transposition"])
    assert hard("Saeed Abed", table, random.Random(5)) is None
