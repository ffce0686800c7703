"""How the benchmark turns a listed name into the name a traveller's document or an officer's keyboard gives.

Pure functions of a name and a seeded ``random.Random``: the same seed always gives the same test set.

- ``typo``: one or more keyboard edits (substitution by a neighbouring key, insertion, deletion, transposition of
  two adjacent letters), each in a different token when the name has enough tokens; the first letter of a token is
  never touched by a deletion so that a one-letter initial never disappears.
- ``surname_first``: the family name moved to the front (``Given Middle FAMILY`` -> ``FAMILY Given Middle``); the
  family name is the trailing upper-case tokens when the name mixes cases (OFAC writes ``Given FAMILY``), else the
  last token.
- ``drop_middle``: one inner token removed from a name of three tokens or more.
- ``hard``: another romanisation of one token (from :class:`RomanisationTable`), surname first, a dropped middle
  name and a transposed letter, together; ``None`` when the name has no token with another romanisation.
"""

from __future__ import annotations

import difflib
import random
from collections.abc import Iterable, Mapping, Sequence

# Neighbouring keys on a QWERTY keyboard: the substitutions a typing officer makes.
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
NEIGHBOURS: dict[str, str] = {}
for _r, _row in enumerate(_ROWS):
    for _c, _key in enumerate(_row):
        near = [_row[i] for i in (_c - 1, _c + 1) if 0 <= i < len(_row)]
        # each row sits half a key to the right of the one above it
        for _other, columns in ((_r - 1, (_c, _c + 1)), (_r + 1, (_c - 1, _c))):
            if 0 <= _other < len(_ROWS):
                near += [_ROWS[_other][i] for i in columns if 0 <= i < len(_ROWS[_other])]
        NEIGHBOURS[_key] = "".join(sorted(set(near)))

EDITS = ("substitution", "insertion", "deletion", "transposition")


def _match_case(template: str, letter: str) -> str:
    return letter.upper() if template.isupper() else letter


def edit_token(token: str, kind: str, rng: random.Random) -> str:
    """One edit of ``kind`` in ``token``; a token too short for that edit is returned unchanged."""
    letters = [i for i, ch in enumerate(token) if ch.isalpha()]
    if not letters:
        return token
    if kind == "substitution":
        i = rng.choice(letters)
        lower = token[i].lower()
        pool = NEIGHBOURS.get(lower) or "aeiou"
        return token[:i] + _match_case(token[i], rng.choice(pool)) + token[i + 1 :]
    if kind == "insertion":
        i = rng.choice(letters)
        lower = token[i].lower()
        pool = NEIGHBOURS.get(lower) or lower
        return token[: i + 1] + _match_case(token[i], rng.choice(pool)) + token[i + 1 :]
    if kind == "deletion":
        inner = [i for i in letters if i > 0]
        if len(token) < 3 or not inner:
            return token
        i = rng.choice(inner)
        return token[:i] + token[i + 1 :]
    if kind == "transposition":
        pairs = [i for i in letters[:-1] if token[i + 1].isalpha() and token[i].lower() != token[i + 1].lower()]
        if not pairs:
            return token
        i = rng.choice(pairs)
        return token[:i] + token[i + 1] + token[i] + token[i + 2 :]
    raise ValueError(f"unknown edit {kind!r}")


def typo(name: str, rng: random.Random, edits: int = 1, kinds: Sequence[str] = EDITS) -> tuple[str, list[str]]:
    """``name`` with ``edits`` keyboard edits, and the kinds applied; each edit changes the name or is retried."""
    tokens = name.split()
    editable = [i for i, t in enumerate(tokens) if sum(ch.isalpha() for ch in t) >= 2]
    applied: list[str] = []
    if not editable:
        return name, applied
    order = rng.sample(editable, len(editable))
    for n in range(edits):
        index = order[n % len(order)]
        for _attempt in range(8):
            kind = rng.choice(list(kinds))
            changed = edit_token(tokens[index], kind, rng)
            if changed != tokens[index]:
                tokens[index] = changed
                applied.append(kind)
                break
    return " ".join(tokens), applied


def family_start(tokens: Sequence[str]) -> int:
    """Where the family name starts: the trailing upper-case tokens of ``Given FAMILY`` (OFAC's convention), else
    the last token."""
    start = len(tokens)
    while start > 1 and tokens[start - 1].isupper():
        start -= 1
    if start == len(tokens) or start == 0 or all(t.isupper() for t in tokens):
        return max(len(tokens) - 1, 0)
    return start


