"""The registry of watch-list formats the loader understands (the parsers themselves land separately)."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from perimeter.formats.watchlist_source import ListContext, ParsedList


@dataclass(frozen=True)
class WatchlistFormat:
    name: str
    description: str
    files: tuple[str, ...]  # the files a directory holds for this format, in the order ``parse`` takes them
    parse: Callable[[Sequence[tuple[str, bytes]], ListContext], ParsedList]


WATCHLIST_FORMATS: dict[str, WatchlistFormat] = {}
