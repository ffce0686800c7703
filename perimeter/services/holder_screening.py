"""The seam between the port-of-entry check and the screening engine: screen one document holder.

The port-of-entry check calls a :class:`HolderScreener`. :func:`engine_screener` is the node's screening engine
(``perimeter.services.screening``) seen through this seam; until that engine is installed it answers "not
performed", with the reason, and the port-of-entry answer says so instead of pretending the holder was screened.
A screener must not write its own audit entry: the port-of-entry check writes one entry for the whole check.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from perimeter.core.access import Actor
from perimeter.core.dates import PartialDate

if TYPE_CHECKING:
    from perimeter.services.node import Node

SCREENING_MODULE = "perimeter.services.screening"


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
    """Screen the holder with the node's screening engine, when the node has one."""
    if importlib.util.find_spec(SCREENING_MODULE) is None:
        return HolderScreening(
            performed=False,
            note="the holder was not screened against watch lists: this node has no screening engine yet",
        )
    return HolderScreening(  # pragma: no cover - replaced by the adapter when the engine lands
        performed=False,
        note=f"{SCREENING_MODULE} is installed but not yet connected to the port-of-entry check",
    )
