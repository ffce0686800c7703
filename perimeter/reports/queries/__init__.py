"""The named queries every figure of a report comes from, and the registry that makes them reproducible.

A query is a function ``(context, **params) -> [(key, label, value), ...]`` registered under a dotted name with
the unit of its values. :func:`run` turns its rows into :class:`~perimeter.reports.model.Figure` objects whose
``source`` names the query and its parameters (the period included); :func:`reproduce` runs a source again.
The queries only read: a report never changes the node's holdings.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sqlalchemy import Connection

from perimeter.core.errors import InvalidInput, NotFound
from perimeter.reports.model import Figure, Period, Source

Row = tuple[str, str, int | float]


@dataclass(frozen=True)
class QueryContext:
    connection: Connection
    period: Period
    node_id: str


QueryFunction = Callable[..., list[Row]]


@dataclass(frozen=True)
class RegisteredQuery:
    name: str
    unit: str
    function: QueryFunction
    description: str


QUERIES: dict[str, RegisteredQuery] = {}


def query(name: str, unit: str = "count") -> Callable[[QueryFunction], QueryFunction]:
    """Register a query under ``name``; its docstring's first line describes it in the report's appendix."""

    def register(function: QueryFunction) -> QueryFunction:
        if name in QUERIES:
            raise ValueError(f"query {name!r} is registered twice")
        description = (function.__doc__ or name).strip().splitlines()[0]
        QUERIES[name] = RegisteredQuery(name, unit, function, description)
        return function

    return register


def run(context: QueryContext, name: str, params: Mapping[str, str] | None = None) -> list[Figure]:
    registered = QUERIES.get(name)
    if registered is None:
        raise NotFound(f"no report query named {name!r}; known: {', '.join(sorted(QUERIES))}")
    given = dict(params or {})
    source = Source(name, tuple({**context.period.as_params(), **given}.items()))
    rows = registered.function(context, **given)
    return [Figure(key, label, value, registered.unit, source) for key, label, value in rows]


def reproduce(connection: Connection, node_id: str, source: Source, key: str) -> Figure:
    """Run a figure's source again and return the figure of the same key (for checks and for auditors)."""
    params = source.param_dict
    try:
        period = Period.parse(params.pop("from"), params.pop("to"))
    except KeyError:
        raise InvalidInput(f"source {source} names no period") from None
    figures = run(QueryContext(connection, period, node_id), source.query, params)
    found = next((figure for figure in figures if figure.key == key), None)
    if found is None:
        raise NotFound(f"{source} gives no figure {key!r}")
    return found


def _load() -> None:
    # The modules register their queries on import.
    from perimeter.reports.queries import audit_figures, cases, documents, passengers, watchlists  # noqa: F401


_load()
