"""Names reduced to comparable tokens: case, accents, punctuation, honorifics and particles.

``tokens("Sheikh Abu Bakr al-Baghdadi")`` gives ``("bakr", "baghdadi")`` as the *core* tokens (what identifies the
person); particles such as ``abu``, ``bin``, ``al``, ``van`` and ``de`` are kept apart, because lists and passports
write them inconsistently (``al-Baghdadi``, ``Albaghdadi``, ``Baghdadi``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from perimeter.core.text import fold

#: Titles and forms of address that say nothing about who a person is.
HONORIFICS = frozenset(
    """
    mr mrs ms miss mx dr prof sir dame rev sra srta herr frau mme mlle monsieur madame
    sheikh shaikh sheik shaykh cheikh haji hajji hadji hajj alhaj mullah mulla maulana mawlana mawlawi maulvi
    maulavi mawlavi ayatollah hojatoleslam general colonel brigadier lieutenant captain commander engr
    """.split()
)

#: Particles: articles and kinship words inside names (Arabic, Persian, Dutch, German, Romance, ...).
PARTICLES = frozenset(
    """
    al el ul ad ar as at az an ash adh an-
    bin ben ibn ibni bint binti bte bt abu abou abi ab umm um ould
    de del della dela di da das dos do du des la le lo van von der den ter ten vander vande zu y e
    """.split()
)

_SPLIT = re.compile(r"[\s\-‐-―_/.,;:'’‘`\"()\[\]]+")
_NOT_ASCII = re.compile(r"[^a-z0-9 ]")
_AL_PREFIX = re.compile(r"^(al|el|ul)-(?=\w{3})")


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
        lowered = raw.casefold().replace("'", "").replace("\u2019", "").replace("\u02bc", "")
        match = _AL_PREFIX.match(lowered)
        if match:
            words.append(match.group(1))
            lowered = lowered[match.end() :]
        words.extend(word for word in _NOT_ASCII.sub("", fold(_SPLIT.sub(" ", lowered))).split() if word)
    return words


def tokens(name: str) -> NameTokens:
    """The name's core tokens and particles; a name of particles only keeps them as core tokens."""
    words = [word for word in split_words(name) if word not in HONORIFICS] or split_words(name)
    core = tuple(word for word in words if word not in PARTICLES)
    particles = tuple(word for word in words if word in PARTICLES)
    if not core:
        return NameTokens(tuple(words), ())
    return NameTokens(core, particles)
