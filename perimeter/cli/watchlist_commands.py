"""``perimeter watchlist ...``: load and fetch editions, browse lists and entries."""

from __future__ import annotations

from pathlib import Path

import click

from perimeter.cli.context import CliContext, pass_context
from perimeter.cli.output import emit, json_option, progress_bar
from perimeter.services import watchlist_entries as entries
from perimeter.services import watchlist_sources as sources
from perimeter.services.watchlist_loading import LoadReport

FORMATS = ["ofac-sdn", "ofac-nonsdn", "un-consolidated", "jsonl", "csv"]


@click.group("watchlist")
def watchlist_group() -> None:
    """Watch lists: official sanctions lists and the agency's own lists."""


def _report(report: LoadReport, as_json: bool) -> None:
    if as_json:
        emit(report.summary(), True)
        return
    if not report.changed_anything:
        click.echo(f"{report.list_name}: no changes ({report.unchanged} entries already current)")
    else:
        click.echo(
            f"{report.list_name}: edition {report.edition_id}: {len(report.added)} added,"
            f" {len(report.changed)} changed, {len(report.removed)} removed, {report.unchanged} unchanged"
        )
        for label, ids in (("added", report.added), ("changed", report.changed), ("removed", report.removed)):
            if ids and len(ids) <= 20:
                click.echo(f"  {label}: {', '.join(ids)}")
            elif ids:
                click.echo(f"  {label}: {', '.join(ids[:20])}, ... ({len(ids) - 20} more; --json for all)")
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)


@watchlist_group.command("load")
@click.option("--format", "format_name", required=True, type=click.Choice(FORMATS))
@click.option("--list", "list_name", required=True, help="Name of the list on this node, e.g. ofac-sdn or us-tsc.")
@click.option("--description", default="")
@click.argument("path", type=click.Path(path_type=Path))
@json_option
@pass_context
def load(context: CliContext, format_name: str, list_name: str, description: str, path: Path, as_json: bool) -> None:
    """Load an edition from PATH (a file, or the directory holding the format's files), applied as a delta."""
    with progress_bar() as progress:
        report = sources.load_file(
            context.node, context.actor, list_name, format_name, path, description=description, progress=progress
        )
    _report(report, as_json)


@watchlist_group.command("fetch")
@click.argument("format_name", metavar="LIST", type=click.Choice(list(sources.FETCHABLE)))
@click.option("--list", "list_name", default=None, help="Name of the list on this node (default: the format name).")
@json_option
@pass_context
def fetch(context: CliContext, format_name: str, list_name: str | None, as_json: bool) -> None:
    """Download the publisher's current edition and load it."""
    with progress_bar() as progress:
        report = sources.fetch(context.node, context.actor, format_name, list_name, progress=progress)
    _report(report, as_json)


@watchlist_group.command("lists")
@json_option
@pass_context
def lists(context: CliContext, as_json: bool) -> None:
    """The lists this node holds."""
    rows = entries.lists(context.node, context.actor)
    emit(rows, as_json, ["list_name", "source_format", "entry_count", "current_edition", "updated_at"])


@watchlist_group.command("editions")
@click.argument("list_name")
@json_option
@pass_context
def editions(context: CliContext, list_name: str, as_json: bool) -> None:
    """The editions loaded for a list, newest first."""
    _summary, rows = entries.get_list(context.node, context.actor, list_name)
    emit(rows, as_json, ["edition_id", "loaded_at", "loaded_by", "added", "changed", "removed", "unchanged", "source"])


@watchlist_group.command("search")
@click.argument("text")
@click.option("--list", "list_name", default=None)
@click.option("--limit", default=20, show_default=True)
@json_option
@pass_context
def search(context: CliContext, text: str, list_name: str | None, limit: int, as_json: bool) -> None:
    """Entries with a name or alias containing TEXT (a plain lookup; screening is `perimeter screen`)."""
    rows = entries.page(context.node, context.actor, list_name=list_name, search=text, limit=limit)
    emit(rows, as_json, ["record_id", "list_name", "primary_name", "category", "subject_type"])


@watchlist_group.command("show")
@click.argument("record_id")
@pass_context
def show(context: CliContext, record_id: str) -> None:
    """One entry, whole, as JSON."""
    emit(entries.get_entry(context.node, context.actor, record_id), True)


def register(group: click.Group) -> None:
    group.add_command(watchlist_group)
