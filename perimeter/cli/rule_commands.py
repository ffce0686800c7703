"""``perimeter rule ...``: targeting rules in CEL, versioned, tested on past manifests before they are switched on."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

import click

from perimeter.cli.context import CliContext, pass_context
from perimeter.cli.output import emit, json_option, print_json
from perimeter.services import targeting_rules
from perimeter.services.targeting_rules import RuleVersion

_COLUMNS = ["rule_id", "version", "state", "action", "name", "expression"]


def _show(rule: RuleVersion, as_json: bool) -> None:
    emit(asdict(rule), as_json)


@click.group("rule")
def rule_group() -> None:
    """Targeting rules (CEL expressions over traveller, document, itinerary and PNR; see docs/manifests.md)."""


@rule_group.command("add")
@click.argument("rule_id")
@click.option("--name", required=True)
@click.option("--expression", "-e", required=True, help="CEL, e.g. '\"DXB\" in itinerary.airports && pnr.paid_cash'")
@click.option("--action", type=click.Choice(["review", "refer"]), default="review", show_default=True)
@click.option("--description", default="")
@json_option
@pass_context
def add(
    context: CliContext, rule_id: str, name: str, expression: str, action: str, description: str, as_json: bool
) -> None:
    """Write a new rule (version 1, a draft)."""
    _show(targeting_rules.add(context.node, context.actor, rule_id, name, expression, action, description), as_json)


@rule_group.command("edit")
@click.argument("rule_id")
@click.option("--name", default=None)
@click.option("--expression", "-e", default=None)
@click.option("--action", type=click.Choice(["review", "refer"]), default=None)
@click.option("--description", default=None)
@json_option
@pass_context
def edit(
    context: CliContext,
    rule_id: str,
    name: str | None,
    expression: str | None,
    action: str | None,
    description: str | None,
    as_json: bool,
) -> None:
    """Make the next version (a draft); earlier versions are kept as they were."""
    rule = targeting_rules.edit(
        context.node, context.actor, rule_id, expression=expression, name=name, action=action, description=description
    )
    _show(rule, as_json)


@rule_group.command("list")
@click.option("--state", type=click.Choice(["draft", "active", "retired"]), default=None)
@json_option
@pass_context
def list_(context: CliContext, state: str | None, as_json: bool) -> None:
    """Every version of every rule."""
    emit([asdict(rule) for rule in targeting_rules.listing(context.node, context.actor, state)], as_json, _COLUMNS)


@rule_group.command("show")
@click.argument("rule_id")
@click.option("--version", type=int, default=None)
@json_option
@pass_context
def show(context: CliContext, rule_id: str, version: int | None, as_json: bool) -> None:
    _show(targeting_rules.get(context.node, context.actor, rule_id, version), as_json)


@rule_group.command("test")
@click.argument("rule_id")
@click.option("--version", type=int, default=None, help="Default: the latest version.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Manifests received since this day.")
@click.option("--limit", default=200, show_default=True, help="At most this many manifests, newest first.")
@json_option
@pass_context
def test(
    context: CliContext, rule_id: str, version: int | None, since: datetime | None, limit: int, as_json: bool
) -> None:
    """Backtest: which travellers of past manifests the rule would have fired on, and on which fields."""
    result = targeting_rules.backtest(
        context.node, context.actor, rule_id, version, since=since.astimezone() if since else None, limit=limit
    )
    if as_json:
        print_json(result)
        return
    click.echo(
        f"rule {result.rule_id} v{result.version}: fired on {len(result.hits)} of {result.travellers} travellers"
        f" in {result.manifests} manifests ({result.errors} evaluation errors)"
    )
    for hit in result.hits[:50]:
        fields = ", ".join(f"{name}={value!r}" for name, value in hit.fields.items())
        click.echo(f"  {hit.flight} {hit.flight_date} #{hit.position} ({hit.role}): {fields}")


@rule_group.command("activate")
@click.argument("rule_id")
@click.option("--version", type=int, default=None, help="Default: the latest version.")
@json_option
@pass_context
def activate(context: CliContext, rule_id: str, version: int | None, as_json: bool) -> None:
    """Switch a version on; the version active before is retired."""
    _show(targeting_rules.activate(context.node, context.actor, rule_id, version), as_json)


@rule_group.command("retire")
@click.argument("rule_id")
@json_option
@pass_context
def retire(context: CliContext, rule_id: str, as_json: bool) -> None:
    """Switch the rule off."""
    _show(targeting_rules.retire(context.node, context.actor, rule_id), as_json)


def register(cli: click.Group) -> None:
    cli.add_command(rule_group)
