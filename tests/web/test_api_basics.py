from typing import Any

import pytest
from fastapi.testclient import TestClient

from perimeter.core.access import Actor, Role
from perimeter.services import users
from perimeter.services import watchlist_entries as entries
from perimeter.services.node import Node


def bearer(node: Node, admin: Actor, username: str, role: Role) -> dict[str, str]:
    users.add_user(node, admin, username, role)
    return {"Authorization": f"Bearer {users.create_token(node, admin, username).token}"}


def test_health_needs_no_token_and_the_docs_are_served(client: TestClient) -> None:
    assert client.get("/api/v1/health").json()["status"] == "ok"
    assert "/api/v1/entries" in client.get("/openapi.json").json()["paths"]


def test_requests_without_or_with_a_bad_token_are_refused(client: TestClient) -> None:
    response = client.get("/api/v1/lists")
    assert response.status_code == 401 and "Bearer" in response.json()["message"]
    assert response.headers["www-authenticate"] == "Bearer"
    response = client.get("/api/v1/lists", headers={"Authorization": "Bearer prm_0123456789ab_" + "x" * 30})
    assert response.status_code == 401 and response.json()["error"] == "authentication-required"


@pytest.mark.parametrize(
    ("role", "reads", "writes", "manages_users"),
    [
        (Role.OFFICER, 200, 403, 403),
        (Role.ANALYST, 200, 403, 403),
        (Role.LIAISON, 200, 403, 403),
        (Role.LIST_MANAGER, 200, 201, 403),
        (Role.AUDITOR, 200, 403, 403),
        (Role.ADMIN, 200, 201, 200),
    ],
)
def test_roles_decide_what_a_token_may_do(
    client: TestClient, node: Node, admin: Actor, role: Role, reads: int, writes: int, manages_users: int
) -> None:
    headers = bearer(node, admin, "someone", role)
    assert client.get("/api/v1/lists", headers=headers).status_code == reads
    created = client.post("/api/v1/lists", json={"list_name": "us-lookout"}, headers=headers)
    assert created.status_code == writes
    if writes == 403:
        assert "watchlist:write" in created.json()["message"]
    assert client.get("/api/v1/users", headers=headers).status_code == manages_users


def test_national_list_entries_through_the_api(client: TestClient, node: Node, admin: Actor) -> None:
    headers = bearer(node, admin, "lena", Role.LIST_MANAGER)
    assert client.post("/api/v1/lists", json={"list_name": "us-lookout"}, headers=headers).status_code == 201
    for number in range(1, 6):
        body: dict[str, Any] = {
            "id": f"lk-{number}",
            "category": "immigration-lookout",
            "subject_type": "person",
            "names": [{"full": f"Person Number{number}"}, {"full": f"Alias Number{number}", "kind": "alias"}],
        }
        assert client.post("/api/v1/lists/us-lookout/entries", json=body, headers=headers).status_code == 201
    page = client.get("/api/v1/entries", params={"list": "us-lookout", "limit": 2}, headers=headers).json()
    assert [item["record_id"] for item in page["items"]] == ["lk-1", "lk-2"]
    second = client.get(page["next"], headers=headers).json()
    assert [item["record_id"] for item in second["items"]] == ["lk-3", "lk-4"]
    found = client.get("/api/v1/entries", params={"q": "alias number3"}, headers=headers).json()
    assert [item["record_id"] for item in found["items"]] == ["lk-3"]
    assert client.get("/api/v1/entries/lk-3", headers=headers).json()["names"][1]["full"] == "Alias Number3"
    bad = client.post(
        "/api/v1/lists/us-lookout/entries",
        json={"id": "lk-9", "category": "nonsense", "subject_type": "person", "names": [{"full": "X"}]},
        headers=headers,
    )
    assert bad.status_code == 422 and "category" in bad.json()["message"]
    assert client.delete("/api/v1/lists/us-lookout/entries/lk-3", headers=headers).status_code == 204
    assert client.get("/api/v1/entries/lk-3", headers=headers).status_code == 404
    feed = client.get("/api/v1/changes", headers=headers).json()
    assert [c["op"] for c in feed["changes"]] == ["add"] * 5 + ["remove"]
    assert entries.get_list(node, admin, "us-lookout")[0].entry_count == 4


def test_tokens_are_issued_and_revoked_by_administrators(client: TestClient, node: Node, admin: Actor) -> None:
    headers = bearer(node, admin, "root", Role.ADMIN)
    assert (
        client.post("/api/v1/users", json={"username": "olga", "role": "officer"}, headers=headers).status_code == 201
    )
    issued = client.post("/api/v1/users/olga/tokens", json={"label": "desk"}, headers=headers).json()
    olga = {"Authorization": f"Bearer {issued['token']}"}
    assert client.get("/api/v1/node", headers=olga).json()["you"] == {"name": "olga", "role": "officer"}
    listed = client.get("/api/v1/tokens", params={"username": "olga"}, headers=headers).json()
    assert "secret_hash" not in listed[0]
    assert client.delete(f"/api/v1/tokens/{issued['token_id']}", headers=headers).status_code == 204
    assert client.get("/api/v1/node", headers=olga).status_code == 401
    bad_role = client.post("/api/v1/users", json={"username": "x1", "role": "king"}, headers=headers)
    assert bad_role.status_code == 422 and "roles are" in bad_role.json()["message"]
