"""How long the watch-list parsers take on the real lists (not a test: run it, then write the numbers down).

    .venv/bin/python bench/parse_watchlists.py [path/to/shared/data]

Prints, for each official list, the best and median of several runs of its parser (bytes already in memory), and
the time for OFAC SDN and the UN list together, which is what a node spends parsing its two main lists.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from perimeter.formats.watchlist_formats import WATCHLIST_FORMATS
from perimeter.formats.watchlist_source import ListContext

RUNS = 7


def _parts(lists: Path, format_name: str, folder: str) -> list[tuple[str, bytes]]:
    fmt = WATCHLIST_FORMATS[format_name]
    path = lists / folder
    if not fmt.files:
        return [(path.name, path.read_bytes())]
    return [(name, (path / name).read_bytes()) for name in fmt.files + fmt.optional_files]


def _timed(action: Callable[[], object]) -> list[float]:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1].parent / "shared" / "data"
    lists = data / "lists"
    context = ListContext("bench", "bench")
    sources = {
        "ofac-sdn": _parts(lists, "ofac-sdn", "ofac-sdn"),
        "ofac-nonsdn": _parts(lists, "ofac-nonsdn", "ofac-consolidated-nonsdn"),
        "un-consolidated": _parts(lists, "un-consolidated", "un-consolidated/UN_consolidated.xml"),
    }
    for name, parts in sources.items():
        entries = len(WATCHLIST_FORMATS[name].parse(parts, context).entries)
        times = _timed(partial(WATCHLIST_FORMATS[name].parse, parts, context))
        print(f"{name:16} {entries:6} entries  best {min(times):.3f} s  median {statistics.median(times):.3f} s")

    def both() -> None:
        WATCHLIST_FORMATS["ofac-sdn"].parse(sources["ofac-sdn"], context)
        WATCHLIST_FORMATS["un-consolidated"].parse(sources["un-consolidated"], context)

    times = _timed(both)
    print(f"{'sdn + un':16} {'':6}          best {min(times):.3f} s  median {statistics.median(times):.3f} s")


if __name__ == "__main__":
    main()
