"""Two nodes as separate uvicorn servers on this machine: real HTTP, the background deliverer running."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn
from sqlalchemy import select

from perimeter.core.access import Actor
from perimeter.federation import outbox
from perimeter.federation.client import PartnerClient
from perimeter.services import document_checks, document_registry
from perimeter.services.federation_links import conclude, introduce
from perimeter.services.node import Node
from perimeter.store.tables.federation import audit_checkpoints
from perimeter.web.app import create_app
from tests.conftest import NodeFactory
from tests.federation.conftest import agreement_text
from tests.federation.handlers import enqueue

# FastAPI builds a route's schema at its first request; in a server thread that can emit pydantic's warning about a
# `Body()` parameter's alias (the routes of other areas), which the suite's "error" filter would turn into a 500.
pytestmark = pytest.mark.filterwarnings("ignore::pydantic.warnings.UnsupportedFieldAttributeWarning")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Served:
    """A node's app under uvicorn in a thread; ``stop`` shuts it down as a signal would."""

    def __init__(self, node: Node, port: int) -> None:
        self.node, self.port = node, port
        config = uvicorn.Config(create_app(node.settings, node), host="127.0.0.1", port=port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> Served:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.node.node_id} did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture
def servers(make_node: NodeFactory) -> Iterator[dict[str, Any]]:
    ports = {"us-cbp": free_port(), "ca-cbsa": free_port()}
    nodes = [
        make_node("us-cbp", "USA", "US", outbox_poll_seconds=0.05, replication_interval_seconds=0.3),
        make_node("ca-cbsa", "CAN", "CA"),
    ]
    introduce({node_id: f"http://127.0.0.1:{port}" for node_id, port in ports.items()}, nodes)
    conclude(nodes, agreement_text(["us-cbp", "ca-cbsa"]))
    running = {node.node_id: Served(node, ports[node.node_id]).start() for node in nodes}
    yield {"nodes": {node.node_id: node for node in nodes}, "servers": running}
    for served in running.values():
        served.stop()


def _wait(condition: Any, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.02)


def test_query_over_real_http(servers: dict[str, Any]) -> None:
    async def ask() -> Any:
        async with PartnerClient(servers["nodes"]["us-cbp"]) as client:
            return await client.query(
                "ca-cbsa", "test.echo", {"q": "x"}, agreement_id="us-ca-2026", purpose="border-screening"
            )

    assert asyncio.run(ask())["echo"] == {"q": "x"}


def test_the_served_deliverer_sends_and_catches_up_after_the_partner_restarts(servers: dict[str, Any]) -> None:
    us, ca = servers["nodes"]["us-cbp"], servers["nodes"]["ca-cbsa"]
    servers["servers"]["ca-cbsa"].stop()
    for number in range(3):
        enqueue(us, f"served-{number}", f"while down {number}")
    time.sleep(0.5)
    assert outbox.pending_count(us) == 3  # the partner is down: kept, retried with backoff
    servers["servers"]["ca-cbsa"] = Served(ca, servers["servers"]["ca-cbsa"].port).start()
    _wait(lambda: outbox.pending_count(us) == 0, timeout=15)
    assert len(outbox.messages(us, status="delivered")) == 3


def test_the_served_node_pulls_replicated_records_and_checkpoints_by_itself(servers: dict[str, Any]) -> None:
    us, ca = servers["nodes"]["us-cbp"], servers["nodes"]["ca-cbsa"]
    document_registry.add(ca, Actor.system(), {"issuing_country": "CAN", "document_type": "passport",
                                               "number": "GC7654321", "status": "stolen",
                                               "reported_on": "2026-05-01"})  # fmt: skip
    _wait(lambda: document_checks.check(us, Actor.system(), "CAN", "GC7654321").found, timeout=20)

    def checkpoint_kept() -> bool:  # the served node also takes signed checkpoints of its partner's chain
        with us.db.read() as connection:
            query = select(audit_checkpoints.c.seq).where(audit_checkpoints.c.node_id == "ca-cbsa")
            return connection.execute(query).first() is not None

    _wait(checkpoint_kept, timeout=20)


def test_a_message_enqueued_in_the_served_process_goes_at_once(make_node: NodeFactory) -> None:
    """The deliverer polls only every 30 s here; an enqueue in its own process wakes it when it commits."""
    ports = {"us-cbp": free_port(), "ca-cbsa": free_port()}
    us = make_node("us-cbp", "USA", "US", outbox_poll_seconds=30, replication_interval_seconds=0)
    ca = make_node("ca-cbsa", "CAN", "CA")
    introduce({node_id: f"http://127.0.0.1:{port}" for node_id, port in ports.items()}, [us, ca])
    conclude([us, ca], agreement_text(["us-cbp", "ca-cbsa"]))
    running = [Served(us, ports["us-cbp"]).start(), Served(ca, ports["ca-cbsa"]).start()]
    try:
        time.sleep(0.3)  # the deliverer has made its first pass and sleeps
        started = time.monotonic()
        enqueue(us, "wake-1")
        _wait(lambda: outbox.pending_count(us) == 0, timeout=10)
        assert time.monotonic() - started < 5  # not the 30 s poll
        with us.db.write() as connection:  # a rolled-back enqueue wakes nobody and sends nothing
            outbox.enqueue(us, connection, partner="ca-cbsa", kind="test.note", payload={"text": "no"},
                           agreement_id="us-ca-2026", purpose="hit-notification", idempotency_key="never")  # fmt: skip
            connection.rollback()
        assert outbox.messages(us, status="pending") == []
    finally:
        for served in running:
            served.stop()
