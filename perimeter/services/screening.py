"""Screening people against the node's watch lists.

:func:`screener` gives the node's :class:`Screener`: the candidate index kept on disk under the node's home
(``screening/index-<algorithm>.pickle``), loaded once per process and brought up to date from the change feed
before each screen, so a new edition of a list is screened against at once and nothing is ever rebuilt on the
command line. ``Screener.screen`` writes nothing; :func:`screen_person` is the audited use case.
"""

from __future__ import annotations

import os
import pickle
import tempfile
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from perimeter.core.access import Actor, Permission
from perimeter.core.errors import InvalidInput
from perimeter.screening.algorithms import Algorithm, get_algorithm
from perimeter.screening.entries import indexed_record
from perimeter.screening.index import CandidateIndex
from perimeter.screening.query import Feature, Hit, ScreeningQuery
from perimeter.services import screening_decisions
from perimeter.services.node import Node
from perimeter.services.watchlist_loading import WATCHLIST_KIND
from perimeter.store import changes
from perimeter.store import screening as screening_store

INDEX_FORMAT = 9  # bump whenever names, keys or the index layout change: old indexes are then rebuilt
_SAVE_AFTER_CHANGES = 1  # save the index after catching up on at least this many changes
_screeners: dict[int, Screener] = {}
Decided = dict[str, dict[tuple[str, str, str], int]]  # fingerprint -> (owner, record id, entry hash) -> decision
_screeners_lock = threading.Lock()


class Screener:
    """One node's index and algorithm. Thread-safe: updates take a lock, screens read a consistent index."""

    def __init__(self, node: Node, algorithm: Algorithm, index: CandidateIndex, path: Path) -> None:
        self.node = node
        self.algorithm = algorithm
        self.index = index
        self.path = path
        self._lock = threading.RLock()
        # The decisions' version and the active decisions read at that version, replaced together (one tuple).
        self._decided: tuple[tuple[int, int] | None, Decided] = (None, {})

    @property
    def threshold(self) -> float:
        return self.node.settings.alert_threshold

    def refresh(self) -> int:
        """Apply the changes made to watch lists since the index was last brought up to date; how many.

        One query tells both whether the lists changed and whether the analysts' decisions did; the active
        decisions are kept in memory and read again only when they changed, so a screen costs no decisions query.
        """
        with self.node.db.read() as connection:
            seq, version = screening_store.state(connection, WATCHLIST_KIND)
            if version != self._decided[0]:
                self._decided = (version, screening_decisions.active_by_fingerprint(connection))
        if seq <= self.index.seq:
            return 0
        with self._lock:
            applied = _catch_up(self.node, self.algorithm, self.index)
            if applied >= _SAVE_AFTER_CHANGES:
                save_index(self.index, self.path)
            return applied

    def screen(self, query: ScreeningQuery) -> tuple[str, list[Hit]]:
        """The traveller's fingerprint, and the hits at or above the node's threshold, best first.

        Hits an analyst marked as false matches for this traveller (and this version of the entry) are kept
        but carry ``suppressed_by``; nothing is written.
        """
        self.refresh()
        with self._lock:  # the index's arrays cannot grow while a screen reads them
            hits = self.algorithm.screen(self.index, query, self.threshold)
        return query.fingerprint, self._apply_decisions(query.fingerprint, hits)

    def screen_many(self, queries: Iterable[ScreeningQuery]) -> list[tuple[str, list[Hit]]]:
        """Screen several queries against one state of the index (brought up to date once)."""
        self.refresh()
        results = []
        with self._lock:
            for query in queries:
                results.append((query.fingerprint, self.algorithm.screen(self.index, query, self.threshold)))
        decided = self._decided[1]
        return [(fingerprint, _suppress(hits, decided.get(fingerprint, {}))) for fingerprint, hits in results]

    def compare(self, a: ScreeningQuery, b: ScreeningQuery) -> tuple[float, bool, tuple[Feature, ...]]:
        """The pairwise score of two records, whether it reaches the threshold, and why."""
        score, found = self.algorithm.compare(a, b)
        return score, score >= self.threshold, found

    def _apply_decisions(self, fingerprint: str, hits: list[Hit]) -> list[Hit]:
        if not hits:
            return hits
        return _suppress(hits, self._decided[1].get(fingerprint, {}))


def _suppress(hits: list[Hit], decided: dict[tuple[str, str, str], int]) -> list[Hit]:
    """The hits, those an analyst marked as false matches for this traveller carrying the decision's id."""
    if not decided:
        return hits
    return [
        replace(hit, suppressed_by=decided[(hit.owner_node, hit.record_id, hit.entry_hash)])
        if (hit.owner_node, hit.record_id, hit.entry_hash) in decided
        else hit
        for hit in hits
    ]


