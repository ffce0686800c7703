"""``perimeter report ...``: the joint report, the signed statistics partners exchange, the disclosure report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from perimeter.cli.context import CliContext, pass_context
from perimeter.cli.output import emit, json_option
from perimeter.reports.model import Period
from perimeter.services import reports

_PATH = click.Path(dir_okay=False, path_type=Path)


def period_options(function: Any) -> Any:
    function = click.option("--to", "last", required=True, help="Last day of the period, YYYY-MM-DD (included).")(
        function
    )
    return click.option("--from", "first", required=True, help="First day of the period, YYYY-MM-DD.")(function)


@click.group("report")
def report_group() -> None:
    """Reports: the joint report under the Act, partner statistics, disclosures per agreement."""


@report_group.command("joint")
@period_options
@click.option("--out", required=True, type=_PATH, help="FILE.html or FILE.pdf (printed with headless chromium).")
@click.option(
    "--partner-statistics",
    "statistics_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A partner's signed statistics file (from `perimeter report statistics`); repeat for each partner.",
)
@click.option(
    "--partner-key",
    "key_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A partner's public key (PEM, its keys/node.pub) trusted to sign statistics; repeat for each partner.",
)
@click.option(
    "--partner",
    "partner_ids",
    multiple=True,
    help="A partner node to ask for its signed statistics over the federation (its agreement must cover the record"
    " kind `statistics` for the purpose `joint-report`); repeat for each partner.",
)
@json_option
@pass_context
def joint(
    context: CliContext,
    first: str,
    last: str,
    out: Path,
    statistics_files: tuple[Path, ...],
    key_files: tuple[Path, ...],
    partner_ids: tuple[str, ...],
    as_json: bool,
) -> None:
    """Write the joint report for a period, section by section in the Act's order."""
    period = Period.parse(first, last)
    result = reports.joint_report(context.node, context.actor, period, out, statistics_files, key_files, partner_ids)
    sections = result.report.sections
    emit(
        {
            "out": str(result.out),
            "period": str(period),
            "countries": [node.country for node in result.report.nodes],
            "sections": len(sections),
            "sections_with_data": sum(1 for section in sections if section.has_data),
        },
        as_json,
    )


@report_group.command("statistics")
@period_options
@click.option("--out", required=True, type=_PATH, help="Where to write the signed statistics (JSON).")
@json_option
@pass_context
def statistics_command(context: CliContext, first: str, last: str, out: Path, as_json: bool) -> None:
    """Write this node's figures for a period as signed statistics (counts only) for partners' joint reports."""
    document = reports.write_statistics(context.node, context.actor, Period.parse(first, last), out)
    figures = sum(len(block["figures"]) for section in document["sections"] for block in section["blocks"])
    emit({"out": str(out), "node_id": document["node_id"], "key_id": document["key_id"], "figures": figures}, as_json)


@report_group.command("disclosures")
@period_options
@json_option
@pass_context
def disclosures(context: CliContext, first: str, last: str, as_json: bool) -> None:
    """What went to which partner under which agreement and clause, and how often it was refused."""
    rows = reports.disclosure_report(context.node, context.actor, Period.parse(first, last))
    plain = [{**row.__dict__, "refusal_rate": f"{row.refusal_rate:.1%}"} for row in rows]
    columns = ["agreement", "partner", "clause", "kind", "disclosed", "refused", "refusal_rate"]
    if not plain and not as_json:
        click.echo("no disclosures or refusals recorded in the period")
        return
    emit(plain, as_json, columns)


def register(group: click.Group) -> None:
    group.add_command(report_group)
