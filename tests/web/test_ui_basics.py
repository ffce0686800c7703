"""The workspace shell: sign-in, sessions, CSRF, role-based navigation, list pages."""

import re

import pytest
from fastapi.testclient import TestClient

from perimeter.core.access import Actor, Role
from perimeter.services import users
from perimeter.services.node import Node

PASSWORD = "correct horse battery"


def sign_in(client: TestClient, node: Node, admin: Actor, username: str, role: Role) -> str:
    users.add_user(node, admin, username, role, username.title(), PASSWORD)
    response = client.post("/ui/sign-in", data={"username": username, "password": PASSWORD, "next": "/ui/lists"})
    assert response.status_code == 200 and response.url.path == "/ui/lists"
    match = re.search(r'name="csrf_token" value="([^"]+)"', response.text)
    assert match
    return match.group(1)


def test_pages_redirect_to_sign_in_and_back(client: TestClient) -> None:
    response = client.get("/ui/lists/ofac-sdn", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/ui/sign-in?next=/ui/lists/ofac-sdn"
    assert "Sign in" in client.get("/ui/sign-in").text


def test_wrong_password_is_refused_and_audited(client: TestClient, node: Node, admin: Actor) -> None:
    users.add_user(node, admin, "olga", Role.OFFICER, password=PASSWORD)
    response = client.post("/ui/sign-in", data={"username": "olga", "password": "not the password"})
    assert response.status_code == 401 and "wrong username or password" in response.text
    assert "perimeter_session" not in client.cookies


def test_the_session_cookie_is_http_only_and_strict(client: TestClient, node: Node, admin: Actor) -> None:
    users.add_user(node, admin, "olga", Role.OFFICER, password=PASSWORD)
    response = client.post("/ui/sign-in", data={"username": "olga", "password": PASSWORD}, follow_redirects=False)
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie


@pytest.mark.parametrize(
    ("role", "sees_audit", "sees_lists"),
    [(Role.OFFICER, False, True), (Role.AUDITOR, True, True), (Role.LIST_MANAGER, False, True)],
)
def test_navigation_follows_the_role(
    client: TestClient, node: Node, admin: Actor, role: Role, sees_audit: bool, sees_lists: bool
) -> None:
    sign_in(client, node, admin, "someone", role)
    page = client.get("/ui/today").text
    assert ('href="/ui/audit"' in page) is sees_audit
    assert ('href="/ui/lists"' in page) is sees_lists
    audit = client.get("/ui/audit")
    assert audit.status_code == (200 if sees_audit else 403)
    if not sees_audit:
        assert "audit:read" in audit.text and "Chain intact" not in audit.text


def test_a_list_manager_creates_a_list_and_adds_an_entry(client: TestClient, node: Node, admin: Actor) -> None:
    csrf = sign_in(client, node, admin, "lena", Role.LIST_MANAGER)
    response = client.post("/ui/lists", data={"csrf_token": csrf, "list_name": "us-lookout", "description": "test"})
    assert response.url.path == "/ui/lists/us-lookout"
    form = {
        "csrf_token": csrf,
        "record_id": "lk-1",
        "name": "Jo Quarrington",
        "aliases": "Джо Куаррингтон\nJoe Q",
        "category": "immigration-lookout",
        "subject_type": "person",
        "birth_dates": "1971-05",
        "nationalities": "can",
    }
    response = client.post("/ui/lists/us-lookout/entries", data=form)
    assert response.url.path == "/ui/entries/lk-1"
    assert "Джо Куаррингтон" in response.text and "CAN" in response.text
    bad = client.post("/ui/lists/us-lookout/entries", data={**form, "record_id": "lk-2", "nationalities": "XYZ"})
    assert bad.status_code == 422 and "&#39;XYZ&#39; is not an ISO 3166-1 alpha-3 code" in bad.text
    found = client.get("/ui/lists/us-lookout", params={"q": "quarr"})
    assert "lk-1" in found.text


def test_forms_without_the_csrf_token_are_refused(client: TestClient, node: Node, admin: Actor) -> None:
    sign_in(client, node, admin, "lena", Role.LIST_MANAGER)
    response = client.post("/ui/lists", data={"csrf_token": "forged", "list_name": "x1"})
    assert response.status_code == 403 and "did not come from this site" in response.text
    api = client.post("/api/v1/lists", json={"list_name": "x2"})
    assert api.status_code == 403 and "CSRF" in api.json()["message"]


def test_sign_out_ends_the_session(client: TestClient, node: Node, admin: Actor) -> None:
    csrf = sign_in(client, node, admin, "olga", Role.OFFICER)
    client.post("/ui/sign-out", data={"csrf_token": csrf})
    assert client.get("/ui/today", follow_redirects=False).status_code == 303


def test_disabling_a_user_ends_their_sessions(client: TestClient, node: Node, admin: Actor) -> None:
    sign_in(client, node, admin, "olga", Role.OFFICER)
    users.set_disabled(node, admin, "olga", True)
    assert client.get("/ui/today", follow_redirects=False).status_code == 303
