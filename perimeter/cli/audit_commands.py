"""``perimeter audit ...``: verify the chain, export it signed for oversight, and check such an export."""

from __future__ import annotations

from pathlib import Path

import click

from perimeter.audit.chain import verify
from perimeter.cli.context import CliContext, pass_context
from perimeter.cli.output import emit, json_option
from perimeter.cli.report_commands import _period_options
from perimeter.core.access import Permission
from perimeter.reports.model import Period
from perimeter.services import audit_export
from perimeter.store import audit_log

BROKEN = 3  # exit status when a chain or an export does not verify


@click.group("audit")
def audit_group() -> None:
    """The hash-chained audit log: verify it, export it for oversight, check an export."""


@audit_group.command("verify")
@json_option
@pass_context
def verify_command(context: CliContext, as_json: bool) -> None:
    """Check every entry's hash and link, from the first to the last; name the first that does not hold."""
    context.actor.require(Permission.AUDIT_READ)
    with context.node.db.read() as connection:
        result = verify(audit_log.entries(connection))
    emit(result, as_json)
    if not result.ok:
        raise click.exceptions.Exit(BROKEN)


@audit_group.command("export")
@_period_options
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="FILE.jsonl to write.")
@json_option
@pass_context
def export_command(context: CliContext, first: str, last: str, out: Path, as_json: bool) -> None:
    """Export the entries of a period as JSON Lines, with a manifest signed by the node's key."""
    summary = audit_export.export_audit(context.node, context.actor, Period.parse(first, last), out)
    emit(summary, as_json)


@audit_group.command("verify-export")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--public-key",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The exporting node's public key (PEM: its keys/node.pub).",
)
@json_option
def verify_export_command(file: Path, public_key: Path, as_json: bool) -> None:
    """Check an export: every entry's hash and link, the count and end hashes, and the manifest's signature."""
    result = audit_export.verify_export_file(file, public_key)
    emit(result, as_json)
    if not result.ok:
        raise click.exceptions.Exit(BROKEN)


def register(group: click.Group) -> None:
    group.add_command(audit_group)
