"""Birth dates given as a range (``DOB 1955 to 1957``, UN ``BETWEEN``), turned into the dates screening compares."""

from __future__ import annotations

from perimeter.core.dates import PartialDate
from perimeter.records.watchlist import BirthDate

#: Month abbreviations as the lists write them (``Jan``, ``Sep.``, ``September``: the first three letters count).
MONTHS = {
    abbreviation: number
    for number, abbreviation in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}

#: A range longer than this is not expanded year by year: only its two ends are kept.
MAX_RANGE_YEARS = 20


def birth_dates_between(start: PartialDate, end: PartialDate) -> list[BirthDate] | None:
    """The birth dates a range stands for; ``None`` when it spans more than :data:`MAX_RANGE_YEARS` years.

    A range inside one month (``01 Feb 1960 to 29 Feb 1960``) is that month, and a range inside one year is that
    year, both exact; a range over several years becomes each of its years, marked approximate.
    """
    if end < start:
        start, end = end, start
    if start.year == end.year:
        if start.month is not None and start.month == end.month:
            return [BirthDate(date=PartialDate(start.year, start.month))]
        return [BirthDate(date=PartialDate(start.year))]
    if end.year - start.year + 1 > MAX_RANGE_YEARS:
        return None
    return [BirthDate(date=PartialDate(year), approximate=True) for year in range(start.year, end.year + 1)]
