"""``perimeter demo``: a node with the real lists loaded, served for a person to explore."""

from __future__ import annotations

import secrets
import tempfile
from pathlib import Path

import click

from perimeter.cli.context import CliContext, pass_context
from perimeter.core.access import Actor, Role
from perimeter.services import users
from perimeter.services.demo_data import find_shared_data, load_demo_lists
from perimeter.services.node import init_node


@click.command()
@click.option("--port", default=8600, show_default=True, type=int)
@click.option("--no-serve", is_flag=True, help="Set up and load, then stop instead of serving.")
@pass_context
def demo(context: CliContext, port: int, no_serve: bool) -> None:
    """Initialise a node in a temporary home, load the OFAC and UN lists, and serve it."""
    home = Path(tempfile.mkdtemp(prefix="perimeter-demo-"))
    settings = context.settings.with_changes(home=home, database_url="", database_schema="")
    click.echo(f"demo: node home {home}")
    node = init_node(settings, "us-cbp", "USA", "U.S. Customs and Border Protection (demonstration)")
    actor = Actor.system()
    shared = find_shared_data(Path.cwd(), Path(__file__))
    click.echo(
        "demo: loading the OFAC SDN and UN lists from "
        + (str(shared) if shared else "their publishers (falling back to a generated list)")
    )
    loaded = load_demo_lists(node, actor, shared)
    for report in loaded.reports:
        click.echo(f"demo:   {report.list_name}: {len(report.added)} entries ({loaded.origin})")
    password = secrets.token_urlsafe(12)
    users.add_user(node, actor, "admin", Role.ADMIN, "Demo administrator", password)
    token = users.create_token(node, actor, "admin", "demo", 1).token
    node.close()
    click.echo(f"demo: sign in as admin / {password}")
    click.echo(f"demo: API token {token}")
    if no_serve:
        return
    import uvicorn

    from perimeter.web.app import create_app

    click.echo(f"demo: serving on http://127.0.0.1:{port}  (API docs http://127.0.0.1:{port}/docs; Ctrl-C stops)")
    click.echo(f'demo: try  curl -H "Authorization: Bearer {token}" http://127.0.0.1:{port}/api/v1/lists')
    uvicorn.run(create_app(settings), host="127.0.0.1", port=port, log_level="warning")


def register(group: click.Group) -> None:
    group.add_command(demo)
