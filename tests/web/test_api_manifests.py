"""Passenger data through the API: send a message (body or upload), read flights and PNRs, rules, permissions."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from perimeter.core.access import Actor, Role
from perimeter.services import users
from perimeter.services.node import Node
from perimeter.web.app import create_app
from tests.conftest import NodeFactory
from tests.services.passenger_helpers import load_un, passenger, paxlst

TEST3 = "messages/paxlst/gtas-loader__apis-messages__Test3.txt"
PNR = "messages/pnrgov/gtas-loader__pnr-messages__2_pnrs_basic.edi"


@pytest.fixture
def recent(make_node: NodeFactory, shared_data: Path) -> Node:
    node = make_node(pnr_mask_after_days=36500, pnr_delete_after_days=36600)
    load_un(node, shared_data)
    return node


@pytest.fixture
def api(recent: Node) -> Iterator[TestClient]:
    with TestClient(create_app(recent.settings, recent)) as test_client:
        yield test_client


def bearer(node: Node, username: str, role: Role) -> dict[str, str]:
    users.add_user(node, Actor.system(), username, role)
    return {"Authorization": f"Bearer {users.create_token(node, Actor.system(), username).token}"}


def test_send_a_manifest_and_read_the_flight(api: TestClient, recent: Node, shared_data: Path) -> None:
    analyst = bearer(recent, "ana", Role.ANALYST)
    officer = bearer(recent, "olga", Role.OFFICER)
    data = paxlst([passenger("BADEGE", "ERIC", date(1971, 3, 3), "COD"), passenger("DOE", "JANE", date(1980, 1, 1))])
    sent = api.post("/api/v1/manifests", content=data, headers={**analyst, "content-type": "application/edifact"})
    assert sent.status_code == 201
    body = sent.json()
    assert body["dispositions"] == {"no-action": 1, "review": 0, "refer": 1}
    assert body["travellers"][0]["hits"][0]["record_id"] == "un:CDi.001" and body["travellers"][0]["reason"]
    again = api.post("/api/v1/manifests", content=data, headers=analyst)
    assert again.status_code == 200 and again.json()["already_received"] is True
    assert again.json()["manifest_id"] == body["manifest_id"]
    upload = api.post(
        "/api/v1/manifests", files={"file": ("Test3.txt", (shared_data / TEST3).read_bytes())}, headers=analyst
    )
    assert upload.status_code == 201 and upload.json()["dispositions"]["no-action"] == 260
    listed = api.get("/api/v1/manifests", headers=officer).json()
    assert [row["flight"] for row in listed] == ["UA0989", "UA0989"] and "travellers" not in listed[0]
    flight = api.get(f"/api/v1/manifests/{body['manifest_id']}", headers=officer).json()
    assert [(t["surname"], t["disposition"]) for t in flight["travellers"]] == [
        ("BADEGE", "refer"),
        ("DOE", "no-action"),
    ]
    refer = api.get(f"/api/v1/manifests/{body['manifest_id']}?disposition=refer", headers=officer).json()
    assert len(refer["travellers"]) == 1
    assert api.post("/api/v1/manifests", content=data, headers=officer).status_code == 403
    assert api.get("/api/v1/manifests/nope", headers=officer).status_code == 404
    quality = api.get("/api/v1/manifests/quality", headers=analyst).json()
    assert quality[0]["carrier"] == "UA" and quality[0]["manifests"] == 2


def test_a_bad_message_is_a_422_naming_the_segment(api: TestClient, recent: Node) -> None:
    analyst = bearer(recent, "ana", Role.ANALYST)
    broken = api.post("/api/v1/manifests", content=b"UNB+UNOA:4+X+Y+200101:1200+1'UNH+1+PAXLST'", headers=analyst)
    assert broken.status_code == 422 and broken.json()["error"] == "parse-error"
    empty = api.post("/api/v1/manifests", content=b"", headers=analyst)
    assert empty.status_code == 422 and "empty" in empty.json()["message"]
    assert api.get("/api/v1/manifests", headers=analyst).json() == []


def test_pnrs_through_the_api(api: TestClient, recent: Node, shared_data: Path) -> None:
    analyst = bearer(recent, "ana", Role.ANALYST)
    sent = api.post("/api/v1/manifests", content=(shared_data / PNR).read_bytes(), headers=analyst).json()
    assert sent["kind"] == "pnrgov" and sent["pnrs"]["added"] == 2
    listed = api.get("/api/v1/pnrs", headers=analyst).json()
    assert {row["record_locator"] for row in listed} == {"MFN4TI", "23456"}
    one = api.get(f"/api/v1/pnrs/{listed[0]['pnr_id']}", headers=analyst).json()
    assert one["masked"] is False and one["record"]["record_locator"] == listed[0]["record_locator"]
    retention = api.post("/api/v1/pnrs/retention", headers=analyst).json()
    assert retention["pnrs_deleted"] == 0


def test_rules_through_the_api(api: TestClient, recent: Node) -> None:
    analyst = bearer(recent, "ana", Role.ANALYST)
    officer = bearer(recent, "olga", Role.OFFICER)
    bad = api.post(
        "/api/v1/rules", json={"rule_id": "x", "name": "X", "expression": "traveller.age >"}, headers=analyst
    )
    assert bad.status_code == 422 and "syntax error at line 1, column 16" in bad.json()["message"]
    rule = {"rule_id": "young", "name": "Young", "expression": "traveller.age < 18", "action": "refer"}
    assert api.post("/api/v1/rules", json=rule, headers=officer).status_code == 403
    assert api.post("/api/v1/rules", json=rule, headers=analyst).status_code == 201
    edited = api.post("/api/v1/rules/young/versions", json={"expression": "traveller.age < 16"}, headers=analyst)
    assert edited.json()["version"] == 2
    api.post("/api/v1/manifests", content=paxlst([passenger("KID", "A", date(2005, 1, 1))]), headers=analyst)
    tested = api.post("/api/v1/rules/young/test", json={"version": 1}, headers=analyst).json()
    assert tested["travellers"] == 1 and tested["hits"][0]["fields"] == {"traveller.age": 12}
    assert api.post("/api/v1/rules/young/activate?version=1", headers=analyst).json()["state"] == "active"
    history = api.get("/api/v1/rules/young", headers=officer).json()
    assert [(r["version"], r["state"]) for r in history] == [(1, "active"), (2, "draft")]
    sent = api.post(
        "/api/v1/manifests", content=paxlst([passenger("KID", "B", date(2005, 1, 1))], "R2"), headers=analyst
    )
    assert sent.json()["travellers"][0]["rule_matches"][0]["rule_id"] == "young"
    assert api.post("/api/v1/rules/young/retire", headers=analyst).json()["state"] == "retired"
