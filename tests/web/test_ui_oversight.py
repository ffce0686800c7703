"""The privacy officer's page: chain status, disclosures per partner and clause, refusals, unmasking, exports."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import update

from perimeter.core.access import Actor, Role
from perimeter.services import users
from perimeter.services.node import Node
from perimeter.store.tables.audit import audit_log as audit_table
from tests.reports.loaded import PERIOD, load

PASSWORD = "correct horse battery"


def sign_in(client: TestClient, node: Node, admin: Actor, username: str, role: Role) -> None:
    users.add_user(node, admin, username, role, username.title(), PASSWORD)
    response = client.post("/ui/sign-in", data={"username": username, "password": PASSWORD})
    assert response.status_code == 200


def test_the_auditor_sees_disclosures_refusals_and_unmasking(client: TestClient, node: Node, admin: Actor) -> None:
    load(node, admin)
    with node.db.write() as connection:
        node.audit(connection, "user:ana", "pnr.unmask", "pnr-77", reason="case 12")
    sign_in(client, node, admin, "ada", Role.AUDITOR)
    assert 'href="/ui/oversight"' in client.get("/ui/today").text
    page = client.get("/ui/oversight", params={"start": PERIOD.first.isoformat(), "end": PERIOD.last.isoformat()})
    assert page.status_code == 200
    text = page.text
    assert "Chain intact" in text
    assert "5 disclosures (counted once per releasing clause), 2 refusals." in text
    assert re.search(
        r"<td>us-ca-documents</td><td>ca-cbsa</td><td>lost-stolen-documents</td><td>document-status</td>"
        r"\s*<td class=\"num\">3</td>",
        text,
    )
    assert "permission-denied" in text and "100%" in text
    assert "pnr-77" in text and "user:ana" in text


def test_a_bad_period_is_explained(client: TestClient, node: Node, admin: Actor) -> None:
    sign_in(client, node, admin, "ada", Role.AUDITOR)
    page = client.get("/ui/oversight", params={"start": "2026-06-30", "end": "2026-01-01"})
    assert page.status_code == 400 and "before it begins" in page.text


def test_officers_do_not_see_the_oversight_page(client: TestClient, node: Node, admin: Actor) -> None:
    sign_in(client, node, admin, "olga", Role.OFFICER)
    assert 'href="/ui/oversight"' not in client.get("/ui/today").text
    page = client.get("/ui/oversight")
    assert page.status_code == 403 and "audit:read" in page.text


def test_a_changed_entry_of_the_period_shows_as_a_broken_chain(client: TestClient, node: Node, admin: Actor) -> None:
    load(node, admin)
    with node.db.write() as connection:
        connection.execute(
            update(audit_table).where(audit_table.c.action == "document.check").values(details={"found": False})
        )
    sign_in(client, node, admin, "ada", Role.AUDITOR)
    page = client.get("/ui/oversight", params={"start": PERIOD.first.isoformat(), "end": PERIOD.last.isoformat()})
    assert page.status_code == 200 and "Chain broken at entry" in page.text
