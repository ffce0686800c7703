"""``perimeter manifest ...`` and ``perimeter pnr ...``: read, store and screen passenger messages; PNR protection."""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from perimeter.cli.context import CliContext, pass_context
from perimeter.cli.output import emit, json_option, print_json
from perimeter.core.errors import InvalidInput
from perimeter.federation.client import PartnerClient
from perimeter.formats.paxlst import parse_paxlst
from perimeter.formats.pnrgov import parse_pnrgov
from perimeter.records.passenger import Manifest
from perimeter.services import federated_flights, manifest_export, passenger_intake, passenger_records, pnr_protection

_TRAVELLER_KEYS = ("role", "surname", "given_names", "birth_date", "gender", "nationality", "documents")
_SCREEN_COLUMNS = ["position", "role", "surname", "given_names", "nationality", "disposition", "reason"]


def manifest_json(manifest: Manifest) -> dict[str, Any]:
    """The shape ``manifest parse --json`` prints: flights, travellers (the issue's fields), warnings."""
    data = manifest.model_dump(mode="json")
    return {
        "flights": data["flights"],
        "travellers": [{key: traveller[key] for key in _TRAVELLER_KEYS} for traveller in data["travellers"]],
        "warnings": data["warnings"],
    }


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise InvalidInput(f"{path}: cannot read it ({error.strerror})") from None


@click.group("manifest")
def manifest_group() -> None:
    """Advance passenger information (PAXLST): read, store and screen flight manifests."""


@manifest_group.command("parse")
@click.argument("path", type=click.Path(path_type=Path))
@json_option
def parse(path: Path, as_json: bool) -> None:
    """Read a PAXLST message and print the manifest (nothing is stored; no node needed)."""
    manifest = parse_paxlst(_read(path), str(path))
    if as_json:
        print_json(manifest_json(manifest))
        return
    for leg in manifest.flights:
        click.echo(
            f"{leg.designator} {leg.departure_airport or '?'} {leg.scheduled_departure or ''} -> "
            f"{leg.arrival_airport or '?'} {leg.scheduled_arrival or ''}"
        )
    click.echo(f"{len(manifest.passengers)} passenger(s), {len(manifest.crew)} crew member(s)")
    for warning in manifest.warnings:
        click.echo(f"warning: {warning}")


@manifest_group.command("screen")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--all", "show_all", is_flag=True, help="List every traveller, not only those to review or refer.")
@click.option("--partners", is_flag=True, help="Then ask every partner whose agreement allows it (one batch each).")
@click.option("--purpose", default="border-screening", show_default=True, help="The purpose stated to partners.")
@json_option
@pass_context
def screen(context: CliContext, path: Path, show_all: bool, partners: bool, purpose: str, as_json: bool) -> None:
    """Store a PAXLST or PNRGOV message and screen its flight: a disposition per traveller."""
    receipt = passenger_intake.receive(context.node, context.actor, _read(path), str(path))
    summary = passenger_intake.receipt_summary(receipt)
    federated = None
    if partners and receipt.manifest_id is not None:
        federated = _federate(context, receipt.manifest_id, purpose)
        summary["partners"] = federated
    if as_json:
        print_json(summary)
        return
    if receipt.already_received:
        click.echo(f"{path}: already received (message {receipt.message_id}, manifest {receipt.manifest_id})")
    else:
        _print_receipt(summary, show_all and federated is None)
    if federated is not None:
        _print_federated(federated)


@manifest_group.command("federate")
@click.argument("manifest_id")
@click.option("--purpose", default="border-screening", show_default=True, help="The purpose stated to partners.")
@json_option
@pass_context
def federate(context: CliContext, manifest_id: str, purpose: str, as_json: bool) -> None:
    """Screen a stored flight with every partner whose agreement allows it; their hits join the assessment."""
    result = _federate(context, manifest_id, purpose)
    if as_json:
        print_json(result)
    else:
        _print_federated(result)