def screener(node: Node) -> Screener:
    """The node's screener, loaded (or built, the first time) once per process and node."""
    key = id(node)
    with _screeners_lock:
        found = _screeners.get(key)
        if found is not None and found.node is node:
            return found
        algorithm = get_algorithm(node.settings.screening_algorithm)
        path = index_path(node, algorithm.name)
        index = load_index(path)
        if index is None:
            index = CandidateIndex()
            index.seq = _build(node, algorithm, index)
            save_index(index, path)
        made = Screener(node, algorithm, index, path)
        _screeners[key] = made
    made.refresh()
    return made


def forget(node: Node) -> None:
    """Drop the node's screener from this process (its index stays on disk)."""
    with _screeners_lock:
        _screeners.pop(id(node), None)


def index_path(node: Node, algorithm: str) -> Path:
    return node.home / "screening" / f"index-{algorithm}.pickle"


def load_index(path: Path) -> CandidateIndex | None:
    """The saved index, or ``None`` when absent, unreadable or of another format version (then rebuilt).

    The format version is stored ahead of the index, so an index of another version is never unpickled.
    """
    try:
        with path.open("rb") as file:
            if pickle.load(file) != INDEX_FORMAT:
                return None
            index = pickle.load(file)
    except FileNotFoundError:
        return None
    except Exception:
        return None
    return index if isinstance(index, CandidateIndex) else None


def save_index(index: CandidateIndex, path: Path) -> None:
    """Write atomically (a temporary file renamed over the old one), so a crash never leaves half an index."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".index-")
    try:
        with os.fdopen(handle, "wb") as file:
            pickle.dump(INDEX_FORMAT, file)
            pickle.dump(index, file, protocol=pickle.HIGHEST_PROTOCOL)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _build(node: Node, algorithm: Algorithm, index: CandidateIndex) -> int:
    """Index every entry the node holds; the change-feed position it is current to."""
    with node.db.read() as connection:
        seq = changes.latest_seq(connection, WATCHLIST_KIND)
        for record, content_hash in screening_store.iter_entry_records(connection):
            algorithm.index_entry(indexed_record(record, content_hash), index)
    return seq


def _catch_up(node: Node, algorithm: Algorithm, index: CandidateIndex) -> int:
    applied = 0
    while True:
        with node.db.read() as connection:
            batch = changes.since(connection, WATCHLIST_KIND, index.seq)
            if not batch:
                return applied
            keys = sorted({(change.owner_node, change.record_id) for change in batch})
            current = screening_store.entry_records(connection, keys)
        for owner_node, record_id in keys:
            found = current.get((owner_node, record_id))
            if found is None:
                index.remove(owner_node, record_id)
            else:
                algorithm.index_entry(indexed_record(*found), index)
        index.seq = batch[-1].seq
        applied += len(batch)


def check_purpose(purpose: str) -> None:
    """A purpose is a short label (``border-screening``, ``visa-vetting``): it goes to the audit trail."""
    if not purpose or len(purpose) > 60 or not purpose.replace("-", "").replace("_", "").isalnum():
        raise InvalidInput(f"purpose {purpose!r} must be 1 to 60 letters, digits, '-' or '_'")


def screen_person(
    node: Node, actor: Actor, query: ScreeningQuery, purpose: str = "border-screening"
) -> tuple[str, list[Hit]]:
    """Screen one person, audited as ``screen.person`` (the fingerprint and counts, never the name)."""
    actor.require(Permission.SCREEN)
    check_purpose(purpose)
    started = time.perf_counter()
    fingerprint, hits = screener(node).screen(query)
    with node.db.write(wait_for_disk=False) as connection:
        node.audit(
            connection,
            actor,
            "screen.person",
            fingerprint,
            purpose=purpose,
            hits=sum(1 for hit in hits if hit.alerts),
            suppressed=sum(1 for hit in hits if not hit.alerts),
            records=[f"{hit.owner_node}/{hit.record_id}" for hit in hits[:20]],
            algorithm=node.settings.screening_algorithm,
            ms=round((time.perf_counter() - started) * 1000, 2),
        )
    return fingerprint, hits


def screen_people(
    node: Node, actor: Actor, queries: Sequence[ScreeningQuery], purpose: str = "border-screening"
) -> list[tuple[str, list[Hit]]]:
    """Screen many people, audited as one ``screen.batch`` entry (counts only)."""
    actor.require(Permission.SCREEN)
    check_purpose(purpose)
    results = screener(node).screen_many(queries)
    with node.db.write(wait_for_disk=False) as connection:
        node.audit(
            connection,
            actor,
            "screen.batch",
            None,
            purpose=purpose,
            queries=len(queries),
            alerted=sum(1 for _f, hits in results if any(hit.alerts for hit in hits)),
            algorithm=node.settings.screening_algorithm,
        )
    return results
