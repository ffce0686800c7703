"""``perimeter partners ...``, ``perimeter agreement ...`` and ``perimeter federation deliver``."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

import click

from perimeter.cli.context import CliContext, pass_context
from perimeter.cli.output import emit, json_option
from perimeter.federation import outbox
from perimeter.federation.client import PartnerClient
from perimeter.services import agreements, audit_checks, partners


@click.group("partners")
def partners_group() -> None:
    """Partner nodes, known by node id and Ed25519 public key."""


@partners_group.command("add")
@click.option("--node-id", required=True, help="The partner's node id, e.g. ca-cbsa.")
@click.option("--country", required=True, help="The partner's country, ISO 3166-1 alpha-3.")
@click.option("--url", required=True, help="Base URL the partner node is served at.")
@click.option(
    "--public-key",
    "key_file",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The partner's Ed25519 public key (PEM; its keys/node.pub).",
)
@json_option
@pass_context
def add_partner(context: CliContext, node_id: str, country: str, url: str, key_file: Path, as_json: bool) -> None:
    """Add a partner node."""
    partner = partners.add_partner(context.node, context.actor, node_id, country, url, key_file.read_text())
    emit(
        {"node_id": partner.node_id, "country": partner.country, "url": partner.url, "key": partner.key_fingerprint},
        as_json,
    )


@partners_group.command("list")
@json_option
@pass_context
def list_partners(context: CliContext, as_json: bool) -> None:
    """List partner nodes."""
    rows = [
        {"node_id": p.node_id, "country": p.country, "url": p.url, "key": p.key_fingerprint[:16]}
        for p in partners.list_partners(context.node, context.actor)
    ]
    emit(rows, as_json, ["node_id", "country", "url", "key"])


@partners_group.command("remove")
@click.argument("node_id")
@pass_context
def remove_partner(context: CliContext, node_id: str) -> None:
    """Remove a partner node: its requests are refused from now on."""
    partners.remove_partner(context.node, context.actor, node_id)
    click.echo(f"partner {node_id} removed")


@click.group("agreement")
def agreement_group() -> None:
    """Agreements between nodes: propose, sign, import once all have signed, list, show."""


def _write(text: str, out: Path | None) -> None:
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text)
        click.echo(f"written to {out}", err=True)


_FILE = click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
_OUT = click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write the signed YAML here.")


@agreement_group.command("propose")
@_FILE
@_OUT
@pass_context
def propose(context: CliContext, file: Path, out: Path | None) -> None:
    """Check a draft agreement and sign it as this node; send the result to the other parties."""
    _write(agreements.propose(context.node, context.actor, file.read_text(), str(file)).render(), out)


@agreement_group.command("sign")
@_FILE
@_OUT
@pass_context
def sign(context: CliContext, file: Path, out: Path | None) -> None:
    """Add this node's signature to an agreement another party proposed."""
    _write(agreements.sign(context.node, context.actor, file.read_text(), str(file)).render(), out)


@agreement_group.command("import")
@_FILE
@json_option
@pass_context
def import_(context: CliContext, file: Path, as_json: bool) -> None:
    """Hold an agreement every party has signed; it governs exchange from its in-force date."""
    signed = agreements.import_agreement(context.node, context.actor, file.read_text(), str(file))
    emit(agreements.summary(signed, date.today()), as_json)


@agreement_group.command("list")
@json_option
@pass_context
def list_(context: CliContext, as_json: bool) -> None:
    """List the agreements held (newest version of each)."""
    rows = [agreements.summary(s, date.today()) for s in agreements.list_agreements(context.node, context.actor)]
    emit(rows, as_json, ["agreement", "version", "parties", "in_force", "expires", "state"])


