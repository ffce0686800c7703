"""``perimeter document ...``: the document status registry, fraud incidents and their trends."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from perimeter.cli import zone_commands
from perimeter.cli.context import CliContext, pass_context
from perimeter.cli.output import emit, json_option, print_json
from perimeter.records.documents import DocumentStatusRecord
from perimeter.services import document_checks, document_incidents, document_loading, document_registry

NOT_AN_MRZ = 2  # exit status of ``read`` and ``poe-check`` when the input is not a machine-readable zone


@click.group("document")
def document_group() -> None:
    """Travel documents: read MRZs, check and keep lost/stolen/revoked records, record fraud incidents."""


def _document_options(function: Any) -> Any:
    function = click.option("--number", required=True, help="Document number (spaces, dashes, O/0 forgiven).")(function)
    function = click.option(
        "--type",
        "document_type",
        default="passport",
        show_default=True,
        help="passport, id-card, visa, residence-permit, travel-document, other, or P/I/A/C/V.",
    )(function)
    return click.option("--country", required=True, help="Issuing country (ISO 3166-1 alpha-3 or ICAO code).")(function)


def _record_options(function: Any) -> Any:
    for name, help_text in reversed(
        [
            ("--status", "lost, stolen, revoked or invalidated"),
            ("--reported-on", "YYYY-MM-DD (default: today)"),
            ("--authority", "the reporting authority"),
            ("--holder-surname", "holder's surname"),
            ("--holder-given-names", "holder's given names"),
            ("--holder-birth-date", "YYYY, YYYY-MM or YYYY-MM-DD"),
            ("--remarks", "free text"),
        ]
    ):
        function = click.option(name, default=None, help=help_text)(function)
    return function


def _record_fields(options: dict[str, Any]) -> dict[str, Any]:
    names = {"authority": "reporting_authority"}
    skip = {"country", "document_type", "number", "as_json"}
    return {names.get(key, key): value for key, value in options.items() if value is not None and key not in skip}


def _show_record(record: DocumentStatusRecord, as_json: bool) -> None:
    emit({**record.model_dump(mode="json", exclude={"number_key"}), "record_id": record.record_id}, as_json)


@document_group.command("check")
@click.option("--country", required=True, help="Issuing country (ISO 3166-1 alpha-3 or ICAO code).")
@click.option("--number", required=True, help="The number as read or typed.")
@click.option("--type", "document_type", default=None, help="Only records of this type (passport, P, ...).")
@json_option
@pass_context
def check(context: CliContext, country: str, number: str, document_type: str | None, as_json: bool) -> None:
    """Is a document reported lost, stolen, revoked or invalidated? (audited)"""
    result = document_checks.check(context.node, context.actor, country, number, document_type)
    if as_json:
        print_json(result.summary())
        return
    query = result.query
    if not result.found:
        click.echo(f"{query.issuing_country} {query.number_key}: not reported ({result.lookup_ms:.3f} ms)")
        return
    click.echo(f"{query.issuing_country} {query.number_key}: {str(result.status).upper()} ({result.lookup_ms:.3f} ms)")
    for record in result.records:
        by = f" by {record.reporting_authority}" if record.reporting_authority else ""
        click.echo(
            f"  {record.document_type} {record.number}: {record.status}, reported {record.reported_on}{by}"
            f" (owner {record.owner_node})"
        )
    if result.incidents:
        click.echo(f"  {result.incidents} fraud incident(s) recorded on this document")


@document_group.command("load")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default=None, help="Default: by extension.")
@json_option
@pass_context
def load(context: CliContext, path: Path, fmt: str | None, as_json: bool) -> None:
    """Load status records from a CSV or JSON Lines file, as one all-or-nothing delta."""
    report = document_loading.load_file(context.node, context.actor, path, fmt)
    if as_json:
        print_json(report.summary())
        return
    delta = report.delta
    if not delta.changed_anything:
        click.echo(f"{path}: no changes ({delta.unchanged} records already current)")
    else:
        seconds = report.parse_seconds + report.write_seconds
        click.echo(
            f"{path}: {delta.added} added, {delta.changed} changed, {delta.removed} cleared,"
            f" {delta.unchanged} unchanged ({report.lines} lines in {seconds:.1f} s)"
        )
    if delta.not_held:
        click.echo(f"  {delta.not_held} line(s) cleared documents that were not reported")


@document_group.command("add")
@_document_options
@_record_options
@json_option
@pass_context
def add(context: CliContext, /, as_json: bool, country: str, document_type: str, number: str, **options: Any) -> None:
    """Report a document of this node's country."""
    fields = _record_fields(options)
    fields.setdefault("reported_on", date.today().isoformat())
    data = {"issuing_country": country, "document_type": document_type, "number": number, **fields}
    _show_record(document_registry.add(context.node, context.actor, data), as_json)


