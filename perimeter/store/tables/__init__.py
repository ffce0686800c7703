"""The schema, one module per area; importing this package registers every table on ``metadata``."""

from perimeter.store.tables import (  # noqa: F401  (registration)
    audit,
    cases,
    changes,
    documents,
    federation,
    identity,
    passengers,
    reviews,
    screening,
    sessions,
    users,
    watchlist,
)
from perimeter.store.tables.base import metadata

__all__ = ["metadata"]
