"""The flight pages: manifests received, a flight's travellers filtered and sorted, masking and unmasking."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from perimeter.core.access import Role
from perimeter.services.node import Node
from perimeter.store import audit_log
from perimeter.web.app import create_app
from tests.conftest import NodeFactory
from tests.web.ui_helpers import PAXLST, lookout, receive, sign_in_as


@pytest.fixture
def recent(make_node: NodeFactory) -> Node:
    """A node that keeps passenger data unmasked for a century: the real 2017 messages read as recent."""
    return make_node(pnr_mask_after_days=36500)


def test_a_flight_lists_its_travellers_filtered_and_sorted(recent: Node, shared_data: Path) -> None:
    lookout(recent)
    manifest_id = receive(recent, shared_data)
    with TestClient(create_app(recent.settings, recent)) as client:
        sign_in_as(client, recent, "ana", Role.ANALYST)
        listing = client.get("/ui/flights").text
        assert f'href="/ui/flights/{manifest_id}"' in listing and "FRA → IAD" in listing
        everyone = html.unescape(client.get(f"/ui/flights/{manifest_id}").text)
        assert everyone.count('class="disposition-') == 8 and "Steur, Andrea" in everyone
        referred = html.unescape(client.get(f"/ui/flights/{manifest_id}", params={"disposition": "refer"}).text)
        assert referred.count('class="disposition-') == 1 and "lookout entry lk-1 (Andrea Steur)" in referred
        by_name = client.get(f"/ui/flights/{manifest_id}", params={"sort": "name"}).text
        surnames = re.findall(r"<td>([A-Z][a-z]+), ", by_name)
        assert surnames == sorted(surnames) and len(surnames) == 8
        by_risk = client.get(f"/ui/flights/{manifest_id}", params={"sort": "disposition"}).text
        assert re.findall(r'class="disposition-([a-z-]+)"', by_risk)[0] == "refer"
        searched = client.get(f"/ui/flights/{manifest_id}", params={"q": "julie"}).text
        assert searched.count('class="disposition-') == 1 and "Adomat" in searched
        bad = client.get(f"/ui/flights/{manifest_id}", params={"sort": "height"})
        assert bad.status_code == 422 and "sort &#39;height&#39; is not one of" in bad.text
    with recent.db.read() as connection:
        assert audit_log.latest(connection, limit=1)[0].action == "manifest.view"


def test_a_flight_past_the_masking_period_is_masked_until_unmasked_with_a_reason(
    node: Node, client: TestClient, shared_data: Path
) -> None:
    manifest_id = receive(node, shared_data)  # a 2017 flight: long past the default 183 days
    csrf = sign_in_as(client, node, "ana", Role.ANALYST)
    masked = client.get(f"/ui/flights/{manifest_id}").text
    assert "Masked" in masked and "Steur" not in masked and "***" in masked
    assert 'name="q"' not in masked  # no searching names that are hidden
    refused = client.post(f"/ui/flights/{manifest_id}/unmask", data={"csrf_token": csrf, "reason": "curious"})
    assert refused.status_code == 422 and "at least 10 characters" in refused.text
    shown = client.post(
        f"/ui/flights/{manifest_id}/unmask", data={"csrf_token": csrf, "reason": "case 2026-114, warrant 88/2026"}
    ).text
    assert "Steur" in shown and "Unmasked for this view only" in shown
    with node.db.read() as connection:
        last = audit_log.latest(connection, limit=1)[0]
    assert last.action == "manifest.unmask" and last.details["reason"] == "case 2026-114, warrant 88/2026"


def test_an_officer_may_read_flights_but_not_unmask_or_upload(
    node: Node, client: TestClient, shared_data: Path
) -> None:
    manifest_id = receive(node, shared_data)
    csrf = sign_in_as(client, node, "olga", Role.OFFICER)
    assert "Upload and screen" not in client.get("/ui/flights").text
    page = client.get(f"/ui/flights/{manifest_id}").text
    assert "Masked" in page and "Reason to unmask" not in page
    refused = client.post(
        f"/ui/flights/{manifest_id}/unmask", data={"csrf_token": csrf, "reason": "case 2026-114, warrant 88/2026"}
    )
    assert refused.status_code == 403 and "pnr:unmask" in refused.text


def test_roles_without_passenger_data_do_not_see_flights(client: TestClient, node: Node) -> None:
    sign_in_as(client, node, "lena", Role.LIST_MANAGER)
    assert 'href="/ui/flights"' not in client.get("/ui/today").text
    assert client.get("/ui/flights").status_code == 403


def test_an_unknown_flight_is_not_found(client: TestClient, node: Node) -> None:
    sign_in_as(client, node, "ana", Role.ANALYST)
    assert client.get("/ui/flights/no-such-flight").status_code == 404


def test_the_upload_answers_with_the_flight_to_open(client: TestClient, node: Node, shared_data: Path) -> None:
    csrf = sign_in_as(client, node, "ana", Role.ANALYST)
    path = shared_data / PAXLST
    response = client.post(
        "/api/v1/manifests", files={"file": (path.name, path.read_bytes())}, headers={"X-CSRF-Token": csrf}
    )
    assert response.status_code == 201 and response.json()["manifest_id"]
    again = client.post(
        "/api/v1/manifests", files={"file": (path.name, path.read_bytes())}, headers={"X-CSRF-Token": csrf}
    )
    assert again.status_code == 200 and again.json()["already_received"] is True
