"""The port-of-entry check and MRZ reading through the API."""

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from perimeter.core.access import Actor, Role
from perimeter.formats.mrz import compose_td3
from perimeter.services import document_registry, users
from perimeter.services.node import Node
from perimeter.web.app import create_app

FRESH = compose_td3(
    document_number="UT1234567",
    issuing_country="UTO",
    surname="ERIKSSON",
    given_names="ANNA MARIA",
    nationality="UTO",
    birth_date=date(1974, 8, 12),
    sex="F",
    expiry_date=date(2035, 4, 15),
).splitlines()


@pytest.fixture
def api(uto_node: Node) -> Iterator[TestClient]:
    with TestClient(create_app(uto_node.settings, uto_node)) as test_client:
        yield test_client


@pytest.fixture
def officer(uto_node: Node) -> dict[str, str]:
    users.add_user(uto_node, Actor.system(), "olga", Role.OFFICER)
    return {"Authorization": f"Bearer {users.create_token(uto_node, Actor.system(), 'olga').token}"}


def test_clean_then_stolen_then_mismatched(api: TestClient, uto_node: Node, officer: dict[str, str]) -> None:
    page = {"surname": "Eriksson", "given_names": "Anna Maria", "birth_date": "1974-08-12"}
    clear = api.post(
        "/api/v1/port-of-entry/check", json={"mrz": FRESH, "photo_page": page, "location": "UTOAP"}, headers=officer
    )
    assert clear.status_code == 200 and clear.json()["decision"] == "clear"
    document_registry.add(
        uto_node,
        Actor.system(),
        {
            "issuing_country": "UTO",
            "document_type": "P",
            "number": "UT1234567",
            "status": "stolen",
            "reported_on": "2025-01-01",
        },
    )
    stolen = api.post("/api/v1/port-of-entry/check", json={"mrz": "\n".join(FRESH)}, headers=officer).json()
    assert stolen["decision"] == "refer" and [r["code"] for r in stolen["reasons"]] == ["document-reported"]
    assert stolen["document_status"][0]["status"] == "stolen"
    mismatch = api.post(
        "/api/v1/port-of-entry/check",
        json={"mrz": FRESH, "photo_page": {**page, "surname": "Erikson"}},
        headers=officer,
    ).json()
    assert {r["code"] for r in mismatch["reasons"]} == {"document-reported", "photo-page-mismatch"}


def test_not_an_mrz_is_422(api: TestClient, officer: dict[str, str]) -> None:
    response = api.post("/api/v1/port-of-entry/check", json={"mrz": ["P<UTO", "123"]}, headers=officer)
    assert response.status_code == 422 and "not an MRZ" in response.json()["message"]
    bad_page = api.post(
        "/api/v1/port-of-entry/check", json={"mrz": FRESH, "photo_page": {"birth_date": "12/08/1974"}}, headers=officer
    )
    assert bad_page.status_code == 422


def test_read_a_zone(api: TestClient, officer: dict[str, str], shared_data: Path) -> None:
    rows = json.loads((shared_data / "documents/mrz/mrz_samples.json").read_text())
    for row in rows:
        read = api.post("/api/v1/documents/read", json={"mrz": row["mrz"]}, headers=officer)
        assert read.status_code == 200 and read.json()["valid"] is row["own_valid"]
    assert api.post("/api/v1/documents/read", json={"mrz": "nonsense"}, headers=officer).status_code == 422
    assert api.post("/api/v1/documents/read", json={"mrz": FRESH}).status_code == 401


def test_an_auditor_may_not_check_at_the_port(api: TestClient, uto_node: Node) -> None:
    users.add_user(uto_node, Actor.system(), "audrey", Role.AUDITOR)
    headers = {"Authorization": f"Bearer {users.create_token(uto_node, Actor.system(), 'audrey').token}"}
    assert api.post("/api/v1/port-of-entry/check", json={"mrz": FRESH}, headers=headers).status_code == 403
