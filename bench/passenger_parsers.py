"""How fast the PAXLST and PNRGOV parsers read the real messages: messages and travellers a second, one core.

Run: ``.venv/bin/python bench/passenger_parsers.py`` (needs ``../shared/data``). Times are CPU time of this process
(steadier than wall time on a shared machine): the best and the median of the rounds run in about a second.
Results are written down in ``bench/passenger_parsers.md``.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from perimeter.formats.edifact import read_interchange
from perimeter.formats.paxlst import parse_paxlst
from perimeter.formats.pnrgov import parse_pnrgov

ROOT = Path(__file__).resolve().parents[1]
CASES = [
    ("paxlst", "gtas-loader__apis-messages__Test3.txt"),
    ("paxlst", "gtas-loader__apis-messages__multiple_flight_leg_apis.txt"),
    ("pnrgov", "gtas-loader__pnr-messages__2_pnrs_basic.edi"),
    ("pnrgov", "gtas-parsers__pnr-messages__bigbigPnr.txt"),
    ("pnrgov", "gtas-parsers__pnr-messages__pnrWithBags.txt"),
]


def _times(run: Callable[[], object], seconds: float = 1.0) -> tuple[float, float]:
    """(best, median) CPU seconds of one call, over rounds lasting about ``seconds`` in all."""
    run()
    rounds: list[float] = []
    deadline = time.process_time() + seconds
    while time.process_time() < deadline or len(rounds) < 3:
        start = time.process_time()
        run()
        rounds.append(time.process_time() - start)
    return min(rounds), statistics.median(rounds)


def _shared_data() -> Path:
    for candidate in (ROOT.parent / "shared" / "data", Path("/work/shared/data")):
        if candidate.is_dir():
            return candidate
    sys.exit("shared/data not found beside the checkout")


def main() -> None:
    data_dir = _shared_data()
    columns = ("file", "segments", "travellers", "tokenize ms", "parse ms (best/median)", "msg/s", "trav/s")
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for kind, name in CASES:
        data = (data_dir / "messages" / kind / name).read_bytes()
        segments = len(read_interchange(data, name).segments)
        parse: Callable[[], object]
        if kind == "paxlst":
            travellers = len(parse_paxlst(data, name).travellers)
            parse = lambda data=data, name=name: parse_paxlst(data, name)  # noqa: E731
        else:
            travellers = sum(len(pnr.travellers) for pnr in parse_pnrgov(data, name).pnrs)
            parse = lambda data=data, name=name: parse_pnrgov(data, name)  # noqa: E731
        best, median = _times(parse)
        tokenize, _ = _times(lambda data=data, name=name: read_interchange(data, name))
        print(
            f"| {name} | {segments:,} | {travellers} | {tokenize * 1000:.1f} | {best * 1000:.1f} / {median * 1000:.1f}"
            f" | {1 / best:,.0f} | {travellers / best:,.0f} |"
        )


if __name__ == "__main__":
    main()
