"""Figures counted from the audit log: screenings and hits, disclosures and refusals, and the chain's own state."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from perimeter.reports import actions
from perimeter.reports.chain import verify_period
from perimeter.reports.disclosures import sharing_events
from perimeter.reports.queries import QueryContext, Row, query
from perimeter.reports.queries._audit import count_entries, in_period
from perimeter.store.tables.audit import audit_log


@query("audit.screenings")
def screenings(context: QueryContext) -> list[Row]:
    """People screened against watch lists in the period, the screenings with hits, and the hits (audit log)."""
    totals = [0, 0, 0]
    query_ = select(audit_log.c.action, audit_log.c.details).where(
        *in_period(context, audit_log, actions.SCREENING_ACTIONS)
    )
    for action, details in context.connection.execute(query_):
        for index, count in enumerate(actions.screening_counts(action, details)):
            totals[index] += count
    return [
        ("screenings", "people screened against watch lists", totals[0]),
        ("screenings-with-hits", "screenings with at least one hit", totals[1]),
        ("hits", "hits (candidate matches at or above the alert threshold)", totals[2]),
    ]


def _sharing(context: QueryContext, refused: bool, label: str) -> list[Row]:
    counts = Counter(
        (event.partner, event.clause)
        for event in sharing_events(context.connection, context.period)
        if event.refused is refused
    )
    rows = sorted(counts.items())
    return [(f"{partner}/{clause}", _label(label, partner, clause), n) for (partner, clause), n in rows]


def _label(label: str, partner: str, clause: str) -> str:
    if clause == actions.NOTHING_RELEASED:
        return f"answered {partner}, no record released"
    return label.format(partner=partner, clause=clause)


@query("audit.disclosures")
def disclosures(context: QueryContext) -> list[Row]:
    """Disclosures to partners in the period, per partner and the agreement clause that released them (audit log)."""
    return _sharing(context, False, "disclosed to {partner} under {clause}")


@query("audit.refusals")
def refusals(context: QueryContext) -> list[Row]:
    """Partners' requests refused in the period, per partner and the reason's code (audit log)."""
    return _sharing(context, True, "refused to {partner}: {clause}")


@query("audit.partner-queries")
def partner_queries(context: QueryContext) -> list[Row]:
    """Questions this node asked partners in the period (screenings, document checks), per partner, and their hits."""
    asked: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    query_ = select(audit_log.c.target, audit_log.c.details).where(
        *in_period(context, audit_log, (actions.PARTNER_QUERY,))
    )
    for target, details in context.connection.execute(query_):
        partner = str(target or "-")
        asked[partner] += 1
        hits[partner] += 1 if details.get("hit") else 0
    rows: list[Row] = []
    for partner in sorted(asked):
        rows += [
            (f"{partner}/asked", f"questions asked of {partner}", asked[partner]),
            (f"{partner}/hits", f"answers from {partner} with a hit", hits[partner]),
        ]
    return rows


@query("audit.chain")
def chain_status(context: QueryContext) -> list[Row]:
    """Audit entries recorded in the period, and the verification of the period's run of the chain."""
    recorded = count_entries(context, None)
    result = verify_period(context.connection, context.period.since, context.period.until)
    verified, broken = result.entries, 0 if result.ok else 1
    return [
        ("entries-in-period", "audit entries recorded in the period", recorded),
        ("entries-verified", "entries of the period's run of the chain verified (hash and link)", verified),
        ("broken-links", "entries failing verification (0: the period's chain is intact)", broken),
    ]


@query("audit.pnr-unmasking")
def pnr_unmasking(context: QueryContext) -> list[Row]:
    """PNR records unmasked for a user in the period (after the masking date)."""
    return [("unmasked", "PNR unmasking events", count_entries(context, actions.PNR_UNMASK_ACTIONS))]


@query("audit.exports")
def exports(context: QueryContext) -> list[Row]:
    """Audit exports and reports made in the period (oversight's own trail)."""
    return [
        ("audit-exports", "audit exports", count_entries(context, (actions.AUDIT_EXPORT,))),
        ("reports", "reports and statistics produced", count_entries(context, actions.REPORT_ACTIONS)),
    ]
