"""How alike two names are: token by token, in any order, with initials, compounds and romanisation variants.

Two names are compared by aligning their tokens (each query token with its most similar unused entry token),
so word order does not matter. A token missing from the query costs less than an unexplained extra token in
the query: lists often carry more names than a passport (a dropped middle name), while a traveller's name that
the entry does not have points to somebody else.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from rapidfuzz.distance import DamerauLevenshtein
from rapidfuzz.process import cdist

from perimeter.screening.keys import phonetic, skeleton
from perimeter.screening.normalise import near_particle

_similarity = DamerauLevenshtein.normalized_similarity
_distance = DamerauLevenshtein.distance
UNMATCHED_QUERY_COST = 0.7  # share of its weight an unexplained query token costs
UNMATCHED_ENTRY_COST = 0.2  # share of its weight an entry token absent from the query costs
MIN_TOKEN_SIMILARITY = 0.55
ONE_EDIT = 0.8
_VOWELS = "aeiouy"
_SKELETON_CREDIT = (0.0, 0.65, 0.78, 0.93)
_CLOSE = 0.75  # below this, similarity falls faster: two edits in five letters make another name


def token_similarity(a: str, b: str, abjad: bool = False) -> float:
    """0..1: equal tokens 1; an initial and a name it starts 0.9; one edit apart at least 0.8; else the best of
    the spelling (Damerau-Levenshtein), the phonetic
    key (romanisation variants, 0.95 at most) and, for names written without vowels, the consonant skeleton."""
    if a == b:
        return 1.0
    if len(a) == 1 or len(b) == 1:
        return 0.9 if (a[0] == b[0] and len(a) != len(b)) else 0.0
    score = _similarity(a, b)
    if score < ONE_EDIT and max(len(a), len(b)) >= 3 and _distance(a, b, score_cutoff=1) <= 1:
        score = ONE_EDIT  # one typo in a short token still leaves it that token
    # Vowels vary between romanisations (Mohammed, Muhammad), but a different final vowel often marks another
    # name (Maria, Mario): the phonetic key then earns less.
    # And two spellings with little in common (callum, qalim) earn less for sounding alike.
    credit = 0.85 if a[-1] != b[-1] and a[-1] in _VOWELS and b[-1] in _VOWELS else 0.95
    if score < 0.5:
        credit = min(credit, 0.75)
    score = max(score, credit * _similarity(phonetic(a), phonetic(b)))
    if abjad:
        consonants_a, consonants_b = skeleton(a), skeleton(b)
        # Two or three consonants in common say less than five: the credit grows with the skeleton's length.
        credit = _SKELETON_CREDIT[min(len(consonants_a), len(consonants_b), 3)]
        score = max(score, credit * _similarity(consonants_a, consonants_b))
    if score < _CLOSE:
        score = max(0.0, score - 1.5 * (_CLOSE - score))
    return score


def token_similarities(a: str, others: Sequence[str], abjad: Sequence[bool]) -> Any:
    """``token_similarity(a, b, abjad)`` for each ``b`` of ``others``, computed together (rapidfuzz's ``cdist``):
    how the index scores the dozens of vocabulary tokens its keys find for a query token."""
    if not others:
        return np.zeros(0)
    lengths = np.fromiter((len(b) for b in others), dtype=np.int64, count=len(others))
    score = cdist([a], others, scorer=_similarity, dtype=np.float64, workers=1)[0]
    distance = cdist([a], others, scorer=_distance, dtype=np.int32, workers=1)[0]
    one_edit = (score < ONE_EDIT) & (np.maximum(lengths, len(a)) >= 3) & (distance <= 1)
    score[one_edit] = ONE_EDIT
    last_vowel = a[-1] in _VOWELS
    other_vowel = np.fromiter((b[-1] != a[-1] and b[-1] in _VOWELS for b in others), dtype=bool, count=len(others))
    credit = np.where(other_vowel & last_vowel, 0.85, 0.95)
    credit = np.where(score < 0.5, np.minimum(credit, 0.75), credit)
    sounds = cdist([phonetic(a)], [phonetic(b) for b in others], scorer=_similarity, dtype=np.float64, workers=1)[0]
    score = np.maximum(score, credit * sounds)
    for index in (i for i, flag in enumerate(abjad) if flag):
        consonants_a, consonants_b = skeleton(a), skeleton(others[index])
        credit_here = _SKELETON_CREDIT[min(len(consonants_a), len(consonants_b), 3)]
        score[index] = max(score[index], credit_here * _similarity(consonants_a, consonants_b))
    score = np.where(score < _CLOSE, np.maximum(0.0, score - 1.5 * (_CLOSE - score)), score)
    for index, b in enumerate(others):  # equal tokens and initials, as token_similarity answers them
        if b == a or len(a) == 1 or len(b) == 1:
            score[index] = token_similarity(a, b, abjad[index])
    return score


def token_weight(token: str) -> float:
    """How much a token says about identity: longer tokens more (an initial says little)."""
    return 1.5 if len(token) == 1 else float(min(len(token), 10))


@dataclass(frozen=True)
class Alignment:
    """The best pairing of query tokens with entry tokens, and the name score it gives."""

    score: float
    pairs: tuple[tuple[str, str, float], ...]
    unmatched_query: tuple[str, ...]
    unmatched_entry: tuple[str, ...]
    joined: bool = False  # two tokens of one side were read as one word


def align(
    query: tuple[str, ...], entry: tuple[str, ...], abjad: bool, cache: dict[tuple[str, str], float]
) -> Alignment:
    """Greedy best-first pairing of tokens; ``cache`` keeps token similarities between calls."""
    if len(cache) > 500_000:
        cache.clear()
    cells: list[tuple[float, int, int]] = []
    for i, q in enumerate(query):
        for j, e in enumerate(entry):
            key = (q, e)
            sim = cache.get(key)
            if sim is None:
                sim = cache[key] = token_similarity(q, e, abjad)
            if sim >= MIN_TOKEN_SIMILARITY:
                cells.append((sim, i, j))
    cells.sort(reverse=True)
    used_q: set[int] = set()
    used_e: set[int] = set()
    pairs: list[tuple[str, str, float]] = []
    matched = 0.0
    total = 0.0
    for sim, i, j in cells:
        if i in used_q or j in used_e:
            continue
        used_q.add(i)
        used_e.add(j)
        weight = (token_weight(query[i]) + token_weight(entry[j])) / 2
        matched += sim * weight
        total += weight
        pairs.append((query[i], entry[j], sim))
    rest_q = tuple(q for i, q in enumerate(query) if i not in used_q)
    rest_e = tuple(e for j, e in enumerate(entry) if j not in used_e)
    total += sum(UNMATCHED_QUERY_COST * token_weight(q) * (0.15 if near_particle(q) else 1.0) for q in rest_q)
    total += UNMATCHED_ENTRY_COST * sum(map(token_weight, rest_e))
    score = matched / total if total else 0.0
    return Alignment(score, tuple(pairs), rest_q, rest_e)


def compound_variants(tokens: tuple[str, ...], other: tuple[str, ...], slack: int = 2) -> list[tuple[str, ...]]:
    """``tokens`` with two neighbours written as one (``abdul rahman`` -> ``abdulrahman``), for each pair whose
    joined spelling could be a token of ``other`` (same first letter, length within ``slack``)."""
    variants = []
    for index in range(len(tokens) - 1):
        left, right = tokens[index], tokens[index + 1]
        if len(left) < 2 or len(right) < 2:
            continue
        size = len(left) + len(right)
        if slack > 2 or any(token[0] == left[0] and abs(len(token) - size) <= slack for token in other):
            variants.append((*tokens[:index], left + right, *tokens[index + 2 :]))
    return variants


def best_alignment(
    query: tuple[str, ...], entry: tuple[str, ...], abjad: bool, cache: dict[tuple[str, str], float]
) -> Alignment:
    """The best alignment, also trying two neighbouring tokens of either side written as one word."""
    best = align(query, entry, abjad, cache)
    if best.score >= 0.999 or not (best.unmatched_query or best.unmatched_entry):
        return best  # nothing left over that a split or joined name could explain
    # One side writes two names as one word: join neighbours on that side only.
    slack = 4 if abjad else 2  # unvowelled spellings are shorter
    variants = [(q, entry) for q in compound_variants(query, entry, slack)]
    variants += [(query, e) for e in compound_variants(entry, query, slack)]
    for q, e in variants:
        candidate = align(q, e, abjad, cache)
        if candidate.score > best.score:
            best = replace(candidate, joined=True)
    return best