def surname_first(name: str) -> str:
    """The family name moved before the given names (``Mateo DIAZ LOPEZ`` -> ``DIAZ LOPEZ Mateo``)."""
    tokens = name.split()
    if len(tokens) < 2:
        return name
    start = family_start(tokens)
    return " ".join([*tokens[start:], *tokens[:start]])


def drop_middle(name: str, rng: random.Random) -> str | None:
    tokens = name.split()
    if len(tokens) < 3:
        return None
    del tokens[rng.randrange(1, len(tokens) - 1)]
    return " ".join(tokens)


def alike(a: str, b: str) -> bool:
    """Two spellings that can be romanisations of one name: the same first and last letter (or both vowels; a
    final h after a vowel aside), at most two letters more or fewer, and mostly the same letters.

    Keeps ``mohammed``/``muhammad``, ``usama``/``osama``, ``fatima``/``fatimah``; drops the pairs' noise
    (``abdullah``/``granada``, ``abdul``/``abdulaziz``, ``abdullah``/``abdulwahab``).
    """
    vowels = "aeiouy"
    same_start = a[:1] == b[:1] or (a[:1] in vowels and b[:1] in vowels)
    x, y = a.removesuffix("h") if a[-2:-1] in vowels else a, b.removesuffix("h") if b[-2:-1] in vowels else b
    same_end = x[-1:] == y[-1:] or (x[-1:] in vowels and y[-1:] in vowels)
    close = abs(len(a) - len(b)) <= 2 and difflib.SequenceMatcher(None, a, b).ratio() >= 0.6
    return same_start and same_end and close


class RomanisationTable:
    """Other Latin spellings of one name token, keyed by the lower-case token.

    Built from pairs (native spelling, Latin spelling): two Latin spellings of the same native spelling are
    alternative romanisations of each other (``mohammed``/``muhammad`` both from one Arabic spelling) when they
    are :func:`alike`.
    """

    def __init__(self, variants: Mapping[str, Sequence[str]]) -> None:
        self._variants = {key: tuple(values) for key, values in variants.items() if values}

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]], min_length: int = 3) -> RomanisationTable:
        by_native: dict[str, set[str]] = {}
        for native, latin in pairs:
            latin = latin.strip().lower()
            if len(latin) >= min_length and latin.isalpha() and latin.isascii():
                by_native.setdefault(native.replace(" ", ""), set()).add(latin)
        variants: dict[str, set[str]] = {}
        for spellings in by_native.values():
            for spelling in spellings:
                variants.setdefault(spelling, set()).update(o for o in spellings if alike(spelling, o))
        return cls({key: sorted(values - {key}) for key, values in variants.items()})

    def __len__(self) -> int:
        return len(self._variants)

    def variants(self, token: str) -> tuple[str, ...]:
        return self._variants.get(token.lower(), ())

    def respell(self, name: str, rng: random.Random) -> str | None:
        """``name`` with one token written in another romanisation (keeping its capitalisation), or ``None``."""
        tokens = name.split()
        candidates = [i for i, t in enumerate(tokens) if self.variants(t)]
        if not candidates:
            return None
        i = rng.choice(candidates)
        other = rng.choice(self.variants(tokens[i]))
        tokens[i] = _recase(tokens[i], other)
        return " ".join(tokens)


def _recase(template: str, word: str) -> str:
    if template.isupper():
        return word.upper()
    if template[:1].isupper():
        return word.capitalize()
    return word


def hard(name: str, table: RomanisationTable, rng: random.Random) -> tuple[str, list[str]] | None:
    """Another romanisation, surname first, a dropped middle name and a transposed letter, all in one name."""
    respelt = table.respell(name, rng)
    if respelt is None:
        return None
    steps = ["romanisation"]
    dropped = drop_middle(respelt, rng)
    if dropped is not None:
        respelt = dropped
        steps.append("dropped-middle")
    reordered = surname_first(respelt)
    if reordered != respelt:
        steps.append("surname-first")
    tokens = reordered.split()
    longest = max(range(len(tokens)), key=lambda i: (len(tokens[i]), -i))
    transposed = edit_token(tokens[longest], "transposition", rng)
    if transposed != tokens[longest]:
        tokens[longest] = transposed
        steps.append("transposition")
    return " ".join(tokens), steps
