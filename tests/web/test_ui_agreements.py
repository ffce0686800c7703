"""The agreements page: read-only, for the roles that oversee or use agreements."""

from __future__ import annotations

import html
from datetime import date, timedelta

from fastapi.testclient import TestClient

from perimeter.core.access import Role
from perimeter.services.federation_links import conclude, introduce
from perimeter.web.app import create_app
from tests.conftest import NodeFactory
from tests.web.ui_helpers import sign_in_as

TODAY = date.today()
AGREEMENT = f"""agreement: us-ca-documents
version: 2
title: Lost and stolen documents
parties: [us-cbp, ca-cbsa]
in_force: {(TODAY - timedelta(days=10)).isoformat()}
expires: {(TODAY + timedelta(days=365)).isoformat()}
clauses:
  - id: lost-stolen
    record_kind: document-status
    level: full
    fields:
      summary: [status, issuing_country]
      full: [status, issuing_country, number]
    purposes: [border-screening]
    mode: replicated
    retention_days: 365
    response_deadline_hours: 24
"""


def test_the_agreements_held_are_shown_to_an_auditor_and_hidden_from_an_officer(make_node: NodeFactory) -> None:
    us = make_node("us-cbp", "USA", "U.S. Customs and Border Protection")
    ca = make_node("ca-cbsa", "CAN", "Canada Border Services Agency")
    introduce({"us-cbp": "http://127.0.0.1:9", "ca-cbsa": "http://127.0.0.1:9"}, [us, ca])
    conclude([us, ca], AGREEMENT)
    with TestClient(create_app(us.settings.with_changes(outbox_poll_seconds=0), us)) as client:
        sign_in_as(client, us, "aude", Role.AUDITOR)
        page = html.unescape(client.get("/ui/agreements").text)
        assert "Lost and stolen documents" in page and "us-ca-documents v2" in page and "in force" in page
        row = " ".join(page.split("<td>lost-stolen</td>")[1].split("</tr>")[0].split())
        assert row.startswith("<td>document-status</td><td>full</td> <td>status, issuing_country, number</td>")
        assert "signed by 2" in page
        client.cookies.clear()
        sign_in_as(client, us, "olga", Role.OFFICER)
        assert 'href="/ui/agreements"' not in client.get("/ui/today").text
        assert client.get("/ui/agreements").status_code == 403
