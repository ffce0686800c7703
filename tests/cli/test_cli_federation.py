"""Two agencies link their nodes by hand: partners, then an agreement proposed, signed and imported by each."""

import json
from pathlib import Path

from click.testing import CliRunner

from perimeter.cli.main import cli, main
from tests.federation.conftest import agreement_text


def run(home: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--home", str(home), *args], catch_exceptions=False)
    return result.exit_code, result.output


def test_partners_and_agreement_by_hand(tmp_path: Path, capsys: object) -> None:
    us, ca = tmp_path / "us", tmp_path / "ca"
    run(us, "init", "--node-id", "us-cbp", "--country", "USA", "--name", "CBP")
    run(ca, "init", "--node-id", "ca-cbsa", "--country", "CAN", "--name", "CBSA")
    code, out = run(us, "partners", "add", "--node-id", "ca-cbsa", "--country", "CAN", "--url", "http://127.0.0.1:9",
                    "--public-key", str(ca / "keys" / "node.pub"), "--json")  # fmt: skip
    assert code == 0 and json.loads(out)["country"] == "CAN"
    run(ca, "partners", "add", "--node-id", "us-cbp", "--country", "USA", "--url", "http://127.0.0.1:8",
        "--public-key", str(us / "keys" / "node.pub"))  # fmt: skip
    code, out = run(us, "partners", "list", "--json")
    assert [row["node_id"] for row in json.loads(out)] == ["ca-cbsa"]

    draft = tmp_path / "draft.yaml"
    draft.write_text(agreement_text(["us-cbp", "ca-cbsa"]))
    proposed, signed = tmp_path / "proposed.yaml", tmp_path / "signed.yaml"
    assert run(us, "agreement", "propose", str(draft), "--out", str(proposed))[0] == 0
    assert main(["--home", str(us), "agreement", "import", str(proposed)]) == 1
    assert "not signed by ca-cbsa yet" in capsys.readouterr().err  # type: ignore[attr-defined]
    assert run(ca, "agreement", "sign", str(proposed), "--out", str(signed))[0] == 0
    for home in (us, ca):
        code, out = run(home, "agreement", "import", str(signed), "--json")
        assert code == 0 and json.loads(out)["state"] == "in force"
    code, out = run(ca, "agreement", "list", "--json")
    assert json.loads(out)[0]["agreement"] == "us-ca-2026"
    code, out = run(ca, "agreement", "show", "us-ca-2026", "--yaml")
    assert "signatures:" in out and "us-cbp:" in out

    tampered = tmp_path / "tampered.yaml"
    tampered.write_text(signed.read_text().replace("retention_days: 365", "retention_days: 3650"))
    assert main(["--home", str(ca), "agreement", "import", str(tampered)]) == 1
    assert "does not verify" in capsys.readouterr().err  # type: ignore[attr-defined]

    code, out = run(us, "federation", "deliver", "--json")
    assert code == 0 and json.loads(out)["pending"] == 0
    assert run(us, "partners", "remove", "ca-cbsa")[0] == 0
