import json
import stat
from pathlib import Path

from click.testing import CliRunner

from perimeter.cli.main import cli, main


def run(home: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--home", str(home), *args], catch_exceptions=False)
    return result.exit_code, result.output


def test_init_info_users_and_tokens(tmp_path: Path) -> None:
    home = tmp_path / "node"
    code, out = run(home, "init", "--node-id", "us-cbp", "--country", "USA", "--name", "CBP", "--json")
    assert code == 0 and json.loads(out)["node_id"] == "us-cbp"
    assert stat.S_IMODE((home / "keys" / "node.key").stat().st_mode) == 0o600
    assert "alert_threshold" in (home / "perimeter.toml").read_text()
    code, out = run(home, "info", "--json")
    assert json.loads(out)["country"] == "USA"
    code, out = run(home, "users", "add", "olga", "--role", "officer", "--json")
    assert code == 0 and json.loads(out)["role"] == "officer"
    code, out = run(home, "tokens", "create", "--user", "olga", "--json")
    assert json.loads(out)["token"].startswith("prm_")
    code, out = run(home, "users", "list")
    assert "olga" in out and "officer" in out


def test_errors_are_one_line_and_exit_non_zero(tmp_path: Path, capsys: object) -> None:
    home = tmp_path / "node"
    status = main(["--home", str(home), "init", "--node-id", "mx-inm", "--country", "MEXX", "--name", "INM"])
    captured = capsys.readouterr()  # type: ignore[attr-defined]
    assert status == 1
    assert captured.err.strip().count("\n") == 0
    assert captured.err.startswith("error: country code 'MEXX' is not an ISO 3166-1 alpha-3 code")
    assert main(["--home", str(home), "info"]) == 1
    assert "perimeter init" in capsys.readouterr().err  # type: ignore[attr-defined]


def test_settings_lists_every_setting(tmp_path: Path) -> None:
    _, out = run(tmp_path, "settings", "--json")
    names = {row["name"] for row in json.loads(out)}
    assert {"alert_threshold", "database_url", "pnr_mask_after_days"} <= names