@agreement_group.command("show")
@click.argument("agreement_id")
@click.option("--version", type=int, default=None, help="A given version (default: the newest).")
@click.option("--yaml", "as_yaml", is_flag=True, help="Print the signed document itself.")
@json_option
@pass_context
def show(context: CliContext, agreement_id: str, version: int | None, as_yaml: bool, as_json: bool) -> None:
    """Show an agreement."""
    signed = agreements.show(context.node, context.actor, agreement_id, version)
    if as_yaml:
        click.echo(signed.render(), nl=False)
    else:
        emit(agreements.summary(signed, date.today()), as_json)


@click.group("federation")
def federation_group() -> None:
    """Node-to-node exchange: the outbox, pings, replication pulls, audit checkpoints."""


@federation_group.command("deliver")
@json_option
@pass_context
def deliver(context: CliContext, as_json: bool) -> None:
    """Send the outbox messages that are due, once (a served node does this continuously)."""

    async def once() -> outbox.DeliveryReport:
        async with PartnerClient(context.node) as client:
            return await outbox.deliver_due(context.node, client, limit=10_000)

    report = asyncio.run(once())
    emit({**report.__dict__, "pending": outbox.pending_count(context.node)}, as_json)


@federation_group.command("ping")
@click.argument("partner")
@click.option("--wait", is_flag=True, help="Deliver at once and report the partner's answer.")
@json_option
@pass_context
def ping_command(context: CliContext, partner: str, wait: bool, as_json: bool) -> None:
    """Send a partner an empty message through the outbox, to prove the path end to end."""
    from perimeter.federation import ping

    key = ping.ping(context.node, context.actor, partner)
    result: dict[str, object] = {"idempotency_key": key, "status": "pending"}
    if wait:

        async def once() -> outbox.DeliveryReport:
            async with PartnerClient(context.node) as client:
                return await outbox.deliver_due(context.node, client)

        asyncio.run(once())
        rows = [row for row in outbox.messages(context.node, limit=1000) if row["idempotency_key"] == key]
        result.update(status=rows[0]["status"], response=rows[0]["response"], error=rows[0]["last_error"])
    emit(result, as_json)


@federation_group.command("outbox")
@click.option("--status", type=click.Choice(["pending", "delivered", "refused"]), default=None)
@json_option
@pass_context
def outbox_command(context: CliContext, status: str | None, as_json: bool) -> None:
    """List messages to partners, newest first."""
    rows = outbox.messages(context.node, status=status)
    emit(rows, as_json, ["seq", "partner", "kind", "status", "attempts", "created_at", "last_error"])


@federation_group.command("pull")
@json_option
@pass_context
def pull(context: CliContext, as_json: bool) -> None:
    """Catch up on every partner's replicated records (a served node does this periodically)."""
    from perimeter.federation import replication

    async def once() -> dict[str, int | str]:
        async with PartnerClient(context.node) as client:
            return await replication.pull_all(context.node, client)

    emit(asyncio.run(once()), as_json)


@federation_group.command("checkpoints")
@json_option
@pass_context
def exchange_checkpoints(context: CliContext, as_json: bool) -> None:
    """Check partners' audit chains against the checkpoints they signed before, and take new ones."""

    async def once() -> list[dict[str, object]]:
        async with PartnerClient(context.node) as client:
            return await audit_checks.exchange_all(context.node, client)

    results = asyncio.run(once())
    emit(results, as_json)
    if any(result.get("consistent") is False for result in results):
        raise click.exceptions.Exit(1)


@click.group("audit")
def audit_group() -> None:
    """The hash-chained audit trail."""


@audit_group.command("verify")
@json_option
@pass_context
def verify(context: CliContext, as_json: bool) -> None:
    """Check the whole chain; name the first entry that does not hold (exit status 1)."""
    result = audit_checks.verify_chain(context.node, context.actor)
    emit(result.__dict__, as_json)
    if not result.ok:
        raise click.exceptions.Exit(1)


def register(group: click.Group) -> None:
    for command in (partners_group, agreement_group, federation_group, audit_group):
        group.add_command(command)
