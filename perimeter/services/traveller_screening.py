"""Flight screening's use of the screening engine: screen every traveller of a flight at once.

:func:`screen_travellers` calls the node's engine (``screener(node).screen_many``: one state of the index for the
whole flight), which scores without writing: the manifest intake writes one audit entry for the whole flight.
Analysts' false-match decisions come back as suppressed hits, shown but not alerting. A traveller whose name has no
letters cannot be screened; they are reported as such, never silently passed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from perimeter.core.countries import is_known_code
from perimeter.core.dates import PartialDate
from perimeter.core.errors import InvalidInput
from perimeter.passengers.assessment import WatchlistHit
from perimeter.records.passenger import Traveller
from perimeter.screening.query import Hit, ScreeningQuery
from perimeter.services.node import Node
from perimeter.services.screening import screener


@dataclass(frozen=True)
class TravellersScreened:
    """Per traveller, the hits (``None`` for one that could not be screened, with the reason in ``notes``) and the
    fingerprint under which an analyst's false-match decision about them is remembered."""

    performed: bool
    hits: tuple[tuple[WatchlistHit, ...] | None, ...]
    notes: tuple[str | None, ...]
    fingerprints: tuple[str | None, ...] = ()
    note: str | None = None


def screen_travellers(node: Node, travellers: Sequence[Traveller]) -> TravellersScreened:
    queries: list[ScreeningQuery] = []
    positions: list[int] = []
    notes: list[str | None] = [None] * len(travellers)
    for index, traveller in enumerate(travellers):
        try:
            queries.append(screening_query(traveller))
            positions.append(index)
        except InvalidInput as error:
            notes[index] = f"not screened: {error.message}"
    results = screener(node).screen_many(queries) if queries else []
    hits: list[tuple[WatchlistHit, ...] | None] = [None] * len(travellers)
    fingerprints: list[str | None] = [None] * len(travellers)
    for index, (fingerprint, found) in zip(positions, results, strict=True):
        hits[index] = tuple(_hit(hit) for hit in found)
        fingerprints[index] = fingerprint
    return TravellersScreened(True, tuple(hits), tuple(notes), tuple(fingerprints))


def screening_query(traveller: Traveller) -> ScreeningQuery:
    """The query a traveller is screened with (its fingerprint keys the analysts' decisions about them)."""
    nationality = traveller.nationality if traveller.nationality and is_known_code(traveller.nationality) else None
    number = next((document.number for document in traveller.documents if document.number), None)
    return ScreeningQuery.create(
        traveller.full_name or traveller.surname or "",
        birth_date=PartialDate.from_date(traveller.birth_date) if traveller.birth_date else None,
        nationality=nationality,
        gender=traveller.gender.value if traveller.gender else None,
        document_number=number,
    )


def _hit(hit: Hit) -> WatchlistHit:
    return WatchlistHit(
        record_id=hit.record_id,
        list_name=hit.list_name,
        owner_node=hit.owner_node,
        category=hit.category,
        matched_name=hit.matched_name,
        score=float(hit.score),
        explanation=tuple(hit.explanation),
        handling=hit.handling,
        alerts=hit.alerts,
    )
