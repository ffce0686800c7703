"""A passenger name record: masked past the masking period, unmasked for one view with a recorded reason."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from perimeter.core.access import Role
from perimeter.services.node import Node
from perimeter.store import audit_log
from tests.web.ui_helpers import receive, sign_in_as

PNRGOV = "messages/pnrgov/gtas-loader__pnr-messages__2_pnrs_basic.edi"


def test_a_pnr_is_masked_until_an_analyst_gives_a_reason(node: Node, client: TestClient, shared_data: Path) -> None:
    manifest_id = receive(node, shared_data, PNRGOV)
    csrf = sign_in_as(client, node, "ana", Role.ANALYST)
    flight = client.get(f"/ui/flights/{manifest_id}").text
    pnr_id = re.search(r'href="/ui/pnrs/([^"]+)"', flight)
    assert pnr_id is not None, "the PNRGOV flight links its travellers' booking"
    masked = client.get(f"/ui/pnrs/{pnr_id.group(1)}").text
    assert "Masked" in masked and "***" in masked and "Itinerary" in masked
    shown = client.post(
        f"/ui/pnrs/{pnr_id.group(1)}/unmask", data={"csrf_token": csrf, "reason": "case 2026-114, warrant 88/2026"}
    ).text
    assert "Unmasked for this view only" in shown and "***" not in shown.split("</h1>")[1]
    with node.db.read() as connection:
        last = audit_log.latest(connection, limit=1)[0]
    assert last.action == "pnr.unmask" and last.target == pnr_id.group(1)


def test_an_officer_reads_the_masked_pnr_and_cannot_unmask(node: Node, client: TestClient, shared_data: Path) -> None:
    manifest_id = receive(node, shared_data, PNRGOV)
    csrf = sign_in_as(client, node, "olga", Role.OFFICER)
    pnr_id = re.search(r'href="/ui/pnrs/([^"]+)"', client.get(f"/ui/flights/{manifest_id}").text)
    assert pnr_id is not None
    assert "Reason to unmask" not in client.get(f"/ui/pnrs/{pnr_id.group(1)}").text
    refused = client.post(
        f"/ui/pnrs/{pnr_id.group(1)}/unmask", data={"csrf_token": csrf, "reason": "case 2026-114, warrant 88/2026"}
    )
    assert refused.status_code == 403
