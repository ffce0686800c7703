"""Use cases of the reports: the joint report (HTML or PDF), the signed statistics a partner's report takes in, and
the disclosure report for oversight. Each reads in one snapshot and records one audit entry."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from perimeter.audit.signing import key_id, load_public_key
from perimeter.core.access import Actor, Permission
from perimeter.core.errors import InvalidInput
from perimeter.federation.client import PartnerClient
from perimeter.federation.identity import load_private_key
from perimeter.reports import build, statistics
from perimeter.reports.build import JointReport
from perimeter.reports.disclosures import DisclosureRow, disclosure_rows
from perimeter.reports.model import NodeFigures, Period
from perimeter.reports.pdf import print_pdf
from perimeter.reports.render import render_html
from perimeter.services import statistics_exchange
from perimeter.services.node import Node
from perimeter.store.tables.base import utc_now

FORMATS = (".html", ".pdf")


def local_figures(node: Node, period: Period) -> NodeFigures:
    identity = node.identity
    with node.db.read() as connection:
        return build.node_figures(connection, identity.node_id, identity.country, identity.name, period)


def read_partner_statistics(
    node: Node, period: Period, statistics_files: Sequence[Path], key_files: Sequence[Path]
) -> list[NodeFigures]:
    """Partners' figures from their signed statistics files, each verified against the partner keys given."""
    trusted = {}
    for path in key_files:
        key = load_public_key(_read(path, "partner key").encode(), str(path))
        trusted[key_id(key)] = key
    partners: list[NodeFigures] = []
    for path in statistics_files:
        figures = statistics.read(_read(path, "statistics file"), str(path), trusted, period)
        if figures.node_id == node.node_id or any(p.node_id == figures.node_id for p in partners):
            raise InvalidInput(f"{path}: node {figures.node_id} already contributes to this report")
        partners.append(figures)
    return partners


@dataclass(frozen=True)
class ReportResult:
    out: Path
    report: JointReport


def joint_report(
    node: Node,
    actor: Actor,
    period: Period,
    out: Path,
    statistics_files: Sequence[Path] = (),
    key_files: Sequence[Path] = (),
    partner_ids: Sequence[str] = (),
    client: PartnerClient | None = None,
) -> ReportResult:
    """Write the report for the period as HTML or PDF (by ``out``'s suffix), with partners' signed figures: from
    files, and asked of ``partner_ids`` over the federation (through ``client``, or a new one)."""
    actor.require(Permission.REPORTS_READ)
    if out.suffix.lower() not in FORMATS:
        raise InvalidInput(f"--out {out}: the report is written as .html or .pdf, not {out.suffix or 'no suffix'}")
    partners = read_partner_statistics(node, period, statistics_files, key_files)
    if partner_ids:
        partners += statistics_exchange.fetch(node, actor, period, partner_ids, client)
    seen = [node.node_id, *(figures.node_id for figures in partners)]
    if len(set(seen)) != len(seen):
        raise InvalidInput(f"a node contributes twice to this report: {', '.join(seen)}")
    report = build.joint([local_figures(node, period), *partners])
    html = render_html(report, utc_now())
    if out.suffix.lower() == ".pdf":
        print_pdf(html, out, node.settings.report_browser)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(html, encoding="utf-8")
    with node.db.write() as connection:
        node.audit(
            connection,
            actor,
            "report.joint",
            out.name,
            **period.as_params(),
            format=out.suffix.lower().lstrip("."),
            partners=[figures.node_id for figures in partners],
        )
    return ReportResult(out, report)


def write_statistics(node: Node, actor: Actor, period: Period, out: Path) -> dict[str, Any]:
    """Write this node's signed statistics for the period (counts only), for partners' joint reports."""
    actor.require(Permission.REPORTS_READ)
    identity = node.identity
    with node.db.read() as connection:
        figures = build.statistics_figures(connection, identity.node_id, identity.country, identity.name, period)
    document = statistics.document(figures, load_private_key(node.home), utc_now().isoformat())
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    with node.db.write() as connection:
        node.audit(connection, actor, "report.statistics", out.name, **period.as_params(), key_id=document["key_id"])
    return document


def disclosure_report(node: Node, actor: Actor, period: Period) -> list[DisclosureRow]:
    actor.require(Permission.AUDIT_READ)
    with node.db.write() as connection:
        rows = disclosure_rows(connection, period)
        node.audit(connection, actor, "report.disclosures", None, **period.as_params(), rows=len(rows))
    return rows


def _read(path: Path, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise InvalidInput(f"cannot read the {what} {path}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise InvalidInput(f"the {what} {path} is not UTF-8 text") from None
