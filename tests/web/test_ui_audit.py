"""The audit page: the chain's status from a checkpoint, a whole walk on demand, filtering and paging entries."""

from __future__ import annotations

import html

from fastapi.testclient import TestClient
from sqlalchemy import update

from perimeter.core.access import Actor, Role
from perimeter.services import users
from perimeter.services.node import Node
from perimeter.store import audit_log
from perimeter.store.tables.audit import audit_log as audit_table
from tests.web.ui_helpers import sign_in_as


def test_the_status_walks_only_new_entries_after_the_first_view(client: TestClient, node: Node) -> None:
    sign_in_as(client, node, "aude", Role.AUDITOR)
    first = html.unescape(client.get("/ui/audit").text)
    assert "Chain intact" in first and "Walked from the first entry" in first
    users.add_user(node, Actor.system(), "olga", Role.OFFICER)
    second = html.unescape(client.get("/ui/audit").text)
    assert "Chain intact" in second and "1 new entry checked against the last verified one" in second


def test_a_tampered_entry_is_found_by_the_whole_walk_and_the_walk_is_audited(client: TestClient, node: Node) -> None:
    csrf = sign_in_as(client, node, "aude", Role.AUDITOR)
    assert "Chain intact" in client.get("/ui/audit").text
    with node.db.write() as connection:
        connection.execute(update(audit_table).where(audit_table.c.seq == 1).values(actor="someone-else"))
    walked = html.unescape(client.post("/ui/audit/verify", data={"csrf_token": csrf}).text)
    assert "Chain broken at entry 1: its content does not match its hash" in walked
    with node.db.read() as connection:
        last = audit_log.latest(connection, limit=1)[0]
    assert last.action == "audit.verify" and last.details["ok"] is False and last.details["first_broken"] == 1


def test_entries_are_filtered_and_paged_newest_first(client: TestClient, node: Node) -> None:
    sign_in_as(client, node, "aude", Role.AUDITOR)
    for number in range(60):
        users.add_user(node, Actor.system(), f"user{number:02d}", Role.OFFICER)
    page = client.get("/ui/audit", params={"action": "user."}).text
    assert page.count("<td>user.add</td>") == 50 and "user59" in page and "user09" not in page
    assert "before=" in page and "action=user." in page
    older = client.get("/ui/audit", params={"action": "user.", "before": _oldest_seq(page)}).text
    assert older.count("<td>user.add</td>") == 11 and "user00" in older  # with aude, added first
    none = client.get("/ui/audit", params={"actor": "user:nobody"}).text
    assert "No entries match these filters" in none
    bad = client.get("/ui/audit", params={"since": "yesterday"})
    assert bad.status_code == 422 and "since &#39;yesterday&#39; is not a date" in bad.text


def _oldest_seq(page: str) -> int:
    return int(page.split("before=")[1].split('"')[0])


def test_only_roles_with_audit_read_see_it(client: TestClient, node: Node) -> None:
    sign_in_as(client, node, "olga", Role.OFFICER)
    assert client.get("/ui/audit").status_code == 403


def test_the_partners_checkpoints_held_are_shown(client: TestClient, node: Node) -> None:
    from perimeter.store.tables.base import utc_now
    from perimeter.store.tables.federation import audit_checkpoints

    now = utc_now()
    with node.db.write() as connection:
        for seq in (40, 41):
            connection.execute(
                audit_checkpoints.insert().values(
                    node_id="ca-cbsa",
                    seq=seq,
                    entry_hash=f"{seq:064d}",
                    signed_at=now,
                    signature="c2ln",
                    received_at=now,
                )
            )
    sign_in_as(client, node, "aude", Role.AUDITOR)
    page = client.get("/ui/audit").text
    assert "Partners' chains" in page and '<td>ca-cbsa</td><td class="num">41</td>' in page
    assert '<td class="num">40</td>' not in page


def test_a_restarted_app_walks_from_the_last_whole_walk_not_from_the_first_entry(node: Node, admin: Actor) -> None:
    from perimeter.services import audit_trail
    from perimeter.web.app import create_app

    audit_trail.verify_chain(node, admin)  # a whole walk, recorded as audit.verify
    users.add_user(node, admin, "olga", Role.OFFICER)
    with TestClient(create_app(node.settings, node)) as fresh:
        sign_in_as(fresh, node, "aude", Role.AUDITOR)
        page = html.unescape(fresh.get("/ui/audit").text)
    assert "Chain intact" in page and "4 new entries checked against the last verified one" in page
