"""Figures on watch-list holdings: entries per list and per category, and the changes made in the period."""

from __future__ import annotations

from sqlalchemy import func, select

from perimeter.reports.queries import QueryContext, Row, query
from perimeter.services.watchlist_loading import WATCHLIST_KIND
from perimeter.store.tables.changes import holding_changes
from perimeter.store.tables.watchlist import watchlist_entries, watchlists

_OPS = (("add", "entries added"), ("change", "entries changed"), ("remove", "entries removed"))


@query("watchlists.holdings-by-list")
def holdings_by_list(context: QueryContext) -> list[Row]:
    """Entries held on each watch list when the report is made (holdings have no history to go back to)."""
    rows = context.connection.execute(
        select(watchlists.c.list_name, watchlists.c.entry_count).order_by(watchlists.c.list_name)
    ).all()
    return [(name, f"entries on {name}", int(count)) for name, count in rows]


@query("watchlists.holdings-by-category")
def holdings_by_category(context: QueryContext) -> list[Row]:
    """Watch-list entries held when the report is made, per category (terrorism, sanctions, ...)."""
    t = watchlist_entries.c
    rows = context.connection.execute(select(t.category, func.count()).group_by(t.category).order_by(t.category)).all()
    return [(category, f"{category} entries", int(count)) for category, count in rows]


@query("watchlists.changes")
def changes(context: QueryContext) -> list[Row]:
    """Watch-list entries added, changed and removed in the period (the holdings' change feed)."""
    t = holding_changes.c
    rows = context.connection.execute(
        select(t.op, func.count())
        .where(t.kind == WATCHLIST_KIND, t.at >= context.period.since, t.at < context.period.until)
        .group_by(t.op)
    ).all()
    counts = {op: int(count) for op, count in rows}
    return [(op, label, counts.get(op, 0)) for op, label in _OPS]