def _federate(context: CliContext, manifest_id: str, purpose: str) -> dict[str, Any]:
    async def run() -> dict[str, Any]:
        async with PartnerClient(context.node) as client:
            found = await federated_flights.screen_manifest_with_partners(
                context.node, context.actor, client, manifest_id, purpose=purpose
            )
            return found.to_json()

    return asyncio.run(run())


def _print_federated(result: dict[str, Any]) -> None:
    counts = result["dispositions"]
    click.echo(
        f"partners asked about {result['travellers_asked']} traveller(s) of manifest {result['manifest_id']}:"
        f" {result['raised']} raised; now {counts['refer']} refer, {counts['review']} review"
    )
    for outcome in result["partners"]:
        said = (
            f"{outcome['hits']} hit(s)"
            if outcome["status"] == "answered"
            else f"{outcome['status']}: {outcome['error']}"
        )
        click.echo(f"  {outcome['partner']} {outcome['kind']} ({outcome['agreement']}): {said}")
    for row in result["travellers"]:
        click.echo(f"  traveller {row['position']}: {row['disposition']}: {row['reason']}")


def _print_receipt(summary: dict[str, Any], show_all: bool) -> None:
    flight = summary.get("flight") or {}
    counts = summary.get("dispositions", {})
    click.echo(
        f"manifest {summary['manifest_id']}: {flight.get('carrier', '')}{flight.get('flight_number', '')}"
        f" {flight.get('departure_airport') or '?'} -> {flight.get('arrival_airport') or '?'}:"
        f" {counts.get('refer', 0)} refer, {counts.get('review', 0)} review, {counts.get('no-action', 0)} no action"
    )
    if summary.get("pnrs"):
        click.echo("PNRs: " + ", ".join(f"{count} {what}" for what, count in summary["pnrs"].items()))
    if summary.get("note"):
        click.echo(f"note: {summary['note']}")
    for finding in summary.get("quality", {}).get("findings", []):
        click.echo(f"quality: {finding}")
    rows = [row for row in summary.get("travellers", []) if show_all or row["disposition"] != "no-action"]
    if rows:
        emit(rows, False, _SCREEN_COLUMNS)


@manifest_group.command("list")
@click.option("--carrier", default=None)
@click.option("--flight-date", type=click.DateTime(["%Y-%m-%d"]), default=None)
@click.option("--limit", default=50, show_default=True)
@json_option
@pass_context
def list_(context: CliContext, carrier: str | None, flight_date: datetime | None, limit: int, as_json: bool) -> None:
    """Manifests received, newest first, with their dispositions and data quality."""
    day = flight_date.date() if flight_date else None
    rows = passenger_records.list_manifests(context.node, context.actor, carrier=carrier, flight_date=day, limit=limit)
    columns = ["manifest_id", "kind", "flight", "flight_date", "passengers", "crew", "refer", "review", "received_at"]
    emit(rows, as_json, columns)


@manifest_group.command("show")
@click.argument("manifest_id")
@click.option("--disposition", type=click.Choice(["no-action", "review", "refer"]), default=None)
@click.option("--unmask-reason", default=None, help="Unmask data past the masking period (pnr:unmask; audited).")
@json_option
@pass_context
def show(
    context: CliContext, manifest_id: str, disposition: str | None, unmask_reason: str | None, as_json: bool
) -> None:
    """One flight's travellers with their dispositions."""
    found = passenger_records.get_manifest(
        context.node, context.actor, manifest_id, disposition=disposition, unmask_reason=unmask_reason
    )
    if as_json:
        print_json(found)
        return
    click.echo(f"{found['flight']} {found['flight_date']}: {found['passengers']} passengers, {found['crew']} crew")
    emit(found["travellers"], False, _SCREEN_COLUMNS)


