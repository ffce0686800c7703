"""The document registry through the API: check, keep records, load files, record incidents."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from perimeter.core.access import Actor, Role
from perimeter.services import users
from perimeter.services.node import Node
from perimeter.web.app import create_app

STOLEN = {
    "issuing_country": "UTO",
    "document_type": "passport",
    "number": "L898902C3",
    "status": "stolen",
    "reported_on": "2024-05-01",
    "reporting_authority": "Utopia Police",
}


@pytest.fixture
def api(uto_node: Node) -> Iterator[TestClient]:
    with TestClient(create_app(uto_node.settings, uto_node)) as test_client:
        yield test_client


def bearer(node: Node, username: str, role: Role) -> dict[str, str]:
    users.add_user(node, Actor.system(), username, role)
    return {"Authorization": f"Bearer {users.create_token(node, Actor.system(), username).token}"}


def test_keep_a_record_and_check_it(api: TestClient, uto_node: Node) -> None:
    keeper = bearer(uto_node, "lena", Role.LIST_MANAGER)
    officer = bearer(uto_node, "olga", Role.OFFICER)
    created = api.post("/api/v1/documents", json=STOLEN, headers=keeper)
    assert created.status_code == 201 and created.json()["record_id"] == "UTO/passport/L898902C3"
    answer = api.post("/api/v1/documents/check", json={"country": "UTO", "number": "L898-9O2 C3"}, headers=officer)
    body = answer.json()
    assert answer.status_code == 200 and body["found"] is True and body["status"] == "stolen"
    assert body["records"][0]["owner_node"] == "uto-pass" and body["records"][0]["reported_on"] == "2024-05-01"
    assert body["lookup_ms"] < 1000 and "audit_ms" in body
    path = "/api/v1/documents/UTO/P/L898%20902C3"
    assert api.get(path, headers=officer).json()["reporting_authority"] == "Utopia Police"
    amended = api.put(path, json={**STOLEN, "status": "revoked"}, headers=keeper)
    assert amended.status_code == 200 and amended.json()["status"] == "revoked"
    assert api.delete(path, params={"reason": "recovered"}, headers=keeper).status_code == 204
    assert api.get(path, headers=officer).status_code == 404
    feed = api.get("/api/v1/changes", params={"kind": "document-status"}, headers=officer).json()
    assert [c["op"] for c in feed["changes"]] == ["add", "change", "remove"]


def test_refusals_map_to_http(api: TestClient, uto_node: Node) -> None:
    keeper = bearer(uto_node, "lena", Role.LIST_MANAGER)
    officer = bearer(uto_node, "olga", Role.OFFICER)
    foreign = api.post("/api/v1/documents", json={**STOLEN, "issuing_country": "CAN"}, headers=keeper)
    assert foreign.status_code == 403 and "only the issuing country's node" in foreign.json()["message"]
    assert api.post("/api/v1/documents", json=STOLEN, headers=officer).status_code == 403
    bad = api.post("/api/v1/documents", json={**STOLEN, "status": "gone"}, headers=keeper)
    assert bad.status_code == 422 and "status 'gone'" in bad.json()["message"]
    assert api.post("/api/v1/documents", json=STOLEN, headers=keeper).status_code == 201
    assert api.post("/api/v1/documents", json=STOLEN, headers=keeper).status_code == 409
    unknown = api.post("/api/v1/documents/check", json={"country": "XYZ", "number": "1"}, headers=officer)
    assert unknown.status_code == 422 and unknown.json()["error"] == "unknown-country"
    assert api.post("/api/v1/documents/check", json={"country": "UTO", "number": "1"}).status_code == 401


def test_load_a_file_through_the_api(api: TestClient, uto_node: Node) -> None:
    keeper = bearer(uto_node, "lena", Role.LIST_MANAGER)
    content = (
        b"issuing_country,document_type,number,status,reported_on\nUTO,P,A1,lost,2024-01-01\nUTO,P,A2,lost,2024-01-01\n"
    )
    loaded = api.post("/api/v1/documents/loads", files={"file": ("reg.csv", content)}, headers=keeper)
    assert loaded.status_code == 201 and loaded.json()["added"] == 2
    again = api.post("/api/v1/documents/loads", files={"file": ("reg.csv", content)}, headers=keeper).json()
    assert again["added"] == 0 and again["unchanged"] == 2
    bad = api.post("/api/v1/documents/loads", files={"file": ("bad.csv", content + b"UTO,P,A3\n")}, headers=keeper)
    assert bad.status_code == 422 and bad.json()["message"].startswith("bad.csv, line 4: 3 fields")
    named = api.post(
        "/api/v1/documents/loads", files={"file": ("upload", content)}, data={"format": "csv"}, headers=keeper
    )
    assert named.status_code == 201


def test_incidents_and_trends_through_the_api(api: TestClient, uto_node: Node) -> None:
    officer = bearer(uto_node, "olga", Role.OFFICER)
    analyst = bearer(uto_node, "ana", Role.ANALYST)
    incident = {
        "kind": "forged-page",
        "observed": "Data page replaced; laminate lifted at the corner.",
        "indicators": ["page-substituted", "laminate-tampered"],
        "location": "UTOAP",
        "occurred_at": "2026-02-03T10:00:00Z",
        "document": {"issuing_country": "UTO", "document_type": "P", "number": "L898902C3"},
        "outcome": "document-seized",
    }
    recorded = api.post(
        "/api/v1/documents/incidents", json={"incident": incident, "apply_status": "invalidated"}, headers=officer
    )
    assert recorded.status_code == 201 and recorded.json()["registry_change"] == "add"
    assert recorded.json()["officer"] == "olga"
    check = api.post("/api/v1/documents/check", json={"country": "UTO", "number": "L898902C3"}, headers=officer)
    assert check.json()["status"] == "invalidated" and check.json()["fraud_incidents"] == 1
    listed = api.get("/api/v1/documents/incidents", params={"from": "2026-02-01", "to": "2026-02-28"}, headers=officer)
    assert [item["kind"] for item in listed.json()] == ["forged-page"]
    period = {"from": "2026-01-01", "to": "2026-06-30"}
    figures = api.get("/api/v1/documents/incidents/trends", params=period, headers=analyst).json()
    assert figures["by_kind"] == {"forged-page": 1} and figures["by_month"] == {"2026-02": 1}
    assert api.get("/api/v1/documents/incidents/trends", params=period, headers=officer).status_code == 403
    bad = api.post("/api/v1/documents/incidents", json={"incident": {**incident, "kind": "x"}}, headers=officer)
    assert bad.status_code == 422 and "kind" in bad.json()["message"]


@pytest.mark.parametrize(
    ("role", "check", "write", "incident"),
    [
        (Role.OFFICER, 200, 403, 201),
        (Role.ANALYST, 200, 403, 201),
        (Role.LIAISON, 200, 403, 201),
        (Role.LIST_MANAGER, 200, 201, 403),
        (Role.AUDITOR, 403, 403, 403),
        (Role.ADMIN, 200, 201, 201),
    ],
)
def test_permissions_per_role(
    api: TestClient, uto_node: Node, role: Role, check: int, write: int, incident: int
) -> None:
    headers = bearer(uto_node, "someone", role)
    assert (
        api.post("/api/v1/documents/check", json={"country": "UTO", "number": "A1"}, headers=headers).status_code
        == check
    )
    assert api.post("/api/v1/documents", json=STOLEN, headers=headers).status_code == write
    body = {
        "incident": {
            "kind": "counterfeit",
            "observed": "x",
            "location": "UTOAP",
            "document": {"issuing_country": "CAN", "number": "A1"},
            "outcome": "refused-entry",
        }
    }
    assert api.post("/api/v1/documents/incidents", json=body, headers=headers).status_code == incident
