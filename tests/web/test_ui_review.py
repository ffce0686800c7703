"""Reviewing a flagged traveller: the features behind the score, and decisions that are kept and remembered."""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from perimeter.core.access import Actor, Role
from perimeter.records.watchlist import WatchlistEntry
from perimeter.services import cases, demo_agreements
from perimeter.services.federation_links import conclude, introduce
from perimeter.services.node import Node
from perimeter.services.watchlist_loading import WATCHLIST_KIND
from perimeter.store import changes, hit_reviews, watchlists
from perimeter.store.tables.base import utc_now
from perimeter.web.app import create_app
from tests.conftest import NodeFactory
from tests.web.ui_helpers import PAXLST, lookout, receive, sign_in_as


@pytest.fixture
def recent(make_node: NodeFactory) -> Node:
    return make_node("us-cbp", "USA", "U.S. Customs and Border Protection", pnr_mask_after_days=36500)


def _flagged(node: Node, manifest_id: str) -> int:
    with node.db.read() as connection:
        rows = hit_reviews.open_hits(connection, datetime(2000, 1, 1, tzinfo=UTC))
    return int(next(row.traveller_id for row in rows if row.manifest_id == manifest_id))


def test_the_review_shows_each_feature_and_a_false_match_is_remembered(recent: Node, shared_data: Path) -> None:
    lookout(recent)
    manifest_id = receive(recent, shared_data)
    traveller = _flagged(recent, manifest_id)
    with TestClient(create_app(recent.settings, recent)) as client:
        csrf = sign_in_as(client, recent, "ana", Role.ANALYST)
        page = html.unescape(client.get(f"/ui/travellers/{traveller}").text)
        assert "Steur, Andrea" in page and "detain and call the duty officer" in page
        assert "name similarity" in page and "born on 1978-07-06, as the entry" in page
        assert re.search(r"\+0\.\d\d</td><td>nationality GBR, as the entry", page)
        response = client.post(
            f"/ui/travellers/{traveller}/decisions",
            data={"csrf_token": csrf, "outcome": "false-match", "hit": "us-cbp/lk-1", "note": "born in Leeds"},
        )
        assert response.url.path == f"/ui/travellers/{traveller}"
        assert "false-match</span> by user:ana" in response.text and "suppressed" not in response.text
        today = html.unescape(client.get("/ui/today").text)
        assert "0 refer · 0 review, not yet reviewed" in today
    data = (shared_data / PAXLST).read_bytes().replace(b"UA0989", b"UA0990")  # the same crew on another flight
    again = receive_bytes(recent, data)
    with recent.db.read() as connection:
        assert hit_reviews.open_counts(connection, datetime(2000, 1, 1, tzinfo=UTC)) == {}
    assert again


def receive_bytes(node: Node, data: bytes) -> str:
    from perimeter.services import passenger_intake

    receipt = passenger_intake.receive(node, Actor.system(), data, "resent.txt")
    assert receipt.assessment is not None and receipt.assessment.counts()["refer"] == 0
    return str(receipt.manifest_id)


def test_confirm_and_refer_are_recorded_and_close_the_open_hit(recent: Node, shared_data: Path) -> None:
    lookout(recent)
    traveller = _flagged(recent, receive(recent, shared_data))
    with TestClient(create_app(recent.settings, recent)) as client:
        csrf = sign_in_as(client, recent, "ana", Role.ANALYST)
        assert f"/ui/travellers/{traveller}" in client.get("/ui/today").text
        for outcome in ("confirmed", "referred"):
            client.post(
                f"/ui/travellers/{traveller}/decisions",
                data={"csrf_token": csrf, "outcome": outcome, "hit": "us-cbp/lk-1", "note": f"{outcome} at the gate"},
            )
        page = client.get(f"/ui/travellers/{traveller}").text
        assert "confirmed</span> by user:ana" in page and "referred</span> by user:ana" in page
        assert f"/ui/travellers/{traveller}" not in client.get("/ui/today").text
        bad = client.post(
            f"/ui/travellers/{traveller}/decisions", data={"csrf_token": csrf, "outcome": "shrug", "hit": "us-cbp/lk-1"}
        )
        assert bad.status_code == 422 and "outcome &#39;shrug&#39; is not one of" in bad.text
        missing = client.post(
            f"/ui/travellers/{traveller}/decisions",
            data={"csrf_token": csrf, "outcome": "confirmed", "hit": "us-cbp/x"},
        )
        assert missing.status_code == 404
    with recent.db.read() as connection:
        actions = [entry.action for entry in recent_entries(connection)]
    assert actions.count("traveller.review") == 2


def recent_entries(connection: object) -> list[object]:
    from perimeter.store import audit_log

    return audit_log.latest(connection, limit=20)  # type: ignore[arg-type]


