"""Warnings about a message, each tied to the segment it is about, and condensed when one reason repeats."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from perimeter.formats.edifact import Segment

_REPEATS_SHOWN = 3  # a reason given for more segments than this is written once, listing the others
_NUMBERS_LISTED = 10


class WarningLog:
    """Collects ``(location, reason)`` warnings; :meth:`texts` writes them as ``"location: reason"``."""

    def __init__(self, initial: Iterable[str] = ()) -> None:
        self._entries: list[tuple[str | None, str, int | None]] = [(None, text, None) for text in initial]

    def add(self, location: str | None, reason: str, number: int | None = None) -> None:
        self._entries.append((location, reason, number))

    def about(self, segment: Segment, reason: str) -> None:
        self.add(segment.location, reason, segment.number)

    def texts(self) -> tuple[str, ...]:
        """The warnings in order; a reason repeated for many segments is written once, naming the others."""
        counts = Counter(reason for location, reason, _ in self._entries if location is not None)
        written: list[str] = []
        done: set[str] = set()
        for location, reason, _ in self._entries:
            if location is None:
                written.append(reason)
            elif counts[reason] <= _REPEATS_SHOWN:
                written.append(f"{location}: {reason}")
            elif reason not in done:
                done.add(reason)
                numbers = [n for loc, r, n in self._entries if r == reason and loc != location and n is not None]
                listed = ", ".join(str(number) for number in numbers[:_NUMBERS_LISTED])
                more = "" if len(numbers) <= _NUMBERS_LISTED else ", …"
                written.append(
                    f"{location}: {reason} (the same for {counts[reason] - 1} more: segments {listed}{more})"
                )
        return tuple(written)
