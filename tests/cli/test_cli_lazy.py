"""The ``perimeter`` group imports a command's module only when that command runs, and knows every command."""

import importlib
import subprocess
import sys
from pathlib import Path

import click

from perimeter.cli.main import COMMAND_MODULES, cli

REPO = Path(__file__).resolve().parents[2]
MODULES = [
    "node_commands",
    "user_commands",
    "watchlist_commands",
    "document_commands",
    "manifest_commands",
    "rule_commands",
    "screen_commands",
    "federation_commands",
    "demo_commands",
    "report_commands",
    "audit_commands",
    "case_commands",
]


def test_table_names_every_command_of_every_module() -> None:
    eager = click.Group("perimeter")
    for module in MODULES:
        importlib.import_module(f"perimeter.cli.{module}").register(eager)
    assert sorted(eager.commands) == sorted(COMMAND_MODULES)
    assert {module for modules in COMMAND_MODULES.values() for module in modules} == set(MODULES)
    context = click.Context(cli)
    for name, command in eager.commands.items():
        lazy = cli.get_command(context, name)
        assert lazy is not None and lazy.name == command.name
        if isinstance(command, click.Group):
            assert isinstance(lazy, click.Group) and sorted(lazy.commands) == sorted(command.commands)


def test_a_screen_does_not_import_the_web_app_reports_or_alembic(tmp_path: Path) -> None:
    home = tmp_path / "node"
    init = ["init", "--node-id", "us-cbp", "--country", "USA", "--name", "CBP"]
    subprocess.run([sys.executable, "-m", "perimeter.cli.main", "--home", str(home), *init], cwd=REPO, check=True)
    probe = (
        "import sys\n"
        "from perimeter.cli.main import main\n"
        f"status = main(['--home', {str(home)!r}, 'screen', 'person', '--name', 'John Doe', '--json'])\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules if m.startswith(('fastapi', 'matplotlib', 'alembic'))})\n"
        "print(status, heavy)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, check=True)
    assert done.stdout.strip().splitlines()[-1] == "0 []"
