"""Two nodes in one process exchange signed messages and queries through their real routes (ASGI transport)."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Connection, func, select, update

from perimeter.core.errors import Unavailable
from perimeter.federation import inbox, outbox
from perimeter.federation.client import PartnerClient
from perimeter.federation.inbox import Refused
from perimeter.federation.messages import InboundMessage
from perimeter.federation.signatures import SignatureRejected
from perimeter.services.node import Node
from perimeter.store import audit_log
from perimeter.store.tables.base import utc_now
from perimeter.store.tables.federation import federation_inbox, federation_outbox
from tests.federation.conftest import TODAY, Federation, agreement_text, link
from tests.federation.handlers import HANDLED, enqueue


def run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)


async def _query(client: PartnerClient, purpose: str = "hit-notification", agreement: str = "us-ca-2026") -> Any:
    async with client:
        return await client.query("ca-cbsa", "test.echo", {"x": 1}, agreement_id=agreement, purpose=purpose)


def _actions(node: Node, prefix: str) -> list[dict[str, Any]]:
    with node.db.read() as connection:
        return [
            {"actor": e.actor, "target": e.target, **e.details}
            for e in audit_log.entries(connection, action_prefix=prefix)
        ]


def test_a_query_is_answered_under_the_agreement(pair: Federation) -> None:
    answer = run(_query(pair.client("us-cbp")))
    assert answer == {"echo": {"x": 1}, "purpose": "hit-notification", "agreement": "us-ca-2026 v1"}


@pytest.mark.parametrize(
    ("purpose", "agreement", "reason"),
    [
        ("marketing", "us-ca-2026", "purpose 'marketing' is not enumerated"),
        ("", "us-ca-2026", "states no purpose"),
        ("border-screening", "us-mx-2026", "holds no agreement 'us-mx-2026'"),
    ],
)
def test_requests_outside_the_agreement_are_refused_and_audited(
    pair: Federation, purpose: str, agreement: str, reason: str
) -> None:
    with pytest.raises(Refused, match=reason):
        run(_query(pair.client("us-cbp"), purpose, agreement))
    refusals = _actions(pair.nodes["ca-cbsa"], "federation.refuse")
    assert refusals[-1]["actor"] == "partner:us-cbp" and reason in refusals[-1]["reason"]
    assert refusals[-1]["error"] == "refused"


def test_an_expired_agreement_is_refused(make_node: Any) -> None:
    text = agreement_text(["us-cbp", "ca-cbsa"], in_force=TODAY - timedelta(days=400), expires=TODAY - timedelta(1))
    federation = link(make_node, [("us-cbp", "USA"), ("ca-cbsa", "CAN")], text)
    with pytest.raises(Refused, match="expired on"):
        run(_query(federation.client("us-cbp")))


def test_a_forged_signature_is_refused(pair: Federation, make_node: Any) -> None:
    impostor = make_node("mx-inm", "MEX", "Impostor")  # signs as itself, claims nothing else: unknown key id
    client = PartnerClient(impostor, transport=pair.router)
    partner = pair.client("us-cbp").partner("ca-cbsa")
    body = {"sender": "mx-inm", "recipient": "ca-cbsa", "kind": "test.echo", "payload": {}}
    response = run(client.post(partner, "/queries", body))
    assert response.status_code == 401 and "no partner with node id 'mx-inm'" in response.json()["message"]
    # Signed with another key under us-cbp's name: the key held for us-cbp does not verify it.
    forger = PartnerClient(pair.nodes["us-cbp"], transport=pair.router)
    forger._key = Ed25519PrivateKey.generate()
    with pytest.raises(SignatureRejected, match="does not verify with the key of 'us-cbp'"):
        run(_query(forger))
    assert _actions(pair.nodes["ca-cbsa"], "federation.refuse")[-1]["error"] == "signature-rejected"


def test_a_replayed_request_is_refused(pair: Federation) -> None:
    sent: list[httpx.Request] = []

    class Recorder(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            await request.aread()
            sent.append(request)
            return await pair.router.handle_async_request(request)

    run(_query(PartnerClient(pair.nodes["us-cbp"], transport=Recorder())))
    original = sent[0]

    async def replay() -> httpx.Response:
        async with httpx.AsyncClient(transport=pair.router) as http:
            return await http.post(str(original.url), content=original.content, headers=original.headers)

    response = run(replay())
    assert response.status_code == 401
    assert "replayed request" in response.json()["message"]
    assert "replayed" in _actions(pair.nodes["ca-cbsa"], "federation.refuse")[-1]["reason"]


def _inbox_count(node: Node) -> int:
    with node.db.read() as connection:
        return int(connection.execute(select(func.count()).select_from(federation_inbox)).scalar() or 0)


async def _deliver(federation: Federation, node_id: str = "us-cbp") -> outbox.DeliveryReport:
    async with federation.client(node_id) as client:
        return await outbox.deliver_due(federation.nodes[node_id], client)


def test_outbox_delivers_once_and_ignores_a_repeated_key(pair: Federation) -> None:
    us, ca = pair.nodes["us-cbp"], pair.nodes["ca-cbsa"]
    enqueue(us, "m-1")
    enqueue(us, "m-1")  # the same key again: ignored
    enqueue(us, "m-2")
    report = run(_deliver(pair))
    assert (report.delivered, report.failed) == (2, 0)
    assert outbox.pending_count(us) == 0 and _inbox_count(ca) == 2
    delivered = outbox.messages(us, status="delivered")
    assert {row["response"]["noted"] for row in delivered} == {"hello"}
    assert run(_deliver(pair)).delivered == 0  # nothing left to send
    assert len(_actions(us, "federation.message.deliver")) == 2
    assert len(_actions(ca, "federation.message.receive")) == 2


def test_a_partner_down_receives_everything_when_it_returns(pair: Federation) -> None:
    us, ca = pair.nodes["us-cbp"], pair.nodes["ca-cbsa"]
    pair.router.down.add("ca-cbsa")
    for number in range(5):
        enqueue(us, f"down-{number}", f"note {number}")
    report = run(_deliver(pair))
    assert (report.delivered, report.failed) == (0, 1)
    assert outbox.pending_count(us) == 5
    pending = outbox.messages(us, status="pending")
    assert all("unreachable" in (row["last_error"] or "") for row in pending)
    _make_due(us)
    pair.router.down.discard("ca-cbsa")
    assert run(_deliver(pair)).delivered == 5
    assert outbox.pending_count(us) == 0 and _inbox_count(ca) == 5
    notes = [key for node_id, key in HANDLED if node_id == "ca-cbsa" and key.startswith("down-")]
    assert notes[-5:] == [f"down-{n}" for n in range(5)]  # in the order they were written


def _make_due(node: Node) -> None:
    with node.db.write() as connection:
        connection.execute(update(federation_outbox).values(next_attempt_at=utc_now() - timedelta(seconds=1)))


def test_a_receiver_that_dies_after_handling_is_not_handled_twice(pair: Federation) -> None:
    """The receiver commits, then the connection drops before the answer: the retry is a duplicate."""
    us, ca = pair.nodes["us-cbp"], pair.nodes["ca-cbsa"]
    lost = {"count": 0}

    class DropsAnswer(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            response = await pair.router.handle_async_request(request)
            if lost["count"] == 0:
                lost["count"] += 1
                raise httpx.ReadError("connection reset by peer", request=request)
            return response

    enqueue(us, "crash-1", "once only")
    before = len(HANDLED)
    client = PartnerClient(us, transport=DropsAnswer())
    report = run(outbox.deliver_due(us, client))
    assert (report.delivered, report.failed) == (0, 1)
    assert _inbox_count(ca) == 1  # handled and committed on the receiver
    _make_due(us)
    report = run(outbox.deliver_due(us, client))
    assert (report.delivered, report.duplicates) == (1, 1)
    assert len(HANDLED) - before == 1
    assert outbox.messages(us, status="delivered")[0]["response"] == {"noted": "once only", "by": "ca-cbsa"}


def test_a_receiver_that_fails_before_committing_handles_the_retry(pair: Federation) -> None:
    us, ca = pair.nodes["us-cbp"], pair.nodes["ca-cbsa"]
    failures = {"left": 1}

    @inbox.register("test.flaky")
    def _flaky(node: Node, connection: Connection, message: InboundMessage) -> dict[str, Any]:
        node.audit(connection, "system", "test.flaky", message.idempotency_key)
        if failures["left"]:
            failures["left"] -= 1
            raise Unavailable("the receiver's disk went away mid-transaction")
        return {"ok": True}

    enqueue(us, "flaky-1", kind="test.flaky", payload={})
    assert run(_deliver(pair)).failed == 1
    assert _inbox_count(ca) == 0 and not _actions(ca, "test.flaky")  # rolled back whole
    _make_due(us)
    assert run(_deliver(pair)).delivered == 1
    assert _inbox_count(ca) == 1 and len(_actions(ca, "test.flaky")) == 1


def test_a_refused_message_is_final_and_audited(pair: Federation) -> None:
    us = pair.nodes["us-cbp"]
    enqueue(us, "wrong-purpose", purpose="marketing")
    report = run(_deliver(pair))
    assert report.refused == 1
    row = outbox.messages(us, status="refused")[0]
    assert "purpose 'marketing' is not enumerated" in row["last_error"]
    assert _actions(us, "federation.message.refused")[-1]["reason"].startswith("ca-cbsa refused")
