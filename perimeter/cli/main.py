"""Entry point of the ``perimeter`` command."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from perimeter import __version__
from perimeter.cli import (
    audit_commands,
    case_commands,
    demo_commands,
    document_commands,
    federation_commands,
    manifest_commands,
    node_commands,
    report_commands,
    rule_commands,
    screen_commands,
    user_commands,
    watchlist_commands,
)
from perimeter.cli.context import CliContext
from perimeter.core.errors import PerimeterError
from perimeter.settings import Settings


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.option(
    "--home",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="PERIMETER_HOME",
    help="The node's data directory [env PERIMETER_HOME; default ./.perimeter].",
)
@click.version_option(__version__, prog_name="perimeter")
@click.pass_context
def cli(ctx: click.Context, home: Path | None) -> None:
    """Perimeter: one agency's node in a common security perimeter between partner countries."""
    context = CliContext(Settings.load(home=home) if home else Settings.load())
    ctx.obj = context
    ctx.call_on_close(context.close)


for module in (
    node_commands,
    user_commands,
    watchlist_commands,
    document_commands,
    manifest_commands,
    rule_commands,
    screen_commands,
    federation_commands,
    demo_commands,
    report_commands,
    audit_commands,
):
    module.register(cli)
case_commands.register(cli)


def main(argv: list[str] | None = None) -> int:
    """Run a command; a domain error is printed as one line and gives exit status 1."""
    try:
        # Outside standalone mode click returns the status of a command that ends with ``click.exceptions.Exit``.
        status = cli.main(args=argv, prog_name="perimeter", standalone_mode=False)
    except PerimeterError as error:
        click.echo(f"error: {error.message}", err=True)
        return 1
    except click.exceptions.Exit as exit_:
        return int(exit_.exit_code or 0)
    except click.Abort:
        click.echo("aborted", err=True)
        return 130
    except click.ClickException as error:
        error.show()
        return error.exit_code
    return status if isinstance(status, int) else 0


if __name__ == "__main__":
    sys.exit(main())
