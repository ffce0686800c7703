"""The candidate index: from a query's names to the few watch-list names worth scoring.

Every name of every entry (aliases included, each in all its Latin forms) is a *form*: a tuple of core tokens.
Tokens go into a vocabulary; each vocabulary token is reachable from several keys (itself, its phonetic key, its
consonant skeleton, its one-letter deletions, see :mod:`perimeter.screening.keys`), so a query token finds the
entry tokens spelled differently, typed wrong or romanised another way. Each token lists the forms it occurs in
(its postings), and so does each pair of neighbouring tokens written as one (``abdul rahman`` -> ``abdulrahman``).

A query needs only the postings of its *rarest* tokens: a form must share at least one of the tokens that carry
most of the query's weight to reach the threshold, so common given names never make thousands of candidates.
Candidates are then ranked by an upper bound of their name score, computed from token similarities alone.

The index changes entry by entry (:meth:`CandidateIndex.add` / :meth:`CandidateIndex.remove`), which is how it
follows the change feed instead of being rebuilt. It is plain data in compact arrays (the key table is a sorted
array of 32-bit hashes), saved and loaded by the screening service.
"""

from __future__ import annotations

import zlib
from array import array
from bisect import bisect_left
from collections.abc import Iterable
from typing import Any, NamedTuple

import numpy as np

from perimeter.screening.keys import deletions, phonetic, skeleton
from perimeter.screening.normalise import near_particle
from perimeter.screening.similarity import (
    MIN_TOKEN_SIMILARITY,
    UNMATCHED_ENTRY_COST,
    UNMATCHED_QUERY_COST,
    token_similarities,
    token_weight,
)
from perimeter.screening.translit import NameForm


class IndexedEntry(NamedTuple):
    """What scoring needs of a watch-list entry, without going back to the database."""

    owner_node: str
    record_id: str
    list_name: str
    category: str
    subject_type: str
    names: tuple[str, ...]
    weak_names: tuple[int, ...]  # positions of weak aliases
    birth_dates: tuple[tuple[int, int | None, int | None], ...]
    nationalities: tuple[str, ...]
    gender: str | None
    documents: tuple[str, ...]  # document number keys
    handling: str | None
    content_hash: str


class Form(NamedTuple):
    entry: int
    position: int  # which of the entry's names
    core: tuple[str, ...]
    abjad: bool


def _hash(key: str) -> int:
    return zlib.crc32(key.encode())


