"""The seam between the port-of-entry check and the screening engine: screen one document holder.

The port-of-entry check calls a :class:`HolderScreener`. :func:`engine_screener` is the node's screening engine
(``perimeter.services.screening``) seen through this seam, looked up when called; on a node without that engine it
answers "not performed", with the reason, and the port-of-entry answer says so instead of pretending the holder
was screened.
A screener must not write its own audit entry: the port-of-entry check writes one entry for the whole check.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from perimeter.core.access import Actor
from perimeter.core.countries import is_known_code
from perimeter.core.dates import PartialDate

if TYPE_CHECKING:
    from perimeter.services.node import Node

SCREENING_MODULE = "perimeter.services.screening"
QUERY_MODULE = "perimeter.screening.query"


@dataclass(frozen=True)
class HolderQuery:
    """The person the document names, as the zone (and the officer) gives them."""

    surname: str
    given_names: str
    birth_date: PartialDate | None = None
    nationality: str | None = None
    sex: str | None = None
    document_country: str | None = None
    document_number: str | None = None

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.given_names, self.surname) if part)


@dataclass(frozen=True)
class ScreeningHit:
    """A watch-list entry the holder may be: who owns it, how close, why, and what the owner asks on a hit."""

    record_id: str
    owner_node: str
    name: str
    score: float
    explanation: str
    handling: str | None = None


@dataclass(frozen=True)
class HolderScreening:
    performed: bool
    hits: tuple[ScreeningHit, ...] = ()
    note: str | None = None
    algorithm: str | None = None
    details: dict[str, object] = field(default_factory=dict)


class HolderScreener(Protocol):
    def __call__(self, node: Node, actor: Actor, holder: HolderQuery) -> HolderScreening: ...


def not_performed(reason: str) -> HolderScreener:
    """A screener that screens nobody and says why (a node without the engine, a test without watch lists)."""

    def screener(node: Node, actor: Actor, holder: HolderQuery) -> HolderScreening:
        return HolderScreening(performed=False, note=reason)

    return screener


def engine_screener(node: Node, actor: Actor, holder: HolderQuery) -> HolderScreening:
    """Screen the holder with the node's screening engine, when the node has one.

    The engine is reached through its public service (``screener(node).screen(query)``), which scores without
    writing: the port-of-entry check writes the one audit entry. A hit an analyst marked as a false match for this
    holder (same data, same version of the entry) does not refer the holder; it is named in ``details``.
    """
    try:
        engine = importlib.import_module(SCREENING_MODULE)
        queries = importlib.import_module(QUERY_MODULE)
    except ModuleNotFoundError:
        return HolderScreening(
            performed=False,
            note="the holder was not screened against watch lists: this node has no screening engine yet",
        )
    nationality = holder.nationality if holder.nationality and is_known_code(holder.nationality) else None
    query = queries.ScreeningQuery.create(
        holder.full_name,
        birth_date=holder.birth_date,
        nationality=nationality,
        gender=holder.sex,
        document_number=holder.document_number,
    )
    fingerprint, hits = engine.screener(node).screen(query)
    suppressed = [hit.record_id for hit in hits if not hit.alerts]
    return HolderScreening(
        performed=True,
        hits=tuple(
            ScreeningHit(
                record_id=hit.record_id,
                owner_node=hit.owner_node,
                name=hit.matched_name,
                score=float(hit.score),
                explanation="; ".join(hit.explanation),
                handling=hit.handling,
            )
            for hit in hits
            if hit.alerts
        ),
        algorithm=node.settings.screening_algorithm,
        details={"fingerprint": fingerprint, **({"suppressed_by_decision": suppressed} if suppressed else {})},
    )
