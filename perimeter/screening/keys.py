"""Keys that let different spellings of one name meet: phonetic keys, consonant skeletons, typo neighbourhoods.

* :func:`phonetic` folds the spellings romanisations disagree on (``kh``/``h``, ``sh``/``ch``/``sch``, ``ou``/``u``,
  ``y``/``i``, doubled letters) while keeping the vowels' positions: ``Mouhammad`` and ``Muhamed`` meet.
* :func:`skeleton` keeps only the consonants, as an abjad writes them: ``Muhammad`` and ``mhmd`` meet.
* :func:`deletions` gives every spelling with one letter left out, so a typo (a letter added, dropped, changed or
  two swapped) still shares a key with the right spelling (the symmetric-delete idea of SymSpell).
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import groupby

_DIGRAPHS = (
    ("tsch", "s"),
    ("sch", "s"),
    ("dzh", "j"),
    ("tch", "s"),
    ("shch", "s"),
    ("kh", "h"),
    ("gh", "k"),
    ("dh", "d"),
    ("th", "t"),
    ("sh", "s"),
    ("ch", "s"),
    ("ce", "se"),
    ("ci", "si"),
    ("zh", "j"),
    ("dj", "j"),
    ("ph", "f"),
    ("ck", "k"),
    ("x", "ks"),
    ("ts", "s"),
    ("tz", "s"),
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
)
_LETTERS = str.maketrans(
    {"q": "k", "g": "k", "c": "k", "x": "k", "z": "s", "w": "f", "y": "i", "p": "b", "v": "f", "o": "u"}
)
_VOWEL_RUN = re.compile(r"[aeiu]+")
_NOT_CONSONANT = re.compile(r"[aeiouyw]")


def _digraphs(token: str) -> str:
    for digraph, single in _DIGRAPHS:
        if digraph in token:
            token = token.replace(digraph, single)
    return token


@lru_cache(maxsize=200_000)
def _fold_spellings(token: str) -> str:
    return _undouble(_digraphs(token).translate(_LETTERS))


def _undouble(text: str) -> str:
    """Doubled letters written once (``abbas`` -> ``abas``)."""
    return "".join(letter for letter, _run in groupby(text))


@lru_cache(maxsize=200_000)
def phonetic(token: str) -> str:
    """Spelling-folded token with each run of vowels written ``a`` (``mouhammad`` -> ``mahamad``)."""
    return _undouble(_VOWEL_RUN.sub("a", _fold_spellings(token)))


@lru_cache(maxsize=200_000)
def skeleton(token: str) -> str:
    """The token's consonants (``hussein`` -> ``hsn``), with a final ``h`` dropped (``fatimah`` -> ``ftm``)."""
    # Vowels, and w and y (which abjads also write for long vowels), go before the letters are folded.
    consonants = _undouble(_NOT_CONSONANT.sub("", _digraphs(token)).translate(_LETTERS))
    if len(consonants) > 2 and consonants.endswith("h"):
        consonants = consonants[:-1]
    return consonants


def deletions(token: str) -> set[str]:
    """The token with each one letter left out (tokens shorter than 4 letters give none: too many neighbours)."""
    if len(token) < 4:
        return set()
    return {token[:index] + token[index + 1 :] for index in range(len(token))}
