"""``perimeter users ...`` and ``perimeter tokens ...``."""

from __future__ import annotations

import click

from perimeter.cli.context import CliContext, pass_context
from perimeter.cli.output import emit, json_option
from perimeter.core.access import Role, parse_role
from perimeter.services import users


@click.group("users")
def users_group() -> None:
    """People who use the node, each with one role."""


@users_group.command("add")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice([role.value for role in Role]))
@click.option("--display-name", default="", help="Full name shown in the UI.")
@click.option("--password", is_flag=False, flag_value="", default=None, help="Set a sign-in password (prompted).")
@json_option
@pass_context
def add_user(
    context: CliContext, username: str, role: str, display_name: str, password: str | None, as_json: bool
) -> None:
    """Add a user."""
    if password == "":
        password = click.prompt("password", hide_input=True, confirmation_prompt=True)
    row = users.add_user(context.node, context.actor, username, parse_role(role), display_name, password or None)
    emit({"username": row.username, "role": row.role.value, "display_name": row.display_name}, as_json)


@users_group.command("list")
@json_option
@pass_context
def list_users(context: CliContext, as_json: bool) -> None:
    """List users."""
    rows = [
        {"username": r.username, "role": r.role.value, "display_name": r.display_name, "disabled": r.disabled}
        for r in users.list_users(context.node, context.actor)
    ]
    emit(rows, as_json, ["username", "role", "display_name", "disabled"])


@users_group.command("disable")
@click.argument("username")
@pass_context
def disable_user(context: CliContext, username: str) -> None:
    """Disable a user: their tokens and sign-in stop working."""
    users.set_disabled(context.node, context.actor, username, True)
    click.echo(f"user {username} disabled")


@users_group.command("password")
@click.argument("username")
@pass_context
def set_password(context: CliContext, username: str) -> None:
    """Set a user's sign-in password (prompted)."""
    password = click.prompt("password", hide_input=True, confirmation_prompt=True)
    users.set_password(context.node, context.actor, username, password)
    click.echo(f"password set for {username}")


@click.group("tokens")
def tokens_group() -> None:
    """API tokens (Authorization: Bearer ...)."""


@tokens_group.command("create")
@click.option("--user", "username", required=True)
@click.option("--label", default="")
@click.option("--days", type=int, default=None, help="Validity in days (0: never expires).")
@json_option
@pass_context
def create_token(context: CliContext, username: str, label: str, days: int | None, as_json: bool) -> None:
    """Issue a token. The token is printed once and never stored."""
    issued = users.create_token(context.node, context.actor, username, label, days)
    emit(issued, as_json)


@tokens_group.command("list")
@click.option("--user", "username", default=None)
@json_option
@pass_context
def list_tokens(context: CliContext, username: str | None, as_json: bool) -> None:
    """List tokens (without their secrets)."""
    rows = [
        {
            "token_id": t.token_id,
            "username": t.username,
            "label": t.label,
            "expires_at": t.expires_at,
            "revoked_at": t.revoked_at,
            "last_used_at": t.last_used_at,
        }
        for t in users.list_tokens(context.node, context.actor, username)
    ]
    emit(rows, as_json, ["token_id", "username", "label", "expires_at", "revoked_at", "last_used_at"])


@tokens_group.command("revoke")
@click.argument("token_id")
@pass_context
def revoke_token(context: CliContext, token_id: str) -> None:
    """Revoke a token."""
    users.revoke_token(context.node, context.actor, token_id)
    click.echo(f"token {token_id} revoked")


def register(group: click.Group) -> None:
    group.add_command(users_group)
    group.add_command(tokens_group)
