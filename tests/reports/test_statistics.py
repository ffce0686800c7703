"""The statistics exchange: signed aggregates from partners, a three-node joint report, forgeries refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from perimeter.audit.signing import sign
from perimeter.core.access import Actor
from perimeter.core.errors import InvalidInput
from perimeter.federation.identity import PUBLIC_KEY_FILE
from perimeter.reports.model import Period
from perimeter.reports.sections import SECTIONS
from perimeter.services import reports
from perimeter.services.node import Node
from tests.conftest import NodeFactory
from tests.reports.loaded import PERIOD, load


@pytest.fixture
def three(make_node: NodeFactory, admin: Actor) -> tuple[Node, Node, Node]:
    us, ca, mx = (
        make_node("us-cbp", "USA", "US CBP"),
        make_node("ca-cbsa", "CAN", "CBSA"),
        make_node("mx-inm", "MEX", "INM"),
    )
    for node in (us, ca, mx):
        load(node, admin)
    return us, ca, mx


def statistics_file(node: Node, admin: Actor, tmp_path: Path) -> Path:
    out = tmp_path / f"{node.node_id}-statistics.json"
    reports.write_statistics(node, admin, PERIOD, out)
    return out


def test_three_nodes_make_one_joint_report_with_every_countrys_figures(
    three: tuple[Node, Node, Node], admin: Actor, tmp_path: Path
) -> None:
    us, ca, mx = three
    files = [statistics_file(node, admin, tmp_path) for node in (ca, mx)]
    keys = [node.home / PUBLIC_KEY_FILE for node in (ca, mx)]
    result = reports.joint_report(us, admin, PERIOD, tmp_path / "joint.html", files, keys)
    assert [node.country for node in result.report.nodes] == ["USA", "CAN", "MEX"]
    integrity = next(item for item in result.report.sections if item.section.key == "document-integrity")
    checks = next(block for block in integrity.blocks if block.key == "document-checks")
    assert [(row.key, row.values, row.total) for row in checks.rows] == [
        ("checks", (5, 5, 5), 15),
        ("hits", (2, 2, 2), 6),
    ]
    html = result.out.read_text()
    for country in ("USA", "CAN", "MEX"):
        assert f'<th scope="col" class="num">{country}</th>' in html
    assert "statistics signed by ca-cbsa" in html and "Total" in html
    document = json.loads(files[0].read_text())
    assert document["node_id"] == "ca-cbsa" and "holder_surname" not in files[0].read_text()


def test_statistics_carry_counts_only(three: tuple[Node, Node, Node], admin: Actor, tmp_path: Path) -> None:
    document = json.loads(statistics_file(three[1], admin, tmp_path).read_text())
    assert [section["key"] for section in document["sections"]] == [section.key for section in SECTIONS]
    figures = [figure for section in document["sections"] for block in section["blocks"] for figure in block["figures"]]
    assert figures and all(set(figure) == {"key", "label", "unit", "value", "source"} for figure in figures)
    assert all(isinstance(figure["value"], int | float) for figure in figures)


def _resign(document: dict[str, object], key: Ed25519PrivateKey) -> str:
    body = {name: value for name, value in document.items() if name != "signature"}
    return json.dumps({**body, "signature": sign(body, key)})


def test_tampered_forged_and_untrusted_statistics_are_refused(
    three: tuple[Node, Node, Node], admin: Actor, tmp_path: Path
) -> None:
    us, ca, _mx = three
    genuine = statistics_file(ca, admin, tmp_path)
    key = [ca.home / PUBLIC_KEY_FILE]
    document = json.loads(genuine.read_text())

    tampered = tmp_path / "tampered.json"
    document["sections"][4]["blocks"][1]["figures"][0]["value"] = 5000
    tampered.write_text(json.dumps(document))
    with pytest.raises(InvalidInput, match="signature of ca-cbsa does not match"):
        reports.read_partner_statistics(us, PERIOD, [tampered], key)

    forged = tmp_path / "forged.json"  # signed by another key but claiming ca-cbsa's key id
    forged.write_text(_resign(document, Ed25519PrivateKey.generate()))
    with pytest.raises(InvalidInput, match="does not match"):
        reports.read_partner_statistics(us, PERIOD, [forged], key)

    with pytest.raises(InvalidInput, match="not a trusted key of ca-cbsa"):
        reports.read_partner_statistics(us, PERIOD, [genuine], [])
    with pytest.raises(InvalidInput, match="not the report's period"):
        reports.read_partner_statistics(us, Period.parse("2001-01-01", "2001-06-30"), [genuine], key)
    with pytest.raises(InvalidInput, match="already contributes"):
        reports.read_partner_statistics(us, PERIOD, [genuine, genuine], key)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(extra="Jo Doe, born 1970"), "extra: Extra inputs are not permitted"),
        (
            lambda d: d["sections"][0].update(
                blocks=[
                    {
                        "key": "x",
                        "title": "x",
                        "figures": [{"key": "x", "label": "x", "unit": "count", "value": "Jo Doe", "source": "x"}],
                    }
                ]
            ),
            "value",
        ),
        (lambda d: d.update(format="other/1"), "format"),
    ],
)
def test_statistics_of_the_wrong_shape_are_refused_before_the_signature(
    node: Node, admin: Actor, tmp_path: Path, change: object, message: str
) -> None:
    document = json.loads(statistics_file(node, admin, tmp_path).read_text())
    change(document)  # type: ignore[operator]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document))
    with pytest.raises(InvalidInput, match=message):
        reports.read_partner_statistics(node, PERIOD, [bad], [node.home / PUBLIC_KEY_FILE])
