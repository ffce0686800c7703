"""Romanisation: every name is compared in Latin letters, in each spelling its script is commonly given.

ICU (PyICU) does the transliteration. Where usage differs between schemes, a name gets one Latin *form* per
scheme: Russian as BGN/PCGN (``Basayev``), ISO 9 / GOST (``Basaev``), ICAO 9303 (passports), French
(``Bassaev``, ``Chamil``) and German (``Schamil``) styles; Arabic as BGN/PCGN and as ICU's plain transliteration
(both without the short vowels Arabic does not write, so such forms are compared by their consonants, see
``keys.skeleton``); Persian as BGN/PCGN; Korean as Revised Romanisation and McCune-Reischauer; Chinese as pinyin
with surname readings; Greek as UNGEGN.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import cache

import icu

from perimeter.core.scripts import detect_script
from perimeter.screening.normalise import NameTokens, split_compounds, tokens

#: Scripts written without short vowels: their romanised forms are matched by consonant skeletons.
ABJADS = frozenset({"Arab", "Hebr", "Syrc", "Thaa"})

_ASCII = "; Any-Latin; Latin-ASCII"
_SCHEMES: dict[str, tuple[str, ...]] = {
    "Cyrl": ("Russian-Latin/BGN", "Cyrillic-Latin", "Ukrainian-Latin/BGN"),
    "Arab": ("Arabic-Latin/BGN", "Any-Latin", "persian-style"),
    "Hebr": ("Hebrew-Latin/BGN", "Any-Latin"),
    "Grek": ("Greek-Latin/UNGEGN", "Any-Latin"),
    "Hang": ("Any-Latin", "Korean-Latin/BGN"),
    "Kore": ("Any-Latin", "Korean-Latin/BGN"),
    "Hani": ("Han-Latin/Names",),
    "Jpan": ("Any-Latin",),
}
_PERSIAN_LETTERS = re.compile("[پچژگکی]")
# A name in katakana is a foreign name spelled in Japanese syllables (vowels added): compared by its consonants.
_KATAKANA_ONLY = re.compile(r"^[\u30a0-\u30ff\s・]+$")

# Romanisations ICU does not ship, written as ICU rules (lower-case Russian in, Latin out).
_CYRILLIC_RULES = {
    "icao": "ж>zh; х>kh; ц>ts; ч>ch; ш>sh; щ>shch; ю>iu; я>ia; й>i; ы>y; ъ>ie; ь>; е>e; ё>e; э>e; "
    "а>a; б>b; в>v; г>g; д>d; з>z; и>i; к>k; л>l; м>m; н>n; о>o; п>p; р>r; с>s; т>t; у>u; ф>f;",
    "french": "ж>j; х>kh; ц>ts; ч>tch; ш>ch; щ>chtch; ю>iou; я>ia; й>i; ы>y; ъ>; ь>; е>e; ё>io; э>e; "
    "а>a; б>b; в>v; г>g; д>d; з>z; и>i; к>k; л>l; м>m; н>n; о>o; п>p; р>r; [:^L:]{с}[аеёиоуыэюя]>ss; с>s; "
    "т>t; у>ou; ф>f;",
    "german": "ж>sh; х>ch; ц>z; ч>tsch; ш>sch; щ>schtsch; ю>ju; я>ja; й>i; ы>y; ъ>; ь>; е>e; ё>jo; э>e; "
    "а>a; б>b; в>w; г>g; д>d; з>s; и>i; к>k; л>l; м>m; н>n; о>o; п>p; р>r; с>s; т>t; у>u; ф>f;",
}

# Ta marbuta read as h, alif maqsura and wasla as alif, tatweel dropped, and ayin (which Latin spellings write as
# a vowel, an apostrophe or nothing) read as alif.
_ARABIC_PREPARE = str.maketrans({"ة": "ه", "ى": "ا", "ـ": None, "ٱ": "ا", "ع": "ا"})
# Persian, Urdu and Pashto read these Arabic letters as s and z (Wassiq, Faiz, Fazl, Mazhari).
_PERSIAN_STYLE = str.maketrans({"ث": "س", "ذ": "ز", "ض": "ز", "ظ": "ز"})
_ARABIC_ARTICLE = re.compile(r"(?<!\S)(ابو|ابا|عبد)?ال(?=\S{2})")


@dataclass(frozen=True)
class NameForm:
    """One Latin spelling of a name: its core tokens, its particles, and whether vowels are missing (abjad)."""

    core: tuple[str, ...]
    particles: tuple[str, ...]
    abjad: bool
    scheme: str


_ABJAD_PARTICLES = frozenset({"al", "l", "el", "bn", "bin", "ibn", "abw", "abu", "bw", "bnt", "bint", "bt"})
_lock = threading.Lock()


@cache
def _transliterator(scheme: str) -> icu.Transliterator:
    if scheme == "persian-style":
        return icu.Transliterator.createInstance("Any-Latin" + _ASCII)
    if scheme in _CYRILLIC_RULES:
        rules = "::Lower; " + _CYRILLIC_RULES[scheme] + " ::Latin-ASCII;"
        return icu.Transliterator.createFromRules(scheme, rules, icu.UTransDirection.FORWARD)
    return icu.Transliterator.createInstance(scheme + _ASCII)


def romanise(text: str, scheme: str) -> str:
    with _lock:
        return str(_transliterator(scheme).transliterate(text))


def _schemes(script: str, name: str) -> tuple[str, ...]:
    schemes = _SCHEMES.get(script, ("Any-Latin",))
    if script == "Cyrl":
        return (*schemes, "icao", "french", "german")
    if script == "Arab" and _PERSIAN_LETTERS.search(name):
        return ("Persian-Latin/BGN", *schemes)
    return schemes


def _syllable_forms(name: str, scheme: str) -> list[tuple[str, ...]]:
    """Chinese and Korean names, a word's syllables written as one token; a name written as one word of two to
    four syllables is also read as family name (the first syllable) and given name (the rest)."""
    words = []
    for word in name.split():
        syllables = [romanise(char, scheme).replace("-", "").replace("'", "").strip().lower() for char in word]
        words.append([syllable for syllable in syllables if syllable.isascii() and syllable.isalnum()])
    words = [syllables for syllables in words if syllables]
    if not words:
        return []
    forms = [tuple("".join(syllables) for syllables in words)]
    if len(words) == 1 and 2 <= len(words[0]) <= 4:
        forms.append((words[0][0], "".join(words[0][1:])))
    return forms


def name_forms(name: str) -> list[NameForm]:
    """Every Latin form of ``name`` (one for a Latin name), without duplicates, most usual first."""
    script = detect_script(name) or "Latn"
    if script in ("Latn", "Zyyy"):
        latin = tokens(name)
        if not latin.core:
            return []
        forms = [NameForm(latin.core, latin.particles, False, "latin")]
        split = split_compounds(latin.core)
        if split != latin.core:
            forms.append(NameForm(split, latin.particles, False, "latin-split"))
        return forms
    text = name
    if script == "Arab":
        text = _ARABIC_ARTICLE.sub(_split_article, name).translate(_ARABIC_PREPARE)
    found: list[NameForm] = []
    seen: set[tuple[str, ...]] = set()
    for scheme in _schemes(script, name):
        if script in ("Hani", "Hang", "Kore"):
            candidates = [NameTokens(form, ()) for form in _syllable_forms(text, scheme)]
        elif script == "Jpan":  # ICU marks small kana with "~" inside a word (guu~in): keep the word whole
            romanised = " ".join(romanise(word, scheme).replace("~", "") for word in text.split())
            candidates = [tokens(romanised, honorifics=False)]
        else:
            source = text.translate(_PERSIAN_STYLE) if scheme == "persian-style" else text
            candidates = [tokens(romanise(source, scheme), honorifics=False)]
        for found_tokens in candidates:
            latin = _without_abjad_particles(found_tokens) if script in ABJADS else found_tokens
            latin = NameTokens(split_compounds(latin.core), latin.particles)
            key = latin.core
            if latin.core and key not in seen:
                seen.add(key)
                loose = script in ABJADS or (script == "Jpan" and _KATAKANA_ONLY.match(text) is not None)
                found.append(NameForm(latin.core, latin.particles, loose, scheme))
    return found


def _split_article(match: re.Match[str]) -> str:
    """``الحوثي`` -> ``ال حوثي``; ``عبدالخالق`` -> ``عبد ال خالق``."""
    return f"{match.group(1)} ال " if match.group(1) else "ال "


def _without_abjad_particles(latin: NameTokens) -> NameTokens:
    """Unvowelled spellings of ``bin``, ``ibn``, ``abu`` and ``al`` are particles too."""
    words = [*latin.core, *latin.particles]
    core = tuple(word for word in words if word not in _ABJAD_PARTICLES)
    return NameTokens(core, tuple(word for word in words if word in _ABJAD_PARTICLES)) if core else latin