@manifest_group.command("export")
@click.argument("manifest_id")
@click.option("--to", "receiver", required=True, help="The receiver named in the interchange (UNB).")
@click.option("--out", type=click.Path(path_type=Path), default=None, help="Write here (default: standard output).")
@click.option("--version", type=click.Choice(["D02B", "D05B"]), default="D05B", show_default=True)
@pass_context
def export(context: CliContext, manifest_id: str, receiver: str, out: Path | None, version: str) -> None:
    """Write a stored manifest as a PAXLST message (audited), e.g. to send it to a partner."""
    data = manifest_export.export_paxlst(
        context.node, context.actor, manifest_id, receiver, version="D02B" if version == "D02B" else "D05B"
    )
    if out is None:
        click.echo(data.decode("utf-8"))
    else:
        out.write_bytes(data)
        click.echo(f"{out}: {len(data)} bytes")


@manifest_group.command("quality")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None)
@json_option
@pass_context
def quality(context: CliContext, since: datetime | None, as_json: bool) -> None:
    """Manifests received per carrier with their data quality."""
    rows = passenger_records.carrier_quality(context.node, context.actor, since=since.astimezone() if since else None)
    emit(rows, as_json, ["carrier", "manifests", "late", "count_mismatches", "incomplete_travellers", "travellers"])


@click.group("pnr")
def pnr_group() -> None:
    """Passenger name records (PNRGOV): load, read (masked past the period), retention."""


@pnr_group.command("parse")
@click.argument("path", type=click.Path(path_type=Path))
@json_option
def pnr_parse(path: Path, as_json: bool) -> None:
    """Read a PNRGOV message and print it (nothing is stored; no node needed)."""
    message = parse_pnrgov(_read(path), str(path))
    if as_json:
        print_json(message)
        return
    flight = message.flight.designator if message.flight else "no flight"
    click.echo(f"{flight}: {len(message.pnrs)} PNR(s), push {message.function_code or 'unknown'}")
    for warning in message.warnings:
        click.echo(f"warning: {warning}")


@pnr_group.command("load")
@click.argument("path", type=click.Path(path_type=Path))
@json_option
@pass_context
def pnr_load(context: CliContext, path: Path, as_json: bool) -> None:
    """Store a PNRGOV push (a changes-only push is applied to the stored records) and screen its travellers."""
    receipt = passenger_intake.receive(context.node, context.actor, _read(path), str(path))
    summary = passenger_intake.receipt_summary(receipt)
    if as_json:
        print_json(summary)
    elif receipt.already_received:
        click.echo(f"{path}: already received (message {receipt.message_id})")
    else:
        _print_receipt(summary, False)


@pnr_group.command("list")
@click.option("--carrier", default=None)
@click.option("--limit", default=50, show_default=True)
@json_option
@pass_context
def pnr_list(context: CliContext, carrier: str | None, limit: int, as_json: bool) -> None:
    rows = passenger_records.list_pnrs(context.node, context.actor, carrier=carrier, limit=limit)
    emit(rows, as_json, ["pnr_id", "carrier", "record_locator", "flight_date", "version", "travellers", "masked"])


@pnr_group.command("show")
@click.argument("pnr_id")
@click.option("--unmask-reason", default=None, help="Unmask a PNR past the masking period (pnr:unmask; audited).")
@pass_context
def pnr_show(context: CliContext, pnr_id: str, unmask_reason: str | None) -> None:
    """One PNR, as JSON."""
    print_json(passenger_records.get_pnr(context.node, context.actor, pnr_id, unmask_reason=unmask_reason))


@pnr_group.command("retention")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Apply as on this day (default today).")
@json_option
@pass_context
def retention(context: CliContext, today: datetime | None, as_json: bool) -> None:
    """Mask what is past the masking period and delete what is past the deletion period (unless on an open case)."""
    day: date | None = today.date() if today else None
    report = pnr_protection.apply_retention(context.node, context.actor, day)
    if as_json:
        print_json(report)
        return
    click.echo(
        f"{report.on}: {report.masked} PNR(s) masked, {report.pnrs_deleted} PNR(s) and {report.manifests_deleted}"
        f" manifest(s) ({report.travellers_deleted} travellers) deleted, {report.kept_for_cases} kept for open cases"
    )


def register(cli: click.Group) -> None:
    cli.add_command(manifest_group)
    cli.add_command(pnr_group)