class CandidateIndex:
    """Entries, their name forms, a token vocabulary with lookup keys, and postings from tokens to forms."""

    def __init__(self) -> None:
        self.seq = 0  # the last change-feed sequence number applied
        self.entries: dict[int, IndexedEntry] = {}
        self.entry_ids: dict[tuple[str, str], int] = {}
        self.entry_forms: dict[int, list[int]] = {}
        self.form_entry = array("i")  # -1 once the form's entry is removed
        self.form_position = array("i")
        self.form_abjad = bytearray()
        self.form_start = array("i", [0])  # form f's tokens: form_tokens[form_start[f]:form_start[f + 1]]
        self.form_core = bytearray()  # how many of those are core tokens (the rest are joined pairs)
        self.form_tokens = array("i")
        self.vocab: dict[str, int] = {}
        self.tokens: list[str] = []
        self.abjad_tokens = bytearray()
        self.token_weights = array("f")
        self.postings: list[array[int]] = []
        self._key_hashes = array("I")  # sorted
        self._key_tokens = array("i")  # parallel to _key_hashes
        self._recent_keys: dict[str, list[int]] = {}  # keys added since the table was last sorted
        self._next_entry = 0
        self.dead_forms = 0
        self._similar: dict[tuple[str, bool], dict[int, float]] = {}
        self._frequencies: dict[tuple[str, bool], int] = {}
        self._views: dict[str, Any] = {}
        self._arrays: dict[int, tuple[dict[int, float], Any, Any]] = {}
        self._posting_views: dict[int, Any] = {}

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def form_count(self) -> int:
        return len(self.form_entry)

    # -- building ---------------------------------------------------------------------------------------------

    def add(self, entry: IndexedEntry, forms_by_name: Iterable[tuple[int, Iterable[NameForm]]]) -> None:
        """Index one entry (replacing any earlier version of it)."""
        key = (entry.owner_node, entry.record_id)
        if key in self.entry_ids:
            self.remove(*key)
        entry_id = self._next_entry
        self._next_entry += 1
        self.entries[entry_id] = entry
        self.entry_ids[key] = entry_id
        ids: list[int] = []
        self._similar.clear()
        self._frequencies.clear()
        self._release_views()
        for position, forms in forms_by_name:
            for form in forms:
                form_id = len(self.form_entry)
                core_ids = [self._token_id(token, form.abjad) for token in form.core]
                joined_ids = [self._token_id(token, form.abjad) for token in joined_pairs(form.core)]
                self.form_entry.append(entry_id)
                self.form_position.append(position)
                self.form_abjad.append(1 if form.abjad else 0)
                self.form_core.append(min(len(core_ids), 255))
                self.form_tokens.extend(core_ids[:255] + joined_ids)
                self.form_start.append(len(self.form_tokens))
                for token_id in set(core_ids + joined_ids):
                    self.postings[token_id].append(form_id)
                ids.append(form_id)
        self.entry_forms[entry_id] = ids

    def remove(self, owner_node: str, record_id: str) -> bool:
        """Forget an entry; its forms are tombstoned (postings skip them)."""
        entry_id = self.entry_ids.pop((owner_node, record_id), None)
        if entry_id is None:
            return False
        del self.entries[entry_id]
        for form_id in self.entry_forms.pop(entry_id, []):
            self.form_entry[form_id] = -1
            self.dead_forms += 1
        return True

    def _token_id(self, token: str, abjad: bool) -> int:
        token_id = self.vocab.get(token)
        if token_id is None:
            token_id = len(self.tokens)
            self.vocab[token] = token_id
            self.tokens.append(token)
            self.abjad_tokens.append(0)
            self.token_weights.append(token_weight(token))
            self.postings.append(array("i"))
            recent = self._recent_keys
            for key in token_keys(token):
                found = recent.get(key)
                if found is None:
                    recent[key] = [token_id]
                else:
                    found.append(token_id)
        if abjad and not self.abjad_tokens[token_id]:
            self.abjad_tokens[token_id] = 1
            self._recent_keys.setdefault("s:" + skeleton(token), []).append(token_id)
        return token_id

    # -- reading ----------------------------------------------------------------------------------------------

    def form(self, form_id: int) -> Form | None:
        entry = self.form_entry[form_id]
        if entry < 0:
            return None
        start = self.form_start[form_id]
        core = tuple(self.tokens[t] for t in self.form_tokens[start : start + self.form_core[form_id]])
        return Form(entry, self.form_position[form_id], core, bool(self.form_abjad[form_id]))

    def _key_lookup(self, key: str) -> list[int]:
        found = list(self._recent_keys.get(key, ()))
        hashes = self._key_hashes
        if not hashes:
            return found
        hashed = _hash(key)
        at = bisect_left(hashes, hashed)
        while at < len(hashes) and hashes[at] == hashed:
            found.append(self._key_tokens[at])
            at += 1
        return found

    def similar_tokens(self, token: str, abjad: bool) -> dict[int, float]:
        """Vocabulary tokens like ``token`` (id -> similarity), found through its keys (remembered)."""
        key = (token, abjad)
        known = self._similar.get(key)
        if known is None:
            if len(self._similar) > 200_000:
                self._similar.clear()
            known = self._similar[key] = self._find_similar(token, abjad)
        return known

    def _find_similar(self, token: str, abjad: bool) -> dict[int, float]:
        found: set[int] = set()
        for key in query_keys(token, abjad):
            found.update(self._key_lookup(key))
        exact = self.vocab.get(token)
        if exact is not None:
            found.add(exact)
        ids = list(found)
        words = [self.tokens[token_id] for token_id in ids]
        flags = [abjad or bool(self.abjad_tokens[token_id]) for token_id in ids]
        sims = token_similarities(token, words, flags)
        return {token_id: float(sim) for token_id, sim in zip(ids, sims, strict=True) if sim >= MIN_TOKEN_SIMILARITY}

    def candidates(
        self, core: tuple[str, ...], similar: dict[str, dict[int, float]], floor: float, limit: int, abjad: bool
    ) -> list[tuple[float, int]]:
        """(upper bound of the name score, form id) of the forms worth scoring for a query form, best first.

        ``similar`` maps each query token and joined pair of tokens to its similar vocabulary tokens.
        """
        if not core:
            return []
        found = self._found(core, similar, floor, abjad)
        if not len(found):
            return []
        bounds = self._bounds(found, core, similar)
        keep = bounds > floor
        found, bounds = found[keep], bounds[keep]
        if len(found) > limit:
            best = np.argpartition(-bounds, limit)[:limit]
            found, bounds = found[best], bounds[best]
        order = np.argsort(-bounds, kind="stable")
        return [(float(bounds[i]), int(found[i])) for i in order]

    def _similar_arrays(self, token: str, similar: dict[int, float]) -> tuple[Any, Any]:
        """``similar`` as arrays of token ids and similarities (remembered with it)."""
        key = id(similar)
        found = self._arrays.get(key)
        if found is None or found[0] is not similar:
            if len(self._arrays) > 200_000:
                self._arrays.clear()
            ids = np.fromiter(similar.keys(), dtype=np.int32, count=len(similar))
            sims = np.fromiter(similar.values(), dtype=np.float32, count=len(similar))
            found = self._arrays[key] = (similar, ids, sims)
        return found[1], found[2]

    def _view(self, name: str, dtype: Any) -> Any:
        """A numpy view of one of the index's arrays, kept until the index next grows."""
        view = self._views.get(name)
        if view is None:
            view = self._views[name] = np.frombuffer(getattr(self, name), dtype=dtype)
        return view

    def _posting(self, token_id: int) -> Any:
        view = self._posting_views.get(token_id)
        if view is None:
            if len(self._posting_views) > 100_000:
                self._posting_views.clear()
            view = self._posting_views[token_id] = np.frombuffer(self.postings[token_id], dtype=np.int32)
        return view

    def _release_views(self) -> None:
        """Drop the numpy views (an array with a view cannot grow) and the arrays of similar tokens."""
        self._views.clear()
        self._arrays.clear()
        self._posting_views.clear()

    def _frequency(self, token: str, abjad: bool, similar: dict[int, float]) -> int:
        """How many forms hold a token like ``token`` (remembered with its similar tokens)."""
        key = (token, abjad)
        found = self._frequencies.get(key)
        if found is None:
            if len(self._frequencies) > 200_000:
                self._frequencies.clear()
            found = self._frequencies[key] = sum(len(self.postings[token_id]) for token_id in similar)
        return found

    def _found(self, core: tuple[str, ...], similar: dict[str, dict[int, float]], floor: float, abjad: bool) -> Any:
        """The live forms sharing a similar token with the rarest query tokens, enough of them that a form with
        none of them cannot reach ``floor`` even if it matches every other query token perfectly; and the forms
        sharing a joined pair of query tokens."""
        weights = [token_weight(token) for token in core]
        costs = [UNMATCHED_QUERY_COST * (0.15 if near_particle(token) else 1.0) for token in core]
        order = sorted(range(len(core)), key=lambda i: self._frequency(core[i], abjad, similar[core[i]]))
        token_ids: set[int] = set()
        rest, penalty = sum(weights), 0.0  # weight a form could still match; cost of the tokens read
        for i in order:
            token_ids.update(similar[core[i]])
            rest -= weights[i]
            penalty += costs[i] * weights[i]
            if rest <= 0 or rest / (rest + penalty) < floor:
                break
        for pair in joined_pairs(core):
            token_ids.update(similar[pair])
        postings = [self._posting(token_id) for token_id in token_ids if len(self.postings[token_id])]
        if not postings:
            return np.empty(0, dtype=np.int32)
        found = np.unique(np.concatenate(postings))
        alive = self._view("form_entry", np.int32)[found] >= 0
        return found[alive]

    def _bounds(self, found: Any, core: tuple[str, ...], similar: dict[str, dict[int, float]]) -> Any:
        """An optimistic name score per form: each query token takes its best similarity with any of the form's
        tokens (its joined pairs included); unmatched tokens cost what the alignment charges."""
        ids, columns, sims = [], [], []
        for i, token in enumerate(core):
            token_ids, token_sims = self._similar_arrays(token, similar[token])
            ids.append(token_ids)
            sims.append(token_sims)
            columns.append(np.full(len(token_ids), i, dtype=np.int32))
        for i, pair in joined_pairs_at(core):  # a joined pair stands for both its tokens
            token_ids, token_sims = self._similar_arrays(pair, similar[pair])
            for column in (i, i + 1):
                ids.append(token_ids)
                sims.append(token_sims)
                columns.append(np.full(len(token_ids), column, dtype=np.int32))
        matched_ids, rows_of = np.unique(np.concatenate(ids), return_inverse=True)
        table = np.zeros((len(matched_ids) + 1, len(core)), dtype=np.float32)  # the last row: no match
        np.maximum.at(table, (rows_of, np.concatenate(columns)), np.concatenate(sims))
        starts = self._view("form_start", np.int32)
        begin, end = starts[found], starts[found + 1]
        lengths = end - begin
        # Positions of every token of every found form in form_tokens, form after form.
        offsets = np.repeat(begin - (np.cumsum(lengths) - lengths), lengths) + np.arange(int(lengths.sum()))
        tokens = self._view("form_tokens", np.int32)[offsets]
        at = np.searchsorted(matched_ids, tokens)
        at[at >= len(matched_ids)] = len(matched_ids)
        hit = np.zeros(len(tokens), dtype=bool)
        inside = at < len(matched_ids)
        hit[inside] = matched_ids[at[inside]] == tokens[inside]
        rows = np.where(hit, at, len(matched_ids))
        segment = np.repeat(np.arange(len(found)), lengths)
        best = np.maximum.reduceat(table[rows], np.cumsum(lengths) - lengths, axis=0)  # forms have a token
        weights = np.array([token_weight(token) for token in core], dtype=np.float32)
        matched = best @ weights
        missing = (best == 0.0) @ weights
        core_counts = self._view("form_core", np.uint8)[found]
        is_core = (offsets - np.repeat(begin, lengths)) < np.repeat(core_counts, lengths)
        token_weights = self._view("token_weights", np.float32)[tokens]
        unmatched_entry = np.bincount(segment, weights=token_weights * (is_core & ~hit), minlength=len(found))
        joined_hit = np.bincount(segment, weights=(hit & ~is_core), minlength=len(found)) > 0
        unmatched_entry[joined_hit] = 0.0  # a compound may explain the entry's tokens: stay optimistic
        denominator = weights.sum() - missing + UNMATCHED_QUERY_COST * missing + UNMATCHED_ENTRY_COST * unmatched_entry
        return np.where(denominator > 0, matched / np.maximum(denominator, 1e-9), 0.0)

    # -- saving -----------------------------------------------------------------------------------------------

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        hashes, tokens = self._merged_keys()
        state["_key_hashes"], state["_key_tokens"], state["_recent_keys"] = hashes, tokens, {}
        flat = array("i")
        lengths = array("i")
        for posting in self.postings:
            flat.extend(posting)
            lengths.append(len(posting))
        state["postings"] = (flat, lengths)
        state["tokens"] = "\n".join(self.tokens)
        del state["vocab"]
        for cache in ("_similar", "_frequencies", "_views", "_posting_views", "_arrays"):
            state[cache] = {}
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        flat, lengths = state.pop("postings")
        tokens = state.pop("tokens")
        self.__dict__.update(state)
        self._similar, self._frequencies, self._views, self._posting_views, self._arrays = {}, {}, {}, {}, {}
        self.tokens = tokens.split("\n") if tokens else []
        self.vocab = {token: token_id for token_id, token in enumerate(self.tokens)}
        self.postings = []
        at = 0
        for length in lengths:
            self.postings.append(flat[at : at + length])
            at += length

    def _merged_keys(self) -> tuple[array[int], array[int]]:
        pairs = list(zip(self._key_hashes, self._key_tokens, strict=True))
        pairs.extend((_hash(key), token_id) for key, ids in self._recent_keys.items() for token_id in ids)
        pairs.sort()
        return array("I", (hashed for hashed, _ in pairs)), array("i", (token_id for _, token_id in pairs))

    def compact_keys(self) -> None:
        """Fold the keys added since loading into the sorted table (done before saving)."""
        self._key_hashes, self._key_tokens = self._merged_keys()
        self._recent_keys = {}


