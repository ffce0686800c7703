"""``perimeter-v1``: aligned-token name similarity over every romanised form, adjusted by birth date,
nationality, gender and document number features.

The name score is the best alignment of any form of the query's name with any form of any of the entry's names
(:mod:`perimeter.screening.similarity`); each feature of :mod:`perimeter.screening.features` then adds or takes
away a fixed amount, and the total is clipped to 0..1.
"""

from __future__ import annotations

from functools import lru_cache

from perimeter.screening import features
from perimeter.screening.index import CandidateIndex, IndexedEntry, joined_pairs
from perimeter.screening.query import Feature, Hit, ScreeningQuery
from perimeter.screening.similarity import Alignment, best_alignment
from perimeter.screening.translit import NameForm, name_forms

CANDIDATE_FLOOR = 0.5  # a candidate must share tokens carrying half the query's weight
CANDIDATE_LIMIT = 40  # forms scored per query form


@lru_cache(maxsize=100_000)
def _forms(name: str) -> tuple[NameForm, ...]:
    return tuple(name_forms(name))


class PerimeterV1:
    name = "perimeter-v1"

    def __init__(self) -> None:
        self._token_cache: dict[tuple[str, str], float] = {}

    def index_entry(self, entry: IndexedEntry, index: CandidateIndex) -> None:
        index.add(entry, ((position, list(_forms(name))) for position, name in enumerate(entry.names)))

    def screen(self, index: CandidateIndex, query: ScreeningQuery, threshold: float) -> list[Hit]:
        best: dict[int, tuple[Alignment, int]] = {}
        reach = _largest_boost(query)
        floor = max(CANDIDATE_FLOOR, threshold - reach - 0.05)
        for qform in _forms(query.name):
            similar = {
                token: index.similar_tokens(token, qform.abjad) for token in (*qform.core, *joined_pairs(qform.core))
            }
            for _bound, form_id in index.candidates(qform.core, similar, floor, CANDIDATE_LIMIT, qform.abjad):
                form = index.form(form_id)
                if form is None:
                    continue
                alignment = best_alignment(qform.core, form.core, qform.abjad or form.abjad, self._token_cache)
                current = best.get(form.entry)
                if current is None or alignment.score > current[0].score:
                    best[form.entry] = (alignment, form.position)
        hits = []
        for entry_id, (alignment, position) in best.items():
            if alignment.score + reach < threshold:
                continue
            entry = index.entries[entry_id]
            score, found = self._score(query, entry, alignment, position)
            if score >= threshold:
                hits.append(self._hit(entry, position, score, found))
        hits.sort(key=lambda hit: (-hit.score, hit.record_id))
        return hits

    def compare(self, a: ScreeningQuery, b: ScreeningQuery) -> tuple[float, tuple[Feature, ...]]:
        entry = entry_from_query(b)
        alignment: Alignment | None = None
        for qform in _forms(a.name):
            for eform in _forms(b.name):
                candidate = best_alignment(qform.core, eform.core, qform.abjad or eform.abjad, self._token_cache)
                if alignment is None or candidate.score > alignment.score:
                    alignment = candidate
        if alignment is None:
            return 0.0, ()
        return self._score(a, entry, alignment, 0)

    def _score(
        self, query: ScreeningQuery, entry: IndexedEntry, alignment: Alignment, position: int
    ) -> tuple[float, tuple[Feature, ...]]:
        found = [features.name_similarity(alignment, query.name, entry.names[position])]
        for feature in (
            features.one_token_name(alignment),
            features.weak_alias(entry, position),
            features.not_a_person(entry),
        ):
            if feature is not None:
                found.append(feature)
        for detail in features.DETAIL_FEATURES:
            feature = detail(query, entry)
            if feature is not None:
                found.append(feature)
        score = min(1.0, max(0.0, sum(feature.contribution for feature in found)))
        return score, tuple(found)

    def _hit(self, entry: IndexedEntry, position: int, score: float, found: tuple[Feature, ...]) -> Hit:
        return Hit(
            record_id=entry.record_id,
            list_name=entry.list_name,
            owner_node=entry.owner_node,
            category=entry.category,
            matched_name=entry.names[position],
            score=score,
            explanation=tuple(feature.detail for feature in found),
            features=tuple((feature.name, feature.contribution, feature.detail) for feature in found),
            handling=entry.handling,
            algorithm=self.name,
            subject_type=entry.subject_type,
            entry_hash=entry.content_hash,
        )


def _largest_boost(query: ScreeningQuery) -> float:
    """The most the non-name features can add for this query (candidates too far below are not scored)."""
    boost = 0.0
    if query.document_number:
        boost += 0.25
    if query.birth_date:
        boost += 0.12
    if query.nationality:
        boost += 0.05
    return boost


def entry_from_query(query: ScreeningQuery) -> IndexedEntry:
    """A query seen as a listed person, for pairwise comparison."""
    date = query.birth_date
    return IndexedEntry(
        owner_node="",
        record_id="",
        list_name="",
        category="",
        subject_type="person",
        names=(query.name,),
        weak_names=(),
        birth_dates=((date.year, date.month, date.day),) if date else (),
        nationalities=(query.nationality,) if query.nationality else (),
        gender=query.gender,
        documents=(query.document_number,) if query.document_number else (),
        handling=None,
        content_hash="",
    )
