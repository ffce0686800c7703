"""What a report is made of: a period, figures that say where they come from, and blocks of figures.

A :class:`Figure` is one number with its unit and label, and the :class:`Source` that produced it: the name of a
registered query and the parameters it ran with. Running the source again (``queries.reproduce``) gives the same
number, which is what makes every figure of a report traceable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from perimeter.core.errors import InvalidInput


@dataclass(frozen=True)
class Period:
    """Whole UTC days from ``first`` to ``last``, both included (as the report's cover states them)."""

    first: date
    last: date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise InvalidInput(f"the period ends ({self.last}) before it begins ({self.first})")

    @classmethod
    def parse(cls, first: str, last: str) -> Period:
        return cls(_parse_day("--from", first), _parse_day("--to", last))

    @property
    def since(self) -> datetime:
        """The first instant of the period (UTC)."""
        return datetime.combine(self.first, time(0), tzinfo=UTC)

    @property
    def until(self) -> datetime:
        """The first instant after the period (UTC): the period is ``since <= t < until``."""
        return datetime.combine(self.last + timedelta(days=1), time(0), tzinfo=UTC)

    def months(self) -> list[str]:
        """The months the period touches, as ``YYYY-MM``."""
        found, year, month = [], self.first.year, self.first.month
        while (year, month) <= (self.last.year, self.last.month):
            found.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return found

    def as_params(self) -> dict[str, str]:
        return {"from": self.first.isoformat(), "to": self.last.isoformat()}

    def __str__(self) -> str:
        return f"{self.first.isoformat()} to {self.last.isoformat()}"


def _parse_day(option: str, value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(f"{option} {value!r} is not a date: write it as YYYY-MM-DD") from None


@dataclass(frozen=True)
class Source:
    """The query a figure comes from and the parameters it ran with (period included)."""

    query: str
    params: tuple[tuple[str, str], ...] = ()

    @property
    def param_dict(self) -> dict[str, str]:
        return dict(self.params)

    def __str__(self) -> str:
        arguments = ", ".join(f"{name}={value}" for name, value in self.params)
        return f"{self.query}({arguments})"


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: int | float
    unit: str
    source: Source

    @property
    def display(self) -> str:
        if isinstance(self.value, float) and not self.value.is_integer():
            return f"{self.value:,.1f}"
        return f"{int(self.value):,}"


@dataclass(frozen=True)
class Block:
    """The figures one query produced for one section, with how to show them."""

    key: str
    title: str
    figures: tuple[Figure, ...]
    chart: str | None = None  # "bar" for a breakdown a reader would rather see than read
    note: str | None = None

    @property
    def has_data(self) -> bool:
        return any(figure.value for figure in self.figures)


@dataclass(frozen=True)
class SectionFigures:
    key: str
    blocks: tuple[Block, ...] = ()

    @property
    def has_data(self) -> bool:
        return any(block.has_data for block in self.blocks)


@dataclass(frozen=True)
class NodeFigures:
    """One node's figures for a period: the local node's own, or a partner's from a verified statistics document."""

    node_id: str
    country: str
    name: str
    period: Period
    sections: tuple[SectionFigures, ...]
    provenance: str = "computed on this node"
    extra: dict[str, str] = field(default_factory=dict)

    def section(self, key: str) -> SectionFigures | None:
        return next((section for section in self.sections if section.key == key), None)
