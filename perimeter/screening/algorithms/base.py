"""What every matching algorithm offers: screening against an index, and scoring one pair of records."""

from __future__ import annotations

from typing import Protocol

from perimeter.screening.index import CandidateIndex, IndexedEntry
from perimeter.screening.query import Feature, Hit, ScreeningQuery


class Algorithm(Protocol):
    name: str

    def screen(self, index: CandidateIndex, query: ScreeningQuery, threshold: float) -> list[Hit]:
        """Hits scoring at least ``threshold``, best first."""
        ...

    def compare(self, a: ScreeningQuery, b: ScreeningQuery) -> tuple[float, tuple[Feature, ...]]:
        """The score of ``a`` against ``b`` taken as a listed person, with the features that made it."""
        ...

    def index_entry(self, entry: IndexedEntry, index: CandidateIndex) -> None:
        """Put an entry into the index with this algorithm's name forms."""
        ...
