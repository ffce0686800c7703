"""``perimeter cases ...``: the shared cases opened by hits on partners' records, and their steps."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from perimeter.cli.context import CliContext, pass_context
from perimeter.cli.output import emit, json_option, print_json
from perimeter.records.cases import Case
from perimeter.services import case_views, cases
from perimeter.store.tables.base import utc_now

_COLUMNS = ["case_id", "direction", "partner_node", "record_id", "state", "due", "updated_at"]


def _row(case: Case) -> dict[str, Any]:
    shown = case_views.summary(case, utc_now())
    deadline = shown["deadline"]
    due = "" if deadline is None else f"{deadline['kind']} {deadline['due_at'][:16]}"
    shown["due"] = f"{due} OVERDUE" if deadline and deadline["overdue"] else due
    return shown


def _done(case: Case, as_json: bool) -> None:
    shown = _row(case)
    if as_json:
        print_json(shown)
        return
    click.echo(f"case {case.case_id}: {case.state.value}" + (f" (next: {shown['due']})" if shown["due"] else ""))


@click.group("cases")
def cases_group() -> None:
    """Shared cases: hit notifications sent to owners and received from finders, and their thread."""


@cases_group.command("list")
@click.option("--direction", type=click.Choice(["sent", "received"]), default=None)
@click.option("--state", default=None, help="notified, acknowledged, identity-confirmed, not-the-person, closed")
@click.option("--overdue", is_flag=True, help="Only cases whose running deadline has passed.")
@click.option("--partner", default=None, help="Only cases with this partner node.")
@click.option("--limit", default=100, show_default=True, type=int)
@json_option
@pass_context
def list_command(
    context: CliContext,
    direction: str | None,
    state: str | None,
    overdue: bool,
    partner: str | None,
    limit: int,
    as_json: bool,
) -> None:
    """List cases, most recently changed first."""
    total, found = cases.list_cases(
        context.node, context.actor, direction=direction, state=state, overdue=overdue, partner=partner, limit=limit
    )
    rows = [_row(case) for case in found]
    if as_json:
        print_json({"total": total, "cases": rows})
        return
    emit(rows, False, _COLUMNS, title=f"{total} case(s)")


@cases_group.command("show")
@click.argument("case_id")
@json_option
@pass_context
def show(context: CliContext, case_id: str, as_json: bool) -> None:
    """A case, its notification and its thread."""
    found = cases.get_case(context.node, context.actor, case_id)
    shown = case_views.detail(found.case, found.notification, found.thread, utc_now())
    if as_json:
        print_json(shown)
        return
    emit(shown["case"], False)
    click.echo("thread:")
    for step in found.thread:
        extra = step.text or step.handling or (", ".join(sorted(step.fields)) if step.fields else "")
        click.echo(f"  {step.at.isoformat()[:19]} {step.node_id} {step.officer}: {step.action.value} {extra}".rstrip())


@cases_group.command("reply")
@click.argument("case_id")
@click.argument("text")
@json_option
@pass_context
def reply(context: CliContext, case_id: str, text: str, as_json: bool) -> None:
    """Add a message to the case's thread (sent to the partner)."""
    _done(cases.reply(context.node, context.actor, case_id, text), as_json)


@cases_group.command("acknowledge")
@click.argument("case_id")
@json_option
@pass_context
def acknowledge(context: CliContext, case_id: str, as_json: bool) -> None:
    """Owner: acknowledge a partner's hit notification."""
    _done(cases.acknowledge(context.node, context.actor, case_id), as_json)


@cases_group.command("confirm")
@click.argument("case_id")
@click.option("--handling", default=None, help="The handling the owner asks the finder for.")
@click.option("--text", default=None)
@json_option
@pass_context
def confirm(context: CliContext, case_id: str, handling: str | None, text: str | None, as_json: bool) -> None:
    """Owner: the person found is the listed subject."""
    _done(cases.confirm_identity(context.node, context.actor, case_id, handling, text), as_json)


@cases_group.command("reject")
@click.argument("case_id")
@click.argument("reason")
@json_option
@pass_context
def reject(context: CliContext, case_id: str, reason: str, as_json: bool) -> None:
    """Owner: the person found is not the listed subject."""
    _done(cases.reject_identity(context.node, context.actor, case_id, reason), as_json)


@cases_group.command("release")
@click.argument("case_id")
@click.argument("fields", nargs=-1, required=True)
@json_option
@pass_context
def release(context: CliContext, case_id: str, fields: tuple[str, ...], as_json: bool) -> None:
    """Owner: release fields of the record, only those the agreement's clause allows."""
    _done(cases.release(context.node, context.actor, case_id, list(fields)), as_json)


@cases_group.command("close")
@click.argument("case_id")
@click.option("--outcome", default=None)
@json_option
@pass_context
def close(context: CliContext, case_id: str, outcome: str | None, as_json: bool) -> None:
    """Close a case with its outcome."""
    _done(cases.close(context.node, context.actor, case_id, outcome), as_json)


@cases_group.command("escalate")
@json_option
@pass_context
def escalate(context: CliContext, as_json: bool) -> None:
    """Escalate the cases whose deadline has passed (run it periodically; running it twice does nothing more)."""
    done = cases.escalate(context.node, context.actor)
    rows = [
        {"case_id": item.case_id, "deadline": item.deadline.kind, "due_at": item.deadline.due_at, "step": item.step}
        for item in done
    ]
    if as_json:
        print_json(rows)
        return
    click.echo(f"{len(rows)} case(s) escalated")
    for item in done:
        due = item.deadline.due_at.isoformat()[:16]
        click.echo(f"  {item.case_id}: {item.deadline.kind} deadline {due} -> {item.step}")


@cases_group.command("figures")
@click.option("--from", "date_from", required=True, type=click.DateTime(["%Y-%m-%d"]))
@click.option("--to", "date_to", required=True, type=click.DateTime(["%Y-%m-%d"]))
@pass_context
def figures(context: CliContext, date_from: Any, date_to: Any) -> None:
    """Notifications sent and received in a period, answered, and within deadline (JSON)."""
    start: date = date_from.date()
    end: date = date_to.date()
    print_json(case_views.figures(context.node, context.actor, start, end, utc_now()))


def register(group: click.Group) -> None:
    group.add_command(cases_group)