@document_group.command("amend")
@_document_options
@_record_options
@json_option
@pass_context
def amend(context: CliContext, /, as_json: bool, country: str, document_type: str, number: str, **options: Any) -> None:
    """Change some fields of a record this node owns (the others stay as they are)."""
    current = document_registry.get(context.node, context.actor, country, document_type, number)
    data = {**current.model_dump(mode="json", exclude={"number_key", "owner_node"}), **_record_fields(options)}
    _show_record(document_registry.amend(context.node, context.actor, country, document_type, number, data), as_json)


@document_group.command("clear")
@_document_options
@click.option("--reason", default="", help="Why (recovered, reported in error, ...).")
@pass_context
def clear(context: CliContext, country: str, document_type: str, number: str, reason: str) -> None:
    """Clear a record: the document is no longer reported."""
    document_registry.clear(context.node, context.actor, country, document_type, number, reason)
    click.echo(f"{country.upper()} {document_type} {number}: cleared")


@document_group.command("show")
@_document_options
@json_option
@pass_context
def show(context: CliContext, country: str, document_type: str, number: str, as_json: bool) -> None:
    """One status record."""
    _show_record(document_registry.get(context.node, context.actor, country, document_type, number), as_json)


@document_group.command("incident")
@click.option(
    "--kind", required=True, type=click.Choice(["impostor", "counterfeit", "forged-page", "fraudulently-obtained"])
)
@_document_options
@click.option("--observed", required=True, help="What was seen, in the officer's words.")
@click.option("--indicator", "indicators", multiple=True, help="A structured indicator (repeat): face-mismatch, ...")
@click.option("--location", required=True, help="Port of entry or place code.")
@click.option("--occurred-at", default=None, help="ISO 8601 with offset (default: now).")
@click.option("--officer", default=None, help="Officer who saw it (default: you).")
@click.option("--nationality", default=None, help="Traveller's nationality.")
@click.option(
    "--outcome", required=True, help="refused-entry, document-seized, arrested, referred-for-investigation, ..."
)
@click.option("--remarks", default=None)
@click.option("--apply-status", default=None, help="Give the document this status (own country's documents only).")
@json_option
@pass_context
def incident(
    context: CliContext, /, as_json: bool, country: str, document_type: str, number: str, **options: Any
) -> None:
    """Record a document-fraud incident, and optionally its effect on the document's status."""
    apply_status = options.pop("apply_status")
    data: dict[str, Any] = {
        "kind": options["kind"],
        "observed": options["observed"],
        "indicators": list(options["indicators"]),
        "location": options["location"],
        "document": {"issuing_country": country, "document_type": document_type, "number": number},
        "outcome": options["outcome"],
    }
    optional = {
        "occurred_at": "occurred_at",
        "officer": "officer",
        "nationality": "traveller_nationality",
        "remarks": "remarks",
    }
    data.update({field: options[name] for name, field in optional.items() if options[name] is not None})
    recorded = document_incidents.record_incident(context.node, context.actor, data, apply_status)
    if as_json:
        print_json({**recorded.incident.model_dump(mode="json"), "registry_change": recorded.status_change})
        return
    click.echo(f"incident {recorded.incident.incident_id} recorded")
    if recorded.status_change:
        click.echo(f"  {recorded.incident.document.record_id}: now {recorded.incident.status_applied}")


def _period(value: str, what: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date of the form YYYY-MM-DD", param_hint=what) from None


@document_group.command("incidents")
@click.option("--from", "date_from", required=True, help="First day, YYYY-MM-DD.")
@click.option("--to", "date_to", default=None, help="Last day, YYYY-MM-DD (default: today).")
@json_option
@pass_context
def incidents(context: CliContext, date_from: str, date_to: str | None, as_json: bool) -> None:
    """Incidents that occurred in a period."""
    start, end = _period(date_from, "--from"), _period(date_to or datetime.now().date().isoformat(), "--to")
    found = document_incidents.incidents(context.node, context.actor, start, end)
    rows = [{**item.model_dump(mode="json"), "document": item.document.record_id} for item in found]
    emit(rows, as_json, ["incident_id", "occurred_at", "kind", "document", "location", "outcome", "status_applied"])


@document_group.command("trends")
@click.option("--from", "date_from", required=True, help="First day, YYYY-MM-DD.")
@click.option("--to", "date_to", required=True, help="Last day, YYYY-MM-DD.")
@json_option
@pass_context
def trends(context: CliContext, date_from: str, date_to: str, as_json: bool) -> None:
    """Incident figures by kind, by issuing country and by month."""
    figures = document_incidents.trends(
        context.node, context.actor, _period(date_from, "--from"), _period(date_to, "--to")
    )
    if as_json:
        print_json(figures)
        return
    click.echo(f"{figures.total} incident(s) from {figures.date_from} to {figures.date_to}")
    for title, counts in (
        ("by kind", figures.by_kind),
        ("by issuing country", figures.by_issuing_country),
        ("by month", figures.by_month),
        ("by outcome", figures.by_outcome),
    ):
        click.echo(f"{title}: " + (", ".join(f"{key} {value}" for key, value in counts.items()) or "none"))


def register(group: click.Group) -> None:
    for command in (zone_commands.read, zone_commands.poe_check):
        document_group.add_command(command)
    group.add_command(document_group)
