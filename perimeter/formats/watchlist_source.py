"""What every watch-list parser receives and returns."""

from __future__ import annotations

from dataclasses import dataclass, field

from perimeter.records.common import Sensitivity
from perimeter.records.watchlist import WatchlistEntry


@dataclass(frozen=True)
class ListContext:
    """Facts about the list being read that the file itself does not carry."""

    list_name: str
    owner_node: str
    sensitivity: Sensitivity = Sensitivity.CLEAR


@dataclass
class ParsedList:
    """A whole edition read without error. ``warnings`` say what was read loosely (an unresolved country name...)."""

    entries: list[WatchlistEntry]
    warnings: list[str] = field(default_factory=list)
    published: str | None = None  # the publisher's own edition date or stamp, when the file has one
