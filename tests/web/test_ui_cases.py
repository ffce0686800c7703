"""The cases and agreements pages: what each side may do next, what each role may see."""

from __future__ import annotations

import html
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pytest
from fastapi.testclient import TestClient

from perimeter.core.access import Actor, Role
from perimeter.records.cases import RecordKind
from perimeter.services import cases, demo_agreements
from perimeter.services.federation_links import conclude, introduce
from perimeter.services.node import Node
from perimeter.store import audit_log
from perimeter.web.app import create_app
from tests.conftest import NodeFactory
from tests.web.ui_helpers import sign_in_as


@dataclass
class Sent:
    node: Node
    case_id: str
    client: TestClient


@pytest.fixture
def sent(make_node: NodeFactory) -> Iterator[Sent]:
    """A hit notification the United States node sent to Canada (delivery is not needed to read the finder's side)."""
    us = make_node("us-cbp", "USA", "U.S. Customs and Border Protection", outbox_poll_seconds=0)
    ca = make_node("ca-cbsa", "CAN", "Canada Border Services Agency", outbox_poll_seconds=0)
    introduce({"us-cbp": "http://127.0.0.1:9", "ca-cbsa": "http://127.0.0.1:9"}, [us, ca])
    conclude([us, ca], demo_agreements.us_ca(date.today()))
    hit = cases.Hit(
        RecordKind.WATCHLIST_ENTRY, "ca-lk-7", "ca-cbsa", {"surname": "STEUR"}, 0.96, "name 96%", "criminal"
    )
    case = cases.notify_owner(us, Actor.system(), hit, "IAD", cases.utc_now(), "referred to secondary")
    with TestClient(create_app(us.settings, us)) as client:
        yield Sent(us, case.case_id, client)


def test_the_finder_lists_its_case_reads_the_thread_and_replies(sent: Sent) -> None:
    csrf = sign_in_as(sent.client, sent.node, "lou", Role.LIAISON)
    today = sent.client.get("/ui/today").text
    assert f'/ui/cases/{sent.case_id}"' in today and "response by" in today
    listing = sent.client.get("/ui/cases", params={"direction": "sent"}).text
    assert sent.case_id[:8] in listing and "ca-cbsa" in listing and "notified" in listing
    assert sent.case_id[:8] not in sent.client.get("/ui/cases", params={"direction": "received"}).text
    page = html.unescape(sent.client.get(f"/ui/cases/{sent.case_id}").text)
    assert "referred to secondary" in page and "Record what the officer did" in page and "Acknowledge" not in page
    empty = sent.client.post(f"/ui/cases/{sent.case_id}/steps", data={"csrf_token": csrf, "action": "reply"})
    assert empty.status_code == 422 and "write the reply" in empty.text
    replied = sent.client.post(
        f"/ui/cases/{sent.case_id}/steps",
        data={"csrf_token": csrf, "action": "reply", "text": "The traveller is held until 14:00 local."},
    )
    assert replied.url.path == f"/ui/cases/{sent.case_id}" and "held until 14:00 local" in replied.text
    with sent.node.db.read() as connection:
        assert audit_log.latest(connection, limit=2)[1].action == "case.reply"


def test_an_auditor_reads_cases_and_agreements_without_acting(sent: Sent) -> None:
    csrf = sign_in_as(sent.client, sent.node, "aude", Role.AUDITOR)
    page = sent.client.get(f"/ui/cases/{sent.case_id}").text
    assert "Thread" in page and "Next step" not in page
    refused = sent.client.post(
        f"/ui/cases/{sent.case_id}/steps", data={"csrf_token": csrf, "action": "reply", "text": "hello"}
    )
    assert refused.status_code == 403
    agreements = html.unescape(sent.client.get("/ui/agreements").text)
    assert "us-ca-perimeter v1" in agreements and "watchlist-summary-on-hit" in agreements and "in force" in agreements


def test_an_officer_sees_no_agreements(sent: Sent) -> None:
    sign_in_as(sent.client, sent.node, "olga", Role.OFFICER)
    assert 'href="/ui/agreements"' not in sent.client.get("/ui/today").text
    assert sent.client.get("/ui/agreements").status_code == 403
