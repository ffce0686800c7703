"""Figures on advance passenger data: manifests received per carrier with their data quality, the travellers they
carried and how screening disposed of them, and the targeting rules that fired."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row as SqlRow
from sqlalchemy import func, select

from perimeter.reports.queries import QueryContext, Row, query
from perimeter.store import manifests as manifest_store
from perimeter.store.tables.passengers import manifest_travellers, manifests, rule_hits, targeting_rules


def _per_carrier(context: QueryContext) -> list[SqlRow[Any]]:
    return list(manifest_store.carrier_quality(context.connection, context.period.since, context.period.until))


@query("manifests.per-carrier")
def per_carrier(context: QueryContext) -> list[Row]:
    """Flight manifests (PAXLST, PNRGOV) received in the period, per carrier."""
    return [(row.carrier, f"manifests from {row.carrier}", int(row.manifests)) for row in _per_carrier(context)]


@query("manifests.quality")
def quality(context: QueryContext) -> list[Row]:
    """Data quality of the manifests received in the period, per carrier: late, miscounted, incomplete travellers."""
    rows: list[Row] = []
    for row in _per_carrier(context):
        rows += [
            (f"{row.carrier}/late", f"{row.carrier}: manifests received late", int(row.late or 0)),
            (
                f"{row.carrier}/count-mismatch",
                f"{row.carrier}: manifests whose counts disagree with the travellers sent",
                int(row.count_mismatches or 0),
            ),
            (
                f"{row.carrier}/incomplete",
                f"{row.carrier}: travellers lacking a document, birth date or nationality",
                int(row.incomplete_travellers or 0),
            ),
        ]
    return rows


@query("manifests.travellers")
def travellers(context: QueryContext) -> list[Row]:
    """Travellers on the manifests received in the period, and those screening referred or sent for review."""
    rows = _per_carrier(context)
    return [
        ("travellers", "travellers on manifests received", sum(int(row.travellers or 0) for row in rows)),
        ("referred", "travellers referred", sum(int(row.referred or 0) for row in rows)),
        ("reviewed", "travellers sent for review", sum(int(row.reviewed or 0) for row in rows)),
    ]


@query("rules.hits")
def rule_hit_counts(context: QueryContext) -> list[Row]:
    """Targeting-rule hits on travellers of the manifests received in the period, per rule version."""
    h, t, m, r = rule_hits.c, manifest_travellers.c, manifests.c, targeting_rules.c
    found = context.connection.execute(
        select(h.rule_id, h.rule_version, r.name, func.count())
        .select_from(
            rule_hits.join(manifest_travellers, t.traveller_id == h.traveller_id)
            .join(manifests, m.manifest_id == t.manifest_id)
            .outerjoin(targeting_rules, (r.rule_id == h.rule_id) & (r.version == h.rule_version))
        )
        .where(m.received_at >= context.period.since, m.received_at < context.period.until)
        .group_by(h.rule_id, h.rule_version, r.name)
        .order_by(h.rule_id, h.rule_version)
    ).all()
    return [
        (f"{rule_id}/v{version}", f"rule {rule_id} v{version} ({name or 'unnamed'})", int(count))
        for rule_id, version, name, count in found
    ]
