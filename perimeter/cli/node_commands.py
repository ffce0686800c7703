"""``perimeter init``, ``serve``, ``info`` and ``settings``."""

from __future__ import annotations

import click

from perimeter.cli.context import CliContext, pass_context
from perimeter.cli.output import emit, json_option
from perimeter.services.node import init_node
from perimeter.settings import documented_settings
from perimeter.store import migrate


@click.command()
@click.option("--node-id", required=True, help="The agency's node id, e.g. us-cbp.")
@click.option("--country", required=True, help="ISO 3166-1 alpha-3 code of the agency's country, e.g. USA.")
@click.option("--name", required=True, help="The agency's name.")
@json_option
@pass_context
def init(context: CliContext, node_id: str, country: str, name: str, as_json: bool) -> None:
    """Create the node: data directory, database, and Ed25519 signing key pair."""
    node = init_node(context.settings, node_id, country, name)
    node.close()
    emit(
        {
            "node_id": node.identity.node_id,
            "country": node.identity.country,
            "name": node.identity.name,
            "home": str(context.settings.home.resolve()),
            "database": context.settings.resolved_database_url,
        },
        as_json,
    )


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8600, show_default=True, type=int)
@pass_context
def serve(context: CliContext, host: str, port: int) -> None:
    """Serve the node's API (OpenAPI docs at /docs)."""
    import uvicorn

    from perimeter.web.app import create_app

    app = create_app(context.settings, context.node)
    click.echo(f"perimeter: node {context.node.node_id} serving on http://{host}:{port} (API docs at /docs)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info", access_log=False)


@click.command()
@json_option
@pass_context
def info(context: CliContext, as_json: bool) -> None:
    """Show the node's identity and schema state."""
    node = context.node
    emit(
        {
            "node_id": node.node_id,
            "country": node.identity.country,
            "name": node.identity.name,
            "home": str(node.home.resolve()),
            "database": node.db.url.split("@")[-1],
            "schema": migrate.current_revision(node.db),
        },
        as_json,
    )


@click.command("settings")
@json_option
@pass_context
def settings_command(context: CliContext, as_json: bool) -> None:
    """List every setting with its current value and what it does."""
    rows = [
        {"name": name, "value": str(getattr(context.settings, name)), "default": str(default), "help": help_text}
        for name, default, help_text in documented_settings()
    ]
    emit(rows, as_json, ["name", "value", "help"])


def register(group: click.Group) -> None:
    for command in (init, serve, info, settings_command):
        group.add_command(command)
