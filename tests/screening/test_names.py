"""Name normalisation, romanisation and keys, on names from the real lists and the romanisation pairs."""

from pathlib import Path

import pytest

from perimeter.formats.un_list import parse_un_consolidated
from perimeter.formats.watchlist_source import ListContext
from perimeter.records.watchlist import NameKind
from perimeter.screening.keys import deletions, phonetic, skeleton
from perimeter.screening.normalise import tokens
from perimeter.screening.similarity import best_alignment
from perimeter.screening.translit import name_forms


@pytest.mark.parametrize(
    ("name", "core", "particles"),
    [
        ("Sheikh Abu Bakr al-Baghdadi", ("bakr", "baghdadi"), ("abu", "al")),
        ("Dr. Ayman AL-ZAWAHIRI", ("ayman", "zawahiri"), ("al",)),
        ("Ludwig van Beethoven", ("ludwig", "beethoven"), ("van",)),
        ("José María GARCÍA-LÓPEZ", ("jose", "maria", "garcia", "lopez"), ()),
        ("O'Brien, Seán", ("obrien", "sean"), ()),
        ("Łukasz Żółć", ("lukasz", "zolc"), ()),
        ("Abu", ("abu",), ()),  # a name of particles only keeps them
    ],
)
def test_tokens(name: str, core: tuple[str, ...], particles: tuple[str, ...]) -> None:
    found = tokens(name)
    assert found.core == core and found.particles == particles


def test_russian_names_get_each_romanisation() -> None:
    schemes = {form.scheme: form.core for form in name_forms("Шамиль Басаев")}
    assert schemes["Russian-Latin/BGN"] == ("shamil", "basayev")
    assert schemes["french"] == ("chamil", "basaev")
    assert schemes["german"] == ("schamil", "basaew")
    assert schemes["icao"] == ("shamil", "basaev")


def test_arabic_names_are_unvowelled_forms() -> None:
    forms = name_forms("أسامة بن لادن")
    assert forms and all(form.abjad for form in forms)
    assert any(form.core == ("asamh", "ladn") and form.particles == ("bn",) for form in forms)
    assert skeleton("osama") == skeleton("asamh") and skeleton("laden") == skeleton("ladn")


def test_chinese_and_korean_names_split_family_name() -> None:
    assert ("jin", "zhengen") in [form.core for form in name_forms("金正恩")]
    assert ("gim", "jeongeun") in [form.core for form in name_forms("김정은")]


def test_keys_fold_romanisation_variants() -> None:
    assert phonetic("mouhammad") == phonetic("muhamed") == phonetic("mohammed")
    assert phonetic("shamil") == phonetic("chamil") == phonetic("schamil")
    assert skeleton("hussein") == skeleton("husayn") == "hsn"
    assert "mohamed" in deletions("mohammed") and deletions("ali") == set()


def _original_script_pairs(shared_data: Path) -> list[tuple[str, str]]:
    path = shared_data / "lists/un-consolidated/UN_consolidated.xml"
    parsed = parse_un_consolidated(path.read_bytes(), ListContext("un", "un-node"), path.name)
    pairs = []
    for entry in parsed.entries:
        original = [name.full for name in entry.names if name.kind is NameKind.ORIGINAL_SCRIPT]
        if original and entry.subject_type.value == "person":
            pairs.append((original[0], entry.primary_name))
    return pairs


def _name_score(a: str, b: str) -> float:
    cache: dict[tuple[str, str], float] = {}
    best = 0.0
    for fa in name_forms(a):
        for fb in name_forms(b):
            best = max(best, best_alignment(fa.core, fb.core, fa.abjad or fb.abjad, cache).score)
    return best


def test_un_original_script_names_meet_their_romanised_names(shared_data: Path) -> None:
    """Most of the UN list's original-script names reach 0.75 with the list's own Latin name."""
    pairs = _original_script_pairs(shared_data)
    assert len(pairs) > 300
    close = [pair for pair in pairs if _name_score(*pair) >= 0.75]
    assert len(close) / len(pairs) >= 0.7, pairs[:5]


@pytest.mark.parametrize(
    ("language", "share"),
    [("russian_tokens_80", 0.9), ("arabic_tokens", 0.85), ("hebrew_tokens", 0.7), ("korean_tokens", 0.4)],
)
def test_wikidata_romanisation_pairs(shared_data: Path, language: str, share: float) -> None:
    """The first 300 Wikidata name pairs: the native spelling's forms are like the Latin one (single foreign
    names written in Hangul are the hardest: Korean adds vowels of its own)."""
    path = shared_data / f"names/wikidata-translit/wd_{language}.tsv.txt"
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()[:300]]
    close = sum(_name_score(native.replace(" ", ""), latin) >= 0.6 for latin, native, _count in rows)
    assert close / len(rows) >= share