def test_an_officer_reads_the_review_but_cannot_decide(recent: Node, shared_data: Path) -> None:
    lookout(recent)
    traveller = _flagged(recent, receive(recent, shared_data))
    with TestClient(create_app(recent.settings, recent)) as client:
        csrf = sign_in_as(client, recent, "olga", Role.OFFICER)
        page = client.get(f"/ui/travellers/{traveller}").text
        assert "name similarity" in page and "Record decision" not in page
        refused = client.post(
            f"/ui/travellers/{traveller}/decisions",
            data={"csrf_token": csrf, "outcome": "confirmed", "hit": "us-cbp/lk-1"},
        )
        assert refused.status_code == 403 and "screen:decide" in refused.text


def test_a_masked_traveller_shows_no_name_nor_features(node: Node, client: TestClient, shared_data: Path) -> None:
    lookout(node, record_id="lk-9")
    traveller = _flagged(node, receive(node, shared_data))
    csrf = sign_in_as(client, node, "ana", Role.ANALYST)
    page = client.get(f"/ui/travellers/{traveller}").text
    assert "Steur" not in page.split("<h2")[1] and "name similarity" not in page and "Record decision" not in page
    shown = client.post(
        f"/ui/travellers/{traveller}/unmask", data={"csrf_token": csrf, "reason": "case 2026-114, warrant 88/2026"}
    ).text
    assert "Steur, Andrea" in shown and "name similarity" in shown


def test_notifying_the_owner_opens_a_case_with_the_partner(make_node: NodeFactory, shared_data: Path) -> None:
    us = make_node("us-cbp", "USA", "U.S. Customs and Border Protection", pnr_mask_after_days=36500)
    ca = make_node("ca-cbsa", "CAN", "Canada Border Services Agency")
    introduce({"us-cbp": "http://127.0.0.1:9", "ca-cbsa": "http://127.0.0.1:9"}, [us, ca])
    conclude([us, ca], demo_agreements.us_ca(date.today()))
    _hold_partner_entry(us)
    traveller = _flagged(us, receive(us, shared_data))
    with TestClient(create_app(us.settings.with_changes(outbox_poll_seconds=0), us)) as client:
        csrf = sign_in_as(client, us, "lou", Role.LIAISON)
        page = client.get(f"/ui/travellers/{traveller}").text
        assert "Notify the owner (ca-cbsa)" in page
        response = client.post(
            f"/ui/travellers/{traveller}/decisions",
            data={"csrf_token": csrf, "outcome": "owner-notified", "hit": "ca-cbsa/ca-lk-7", "note": "held at IAD"},
        )
        assert "owner-notified</span> by user:lou" in response.text
        case_id = re.search(r'href="/ui/cases/([0-9a-f-]{36})"', response.text)
        assert case_id is not None
        client.post(  # sent again (a retry, a second click): the same case, not a second notification
            f"/ui/travellers/{traveller}/decisions",
            data={"csrf_token": csrf, "outcome": "owner-notified", "hit": "ca-cbsa/ca-lk-7", "note": "held at IAD"},
        )
    total, found = cases.list_cases(us, Actor.system(), direction="sent")
    assert total == 1 and found[0].case_id == case_id.group(1) and found[0].record_id == "ca-lk-7"
    assert found[0].location == "IAD" and found[0].officer_action == "held at IAD"


def _hold_partner_entry(node: Node) -> None:
    """Canada's lookout as this node would hold it once shared: owned by ca-cbsa, indexed for screening."""
    entry = WatchlistEntry.model_validate(
        {
            "record_id": "ca-lk-7",
            "list_name": "ca-lookout",
            "owner_node": "ca-cbsa",
            "category": "criminal",
            "subject_type": "person",
            "names": [{"full": "Andrea Steur", "kind": "primary"}],
            "birth_dates": [{"date": "1978-07-06"}],
            "handling": "hold and call the RCMP",
        }
    )
    now = utc_now()
    with node.db.write() as connection:
        watchlists.create_list(connection, "ca-lookout", "ca-cbsa", "national", "shared by Canada", now)
        watchlists.insert_entries(connection, node.db, [entry], now, None)
        changes.record(connection, WATCHLIST_KIND, "ca-cbsa", "add", ["ca-lk-7"], now, "ca-lookout")


def test_a_false_match_taken_again_reuses_the_remembered_decision(recent: Node, shared_data: Path) -> None:
    from perimeter.services import hit_reviews as reviews
    from perimeter.services import screening_decisions

    lookout(recent)
    traveller = _flagged(recent, receive(recent, shared_data))
    analyst = Actor.user("ana", Role.ANALYST)
    first = reviews.decide(recent, analyst, traveller, "false-match", owner_node="us-cbp", record_id="lk-1")
    again = reviews.decide(recent, analyst, traveller, "false-match", owner_node="us-cbp", record_id="lk-1")
    assert first.decision_id is not None and again.decision_id == first.decision_id
    fingerprint = reviews.traveller_review(recent, analyst, traveller).fingerprint
    assert fingerprint is not None and len(screening_decisions.decisions(recent, analyst, fingerprint)) == 1
