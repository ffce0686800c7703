"""The candidate index: recall through its keys, changes entry by entry, and a compact saved form."""

import pickle
from pathlib import Path

import pytest

from perimeter.screening.algorithms.perimeter_v1 import PerimeterV1
from perimeter.screening.index import CandidateIndex, IndexedEntry
from perimeter.screening.query import ScreeningQuery
from perimeter.screening.similarity import token_similarities, token_similarity


def entry(record_id: str, *names: str, born: int | None = None) -> IndexedEntry:
    return IndexedEntry(
        owner_node="us-cbp",
        record_id=record_id,
        list_name="test",
        category="terrorism",
        subject_type="person",
        names=names,
        weak_names=(),
        birth_dates=((born, None, None),) if born else (),
        nationalities=(),
        gender=None,
        documents=(),
        handling="Call the liaison desk.",
        content_hash=f"hash-{record_id}-{len(names)}",
    )


def screen(index: CandidateIndex, name: str) -> list[str]:
    return [hit.record_id for hit in PerimeterV1().screen(index, ScreeningQuery.create(name), 0.8)]


def build() -> tuple[PerimeterV1, CandidateIndex]:
    algorithm, index = PerimeterV1(), CandidateIndex()
    algorithm.index_entry(entry("qdi-006", "Ayman AL-ZAWAHIRI", "أيمن الظواهري"), index)
    algorithm.index_entry(entry("qdi-299", "ABU BAKR AL-BAGHDADI", "Ibrahim Awwad Ibrahim Ali al-Badri"), index)
    algorithm.index_entry(entry("sdn-7", "Shamil BASAYEV", "Шамиль Басаев"), index)
    return algorithm, index


def test_keys_find_typos_swaps_and_other_scripts() -> None:
    _algorithm, index = build()
    assert screen(index, "Ayman al-Zawahiri") == ["qdi-006"]
    assert screen(index, "Zawahiri Aymen") == ["qdi-006"]  # token order, a vowel
    assert screen(index, "Ayman Zawahry") == ["qdi-006"]  # typo
    assert screen(index, "Ibrahim Awad Ibrahim al-Badri") == ["qdi-299"]  # an alias, a letter dropped
    assert screen(index, "Chamil Bassaev") == ["sdn-7"]  # French romanisation of the Cyrillic alias
    assert screen(index, "أبو بكر البغدادي") == ["qdi-299"]  # Arabic script against Latin
    assert screen(index, "Jane Doe") == []


def test_changes_apply_entry_by_entry() -> None:
    algorithm, index = build()
    algorithm.index_entry(entry("sdn-7", "Shamil BASAYEV", born=1965), index)  # a new version replaces the old
    assert len(index) == 3 and screen(index, "Шамиль Басаев") == ["sdn-7"]
    assert index.remove("us-cbp", "qdi-006") and not index.remove("us-cbp", "qdi-006")
    assert screen(index, "Ayman al-Zawahiri") == [] and len(index) == 2
    algorithm.index_entry(entry("qdi-006", "Ayman AL-ZAWAHIRI"), index)
    assert screen(index, "Ayman al-Zawahiri") == ["qdi-006"]


def test_saved_index_answers_the_same_and_keeps_changing() -> None:
    algorithm, index = build()
    loaded = pickle.loads(pickle.dumps(index))
    for name in ("Ayman Zawahry", "Chamil Bassaev", "أبو بكر البغدادي", "Jane Doe"):
        assert screen(loaded, name) == screen(index, name)
    algorithm.index_entry(entry("new-1", "Hasan IZZ-AL-DIN"), loaded)  # keys added after loading
    assert screen(loaded, "Hassan Izz al Din") == ["new-1"]
    again = pickle.loads(pickle.dumps(loaded))
    assert screen(again, "Hassan Izz al Din") == ["new-1"] and screen(again, "Ayman Zawahry") == ["qdi-006"]


def test_hits_carry_what_the_owner_asks() -> None:
    _algorithm, index = build()
    hit = PerimeterV1().screen(index, ScreeningQuery.create("Ayman al-Zawahiri"), 0.8)[0]
    assert hit.owner_node == "us-cbp" and hit.handling == "Call the liaison desk."
    assert hit.matched_name == "Ayman AL-ZAWAHIRI" and hit.algorithm == "perimeter-v1" and hit.score == 1.0
    assert hit.features[0][0] == "name_similarity" and hit.explanation[0].startswith("name 'Ayman al-Zawahiri'")


def test_similarities_in_bulk_equal_one_by_one(shared_data: Path) -> None:
    """The index scores candidate tokens in bulk; it must answer what the alignment answers pair by pair."""
    lines = (shared_data / "names/ar2en-google/ar2en-test.txt").read_text(encoding="utf-8").splitlines()[:400]
    words = sorted({line.split("\t")[1].strip().lower() for line in lines} | {"a", "m", "mo", "ali", "aly"})
    for query in ("muhammad", "ali", "m", "abdallah", "husayn", words[7]):
        for abjad in (False, True):
            flags = [abjad or i % 3 == 0 for i in range(len(words))]
            bulk = token_similarities(query, words, flags)
            single = [token_similarity(query, word, flag) for word, flag in zip(words, flags, strict=True)]
            assert bulk == pytest.approx(single, abs=1e-9)
