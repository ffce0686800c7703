"""The schema, one module per area; importing this package registers every table on ``metadata``."""

from perimeter.store.tables import audit, changes, identity, sessions, users, watchlist  # noqa: F401  (registration)
from perimeter.store.tables.base import metadata

__all__ = ["metadata"]
