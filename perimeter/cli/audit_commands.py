"""``perimeter audit export`` and ``verify-export``: the audit log, signed, for oversight bodies."""

from __future__ import annotations

from pathlib import Path

import click

from perimeter.cli.context import CliContext, pass_context
from perimeter.cli.output import emit, json_option
from perimeter.cli.report_commands import period_options
from perimeter.reports.model import Period
from perimeter.services import audit_export

BROKEN = 1  # exit status when an export does not verify (as ``audit verify`` for the chain)


@click.command("export")
@period_options
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="FILE.jsonl to write.")
@json_option
@pass_context
def export_command(context: CliContext, first: str, last: str, out: Path, as_json: bool) -> None:
    """Export the entries of a period as JSON Lines, with a manifest signed by the node's key."""
    summary = audit_export.export_audit(context.node, context.actor, Period.parse(first, last), out)
    emit(summary, as_json)


@click.command("verify-export")
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
    """Add ``export`` and ``verify-export`` to the ``audit`` group (which ``federation_commands`` registers)."""
    audit = group.commands.get("audit")
    if not isinstance(audit, click.Group):
        raise RuntimeError("register the audit group (federation_commands) before audit_commands")
    for command in (export_command, verify_export_command):
        audit.add_command(command)