def token_keys(token: str) -> set[str]:
    """The keys a vocabulary token is found by."""
    sound = phonetic(token)
    keys = {"p:" + sound, "d:" + token, "S:" + skeleton(token)}
    keys.update("d:" + deleted for deleted in deletions(token))
    keys.update("q:" + deleted for deleted in deletions(sound))  # a typo in another romanisation
    return keys


def query_keys(token: str, abjad: bool) -> set[str]:
    """The keys a query token looks up."""
    sound = phonetic(token)
    keys = {"p:" + sound, "d:" + token, "q:" + sound}
    keys.update("d:" + deleted for deleted in deletions(token))
    keys.update("q:" + deleted for deleted in deletions(sound))
    # Every token reaches the tokens with its consonants (two vowels changed: moustaaf, mostafa); a Latin token
    # also reaches the unvowelled tokens of names written in an abjad.
    consonants = skeleton(token)
    if abjad or len(consonants) >= 3:  # two consonants are shared by too many names to be worth a lookup
        keys.add("S:" + consonants)
    if not abjad:
        keys.add("s:" + skeleton(token))
    return keys


def joined_pairs_at(core: tuple[str, ...]) -> list[tuple[int, str]]:
    """Neighbouring tokens written as one (initials are not joined), with the position of the first."""
    return [(i, core[i] + core[i + 1]) for i in range(len(core) - 1) if len(core[i]) > 1 and len(core[i + 1]) > 1]


def joined_pairs(core: tuple[str, ...]) -> list[str]:
    return [pair for _i, pair in joined_pairs_at(core)]
