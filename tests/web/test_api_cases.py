"""Shared cases through the API: a finder notifies, the owner's liaison officer answers, both read the thread."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient

from perimeter.core.access import Actor, Role
from perimeter.services import users
from perimeter.services.node import Node
from perimeter.web.app import create_app
from tests.conftest import NodeFactory
from tests.services.case_network import FOUND_AT, LISTED, Network, link

NOTIFY = {
    "owner_node": "us-cbp",
    "record_kind": "watchlist-entry",
    "record_id": LISTED["id"],
    "category": "criminal",
    "location": "CAYYZ",
    "found_at": FOUND_AT.isoformat(),
    "officer_action": "Referred to secondary inspection",
    "subject": {"name": "Brett Pat Oortmeijer", "birth_date": "1977-10-23"},
    "score": 0.93,
}


@pytest.fixture
def network(make_node: NodeFactory) -> Network:
    return link(make_node, "us-cbp", "ca-cbsa")


@pytest.fixture
def apis(network: Network) -> Iterator[dict[str, TestClient]]:
    # Served without lifespan: the test delivers the outboxes itself, deterministically.
    yield {node_id: TestClient(create_app(node.settings, node)) for node_id, node in network.nodes.items()}


def bearer(node: Node, username: str, role: Role) -> dict[str, str]:
    users.add_user(node, Actor.system(), username, role)
    return {"Authorization": f"Bearer {users.create_token(node, Actor.system(), username).token}"}


def test_notify_answer_and_read_the_thread(network: Network, apis: dict[str, TestClient]) -> None:
    us, ca = network.nodes["us-cbp"], network.nodes["ca-cbsa"]
    ca_officer, us_liaison = bearer(ca, "claire", Role.OFFICER), bearer(us, "lia", Role.LIAISON)
    us_officer = bearer(us, "olga", Role.OFFICER)
    created = apis["ca-cbsa"].post("/api/v1/cases", json=NOTIFY, headers=ca_officer)
    assert created.status_code == 201, created.text
    case_id = created.json()["case_id"]
    assert created.json()["deadline"]["kind"] == "response" and created.json()["direction"] == "sent"
    network.deliver("ca-cbsa")

    listed = apis["us-cbp"].get("/api/v1/cases?direction=received&state=notified", headers=us_liaison).json()
    assert listed["total"] == 1 and listed["cases"][0]["case_id"] == case_id
    assert apis["us-cbp"].get("/api/v1/cases?direction=sent", headers=us_liaison).json()["total"] == 0
    forbidden = apis["us-cbp"].post(f"/api/v1/cases/{case_id}/confirm", json={}, headers=us_officer)
    assert forbidden.status_code == 403 and "cases:write" in forbidden.json()["message"]
    confirmed = apis["us-cbp"].post(
        f"/api/v1/cases/{case_id}/confirm", json={"handling": "Refuse entry"}, headers=us_liaison
    )
    assert confirmed.json()["state"] == "identity-confirmed" and confirmed.json()["deadline"]["kind"] == "core-data"
    refused = apis["us-cbp"].post(f"/api/v1/cases/{case_id}/release", json={"fields": ["remarks"]}, headers=us_liaison)
    assert refused.status_code == 403 and "does not release remarks" in refused.json()["message"]
    released = apis["us-cbp"].post(
        f"/api/v1/cases/{case_id}/release", json={"fields": ["names", "category"]}, headers=us_liaison
    )
    assert released.status_code == 200 and released.json()["core_data_met"] is True
    network.deliver("us-cbp")

    detail = apis["ca-cbsa"].get(f"/api/v1/cases/{case_id}", headers=ca_officer).json()
    assert detail["case"]["released"]["category"] == "criminal"
    assert [step["action"] for step in detail["thread"]] == ["confirm", "release"]
    assert detail["notification"]["location"] == "CAYYZ"
    today = date.today().isoformat()
    figures = apis["us-cbp"].get(f"/api/v1/cases/figures?date_from={today}&date_to={today}", headers=us_liaison).json()
    assert figures["received"]["total"] == 1 and figures["received"]["answered_within_deadline"] == 1
    assert figures["received"]["core_data_within_deadline"] == 1 and figures["sent"]["total"] == 0


def test_bad_requests_get_precise_errors(network: Network, apis: dict[str, TestClient]) -> None:
    ca = network.nodes["ca-cbsa"]
    officer = bearer(ca, "claire", Role.OFFICER)
    assert apis["ca-cbsa"].get("/api/v1/cases/0b8f5a52-8f2c-4b4e-9d7e-6f1f0c3a9e11", headers=officer).status_code == 404
    wrong = apis["ca-cbsa"].get("/api/v1/cases?state=lost", headers=officer)
    assert wrong.status_code == 422 and "unknown case state 'lost'" in wrong.json()["message"]
    own = apis["ca-cbsa"].post("/api/v1/cases", json={**NOTIFY, "owner_node": "ca-cbsa"}, headers=officer)
    assert own.status_code == 422 and "opens no shared case" in own.json()["message"]
    stranger = apis["ca-cbsa"].post("/api/v1/cases", json={**NOTIFY, "owner_node": "mx-inm"}, headers=officer)
    assert stranger.status_code == 403 and "no agreement" in stranger.json()["message"]
    assert apis["ca-cbsa"].get("/api/v1/cases").status_code == 401
