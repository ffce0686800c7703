"""The candidate index: from a query's names to the few watch-list names worth scoring.

Every name of every entry (aliases included, each in all its Latin forms) is a *form*: a tuple of core tokens.
Tokens go into a vocabulary; each vocabulary token is reachable from several keys (itself, its phonetic key, its
consonant skeleton, its one-letter deletions, see :mod:`perimeter.screening.keys`), so a query token finds the
entry tokens spelled differently, typed wrong or romanised another way. Each token lists the forms it occurs in.

A query needs only the postings of its *rarest* tokens: a form must share at least one of the tokens that carry
most of the query's weight to reach the threshold, so common given names never make thousands of candidates.

The index changes entry by entry (:meth:`CandidateIndex.add` / :meth:`CandidateIndex.remove`), which is how it
follows the change feed instead of being rebuilt. It is plain data, saved and loaded by the screening service.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from dataclasses import dataclass

from perimeter.screening.keys import deletions, phonetic, skeleton
from perimeter.screening.similarity import MIN_TOKEN_SIMILARITY, token_similarity, token_weight
from perimeter.screening.translit import NameForm


@dataclass(frozen=True)
class IndexedEntry:
    """What scoring needs of a watch-list entry, without going back to the database."""

    owner_node: str
    record_id: str
    list_name: str
    category: str
    subject_type: str
    names: tuple[str, ...]
    weak_names: frozenset[int]  # positions of weak aliases
    birth_dates: tuple[tuple[int, int | None, int | None], ...]
    nationalities: tuple[str, ...]
    gender: str | None
    documents: tuple[str, ...]  # document number keys
    handling: str | None
    content_hash: str


@dataclass(frozen=True)
class Form:
    entry: int
    position: int  # which of the entry's names
    core: tuple[str, ...]
    abjad: bool


class CandidateIndex:
    """Entries, their name forms, a token vocabulary with lookup keys, and postings from tokens to forms."""

    def __init__(self) -> None:
        self.seq = 0  # the last change-feed sequence number applied
        self.entries: dict[int, IndexedEntry] = {}
        self.entry_ids: dict[tuple[str, str], int] = {}
        self.entry_forms: dict[int, list[int]] = {}
        self.forms: list[Form | None] = []
        self.vocab: dict[str, int] = {}
        self.tokens: list[str] = []
        self.abjad_tokens: set[int] = set()
        self.postings: list[array[int]] = []
        self.keys: dict[str, int | list[int]] = {}
        self._next_entry = 0
        self.dead_forms = 0

    def __len__(self) -> int:
        return len(self.entries)

    # -- building ---------------------------------------------------------------------------------------------

    def add(self, entry: IndexedEntry, forms_by_name: Iterable[tuple[int, list[NameForm]]]) -> None:
        """Index one entry (replacing any earlier version of it)."""
        key = (entry.owner_node, entry.record_id)
        if key in self.entry_ids:
            self.remove(*key)
        entry_id = self._next_entry
        self._next_entry += 1
        self.entries[entry_id] = entry
        self.entry_ids[key] = entry_id
        ids: list[int] = []
        for position, forms in forms_by_name:
            for form in forms:
                form_id = len(self.forms)
                self.forms.append(Form(entry_id, position, form.core, form.abjad))
                ids.append(form_id)
                for token in _index_tokens(form.core):
                    self.postings[self._token_id(token, form.abjad)].append(form_id)
        self.entry_forms[entry_id] = ids

    def remove(self, owner_node: str, record_id: str) -> bool:
        """Forget an entry; its forms are tombstoned (postings skip them) until the next compaction."""
        entry_id = self.entry_ids.pop((owner_node, record_id), None)
        if entry_id is None:
            return False
        del self.entries[entry_id]
        for form_id in self.entry_forms.pop(entry_id, []):
            self.forms[form_id] = None
            self.dead_forms += 1
        return True

    def _token_id(self, token: str, abjad: bool) -> int:
        token_id = self.vocab.get(token)
        if token_id is None:
            token_id = len(self.tokens)
            self.vocab[token] = token_id
            self.tokens.append(token)
            self.postings.append(array("i"))
            for key in _token_keys(token):
                self._add_key(key, token_id)
        if abjad and token_id not in self.abjad_tokens:
            self.abjad_tokens.add(token_id)
            self._add_key("s:" + skeleton(token), token_id)
        return token_id

    def _add_key(self, key: str, token_id: int) -> None:
        found = self.keys.get(key)
        if found is None:
            self.keys[key] = token_id
        elif isinstance(found, int):
            if found != token_id:
                self.keys[key] = [found, token_id]
        elif token_id not in found:
            found.append(token_id)

    # -- lookup -----------------------------------------------------------------------------------------------

    def similar_tokens(self, token: str, abjad: bool) -> list[tuple[int, float]]:
        """Vocabulary tokens like ``token`` (id, similarity), found through its keys."""
        found: set[int] = set()
        for key in _query_keys(token, abjad):
            hit = self.keys.get(key)
            if hit is None:
                continue
            if isinstance(hit, int):
                found.add(hit)
            else:
                found.update(hit)
        exact = self.vocab.get(token)
        if exact is not None:
            found.add(exact)
        result = []
        for token_id in found:
            sim = token_similarity(token, self.tokens[token_id], abjad or token_id in self.abjad_tokens)
            if sim >= MIN_TOKEN_SIMILARITY:
                result.append((token_id, sim))
        return result

    def candidates(self, core: tuple[str, ...], abjad: bool, floor: float, limit: int) -> list[int]:
        """Form ids worth scoring for a query form: they share one of the query's rarest weighty tokens."""
        if not core:
            return []
        matches = []
        for token in {*core, *_joined_pairs(core)}:
            similar = self.similar_tokens(token, abjad)
            frequency = sum(len(self.postings[token_id]) for token_id, _ in similar)
            matches.append((frequency, token, similar))
        matches.sort()
        total = sum(token_weight(token) for token in core)
        needed = (1.0 - floor) * total
        scores: dict[int, float] = {}
        covered = 0.0
        for _frequency, token, similar in matches:
            weight = token_weight(token)
            best: dict[int, float] = {}
            for token_id, sim in similar:
                for form_id in self.postings[token_id]:
                    if best.get(form_id, 0.0) < sim:
                        best[form_id] = sim
            for form_id, sim in best.items():
                scores[form_id] = scores.get(form_id, 0.0) + sim * weight
            if token in core:
                covered += weight
                if covered > needed:
                    break
        forms = self.forms
        ranked = sorted((score, form_id) for form_id, score in scores.items() if forms[form_id] is not None)
        return [form_id for _score, form_id in ranked[-limit:][::-1]]


def _token_keys(token: str) -> set[str]:
    keys = {"p:" + phonetic(token), "d:" + token, "S:" + skeleton(token)}
    keys.update("d:" + deleted for deleted in deletions(token))
    return keys


def _query_keys(token: str, abjad: bool) -> set[str]:
    keys = {"p:" + phonetic(token), "d:" + token}
    keys.update("d:" + deleted for deleted in deletions(token))
    # A Latin token reaches the skeletons of entries written without vowels; an unvowelled token reaches all.
    keys.add(("S:" if abjad else "s:") + skeleton(token))
    return keys


def _joined_pairs(core: tuple[str, ...]) -> list[str]:
    return [core[i] + core[i + 1] for i in range(len(core) - 1) if len(core[i]) > 1 and len(core[i + 1]) > 1]


def _index_tokens(core: tuple[str, ...]) -> set[str]:
    return {*core, *_joined_pairs(core)}
