"""Entry point of the ``perimeter`` command."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import click

from perimeter import __version__
from perimeter.cli.context import CliContext
from perimeter.core.errors import PerimeterError
from perimeter.settings import Settings

# Each top-level command and the command modules whose ``register`` adds it, in order. A command's module (and
# its dependencies: the web app, reports, rules...) is imported only when that command runs, so a quick command
# such as ``screen person`` starts in a fraction of a second. tests/cli/test_cli_lazy.py checks this table.
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "init": ("node_commands",),
    "serve": ("node_commands",),
    "info": ("node_commands",),
    "settings": ("node_commands",),
    "users": ("user_commands",),
    "tokens": ("user_commands",),
    "watchlist": ("watchlist_commands",),
    "document": ("document_commands",),
    "manifest": ("manifest_commands",),
    "pnr": ("manifest_commands",),
    "rule": ("rule_commands",),
    "screen": ("screen_commands",),
    "partners": ("federation_commands",),
    "agreement": ("federation_commands",),
    "federation": ("federation_commands",),
    "audit": ("federation_commands", "audit_commands"),
    "demo": ("demo_commands",),
    "report": ("report_commands",),
    "cases": ("case_commands",),
}


class LazyGroup(click.Group):
    """The ``perimeter`` group: registers a command's module the first time the command is looked up."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._registered: set[str] = set()

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMAND_MODULES)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        for module in COMMAND_MODULES.get(cmd_name, ()):
            self.register_module(module)
        return super().get_command(ctx, cmd_name)

    def register_module(self, module: str) -> None:
        if module not in self._registered:
            importlib.import_module(f"perimeter.cli.{module}").register(self)
            self._registered.add(module)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
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
