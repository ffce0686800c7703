"""Figures counted from the audit log: screenings and hits, disclosures and refusals, and the chain's own state."""

from __future__ import annotations

from sqlalchemy import func, select

from perimeter.audit.chain import verify
from perimeter.reports import actions
from perimeter.reports.queries import QueryContext, Row, query
from perimeter.reports.queries._audit import count_entries, details_field, in_period
from perimeter.store import audit_log as log
from perimeter.store.tables.audit import audit_log


@query("audit.screenings")
def screenings(context: QueryContext) -> list[Row]:
    """People screened against watch lists in the period, the screenings with hits, and the hits."""
    screened = with_hits = hits = 0
    query_ = select(audit_log.c.details).where(*in_period(context, audit_log, actions.SCREENING_ACTIONS))
    for (details,) in context.connection.execute(query_):
        if not details.get("screened", True):
            continue
        screened += 1
        found = details.get("hits") or []
        count = len(found) if isinstance(found, list) else int(found)
        hits += count
        with_hits += 1 if count else 0
    return [
        ("screenings", "people screened against watch lists", screened),
        ("screenings-with-hits", "screenings with at least one hit", with_hits),
        ("hits", "hits (candidate matches at or above the alert threshold)", hits),
    ]


def _per_partner_and_clause(context: QueryContext, names: tuple[str, ...], verb: str) -> list[Row]:
    partner = details_field(audit_log, "partner").as_string()
    clause = details_field(audit_log, "clause").as_string()
    rows = context.connection.execute(
        select(partner, clause, func.count())
        .where(*in_period(context, audit_log, names))
        .group_by(partner, clause)
        .order_by(partner, clause)
    ).all()
    return [
        (f"{who or '-'}/{why or '-'}", f"{verb} {who or 'an unnamed partner'} under {why or 'no clause'}", int(n))
        for who, why, n in rows
    ]


@query("audit.disclosures")
def disclosures(context: QueryContext) -> list[Row]:
    """Disclosures to partners in the period, per partner and agreement clause (from the audit log)."""
    return _per_partner_and_clause(context, actions.DISCLOSURE_ACTIONS, "disclosed to")


@query("audit.refusals")
def refusals(context: QueryContext) -> list[Row]:
    """Requests from partners refused in the period, per partner and the clause (or rule) that refused them."""
    return _per_partner_and_clause(context, actions.REFUSAL_ACTIONS, "refused to")


@query("audit.chain")
def chain_status(context: QueryContext) -> list[Row]:
    """Audit entries recorded in the period, and the verification of the whole chain when the report is made."""
    recorded = count_entries(context, None)
    result = verify(log.entries(context.connection))
    return [
        ("entries-in-period", "audit entries recorded in the period", recorded),
        ("entries-verified", "audit entries verified, from the first to the last", result.entries),
        ("broken-links", "entries failing verification (0: the chain is intact)", 0 if result.ok else 1),
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
