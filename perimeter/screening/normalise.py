"""Names reduced to comparable tokens: case, accents, punctuation, honorifics and particles.

``tokens("Sheikh Abu Bakr al-Baghdadi")`` gives ``("bakr", "baghdadi")`` as the *core* tokens (what identifies the
person); particles such as ``abu``, ``bin``, ``al``, ``van`` and ``de`` are kept apart, because lists and passports
write them inconsistently (``al-Baghdadi``, ``Albaghdadi``, ``Baghdadi``).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache

import icu
from rapidfuzz.distance import DamerauLevenshtein

from perimeter.core.text import fold

_LATIN_ASCII = icu.Transliterator.createInstance("Latin-ASCII")
_ascii_lock = threading.Lock()


def latin_ascii(text: str) -> str:
    """Latin letters without diacritics or ligatures (``Łukasz Straße`` -> ``Lukasz Strasse``), by ICU."""
    if text.isascii():
        return text
    with _ascii_lock:
        return str(_LATIN_ASCII.transliterate(text))


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Titles and forms of address that say nothing about who a person is.
HONORIFICS = _words(
    "mr mrs ms miss mx dr prof sir dame rev sra srta herr frau mme mlle monsieur madame sheikh shaikh "
    "sheik shaykh cheikh haji hajji hadji hajj alhaj mullah mulla maulana mawlana mawlawi maulvi maulavi "
    "mawlavi ayatollah hojatoleslam general colonel brigadier lieutenant captain commander engr"
)

#: Abbreviations written in documents for the full name (Malaysian and South Asian passports: ``Mohd``).
ABBREVIATIONS = {"mohd": "mohammed", "muhd": "muhammad", "mhd": "muhammad", "mohd.": "mohammed"}

#: Particles: articles and kinship words inside names (Arabic, Persian, Dutch, German, Romance, ...).
PARTICLES = _words(
    "al el ul ad ar as at az an ash adh bin ben ibn ibni bint binti bte bt abu abou abi ab umm um ould de "
    "del della dela di da das dos do du des la le lo van von der den ter ten vander vande zu y e"
)

_SPLIT = re.compile(r"[\s\-‐-―_/.,;:'’‘`\"()\[\]]+")
_NOT_ASCII = re.compile(r"[^a-z0-9 ]")
_AL_PREFIX = re.compile(r"^(al|el|ul)-(?=\w{3})")
# "Abdelmalek", "Abdulrahman", "Abdallah": the servant-of compound split as "abd" + the rest.
_ABD_COMPOUND = re.compile(r"^abd(?:oul|el|al|ul|ol|ou|u|e|a|o)?(?=[a-z]{3,}$)")


def split_compounds(words: tuple[str, ...]) -> tuple[str, ...]:
    """``abdelmalek`` -> ``abd``, ``malek``: the servant-of compounds written in one word, split."""
    split: list[str] = []
    for word in words:
        compound = _ABD_COMPOUND.match(word)
        split.extend(("abd", word[compound.end() :]) if compound else (word,))
    return tuple(split)


_TITLES_AND_PARTICLES = tuple(word for word in HONORIFICS | PARTICLES if len(word) >= 3)


@lru_cache(maxsize=50_000)
def near_particle(word: str) -> bool:
    """A word of four letters or more one typo away from a particle or a title (``aobu``, ``hazji``): it says
    little. Shorter words are too often names (``ali``, ``dan``)."""
    if not 4 <= len(word) <= 9:
        return False
    return any(
        DamerauLevenshtein.distance(word, particle, score_cutoff=1) <= 1
        for particle in _TITLES_AND_PARTICLES
        if abs(len(particle) - len(word)) <= 1
    )


@dataclass(frozen=True)
class NameTokens:
    """A name's core tokens in order, and the particles that were taken out of it."""

    core: tuple[str, ...]
    particles: tuple[str, ...]

    @property
    def all(self) -> tuple[str, ...]:
        return self.core + self.particles


def split_words(name: str) -> list[str]:
    """Lower-cased, accent-free words; ``al-`` glued to a word is split off (``al-Qaida`` -> ``al``, ``qaida``)."""
    words: list[str] = []
    for raw in name.split():
        lowered = latin_ascii(raw).casefold().replace("'", "").replace("\u2019", "").replace("\u02bc", "")
        match = _AL_PREFIX.match(lowered)
        if match:
            words.append(match.group(1))
            lowered = lowered[match.end() :]
        for word in _NOT_ASCII.sub("", fold(_SPLIT.sub(" ", lowered))).split():
            words.append(ABBREVIATIONS.get(word, word))
    return words


def tokens(name: str, *, honorifics: bool = True) -> NameTokens:
    """The name's core tokens and particles; a name of particles only keeps them as core tokens.

    ``honorifics=False`` keeps words that look like titles (a romanised ``عمر`` is ``mr``).
    """
    words = split_words(name)
    if honorifics:
        words = [word for word in words if word not in HONORIFICS] or words
    core = tuple(word for word in words if word not in PARTICLES)
    particles = tuple(word for word in words if word in PARTICLES)
    if not core:
        return NameTokens(tuple(words), ())
    return NameTokens(core, particles)
