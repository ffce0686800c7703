"""A receiver process killed (SIGKILL) while messages are being delivered to it: nothing lost, nothing twice."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
from sqlalchemy import func, select, update

from perimeter.core.access import Actor
from perimeter.federation import outbox, ping
from perimeter.federation.client import PartnerClient
from perimeter.services.federation_links import conclude, introduce
from perimeter.services.node import Node
from perimeter.store import audit_log
from perimeter.store.tables.base import utc_now
from perimeter.store.tables.federation import federation_inbox, federation_outbox
from tests.conftest import REPO, NodeFactory
from tests.federation.conftest import agreement_text
from tests.federation.test_servers import free_port

MESSAGES = 80


def _start(node: Node, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "PERIMETER_HOME": str(node.home)}
    if node.settings.database_url:
        env.update(PERIMETER_DATABASE_URL=node.settings.database_url,
                   PERIMETER_DATABASE_SCHEMA=node.settings.database_schema)  # fmt: skip
    process = subprocess.Popen(
        [sys.executable, "-m", "perimeter.cli.main", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the receiver did not start")


def _make_due(node: Node) -> None:
    with node.db.write() as connection:
        connection.execute(update(federation_outbox).values(next_attempt_at=utc_now()))


def test_killing_the_receiver_mid_delivery_loses_and_duplicates_nothing(make_node: NodeFactory) -> None:
    us, ca = make_node("us-cbp", "USA", "US"), make_node("ca-cbsa", "CAN", "CA")
    port = free_port()
    introduce({"us-cbp": "http://127.0.0.1:9", "ca-cbsa": f"http://127.0.0.1:{port}"}, [us, ca])
    conclude([us, ca], agreement_text(["us-cbp", "ca-cbsa"]))
    keys = [ping.ping(us, Actor.system(), "ca-cbsa", f"kill-{n:03d}") for n in range(MESSAGES)]
    receiver = _start(ca, port)
    kills, pending_at_kill = 0, 0

    async def deliver_until_done() -> None:
        nonlocal receiver, kills, pending_at_kill
        async with PartnerClient(us) as client:
            while outbox.pending_count(us):
                task = asyncio.create_task(outbox.deliver_due(us, client, limit=40))
                if kills == 0:
                    await asyncio.sleep(0.1)  # in the middle of a batch
                    receiver.send_signal(signal.SIGKILL)
                    receiver.wait()
                    kills, pending_at_kill = 1, outbox.pending_count(us)
                await task
                if receiver.poll() is not None:
                    receiver = await asyncio.to_thread(_start, ca, port)
                _make_due(us)

    try:
        asyncio.run(deliver_until_done())
    finally:
        receiver.terminate()
        receiver.wait(10)
    assert kills == 1 and pending_at_kill > 0  # killed before everything was delivered
    delivered = outbox.messages(us, status="delivered", limit=1000)
    assert sorted(row["idempotency_key"] for row in delivered) == keys
    with ca.db.read() as connection:
        assert connection.execute(select(func.count()).select_from(federation_inbox)).scalar() == MESSAGES
        handled = list(audit_log.entries(connection, action_prefix="federation.message.receive"))
    assert sorted(entry.details["idempotency_key"] for entry in handled) == keys  # each handled exactly once


def test_ping_round_trip(make_node: NodeFactory, tmp_path: Path) -> None:
    from tests.federation.conftest import link

    federation = link(make_node, [("us-cbp", "USA"), ("ca-cbsa", "CAN")])
    us = federation.nodes["us-cbp"]
    key = ping.ping(us, Actor.system(), "ca-cbsa")

    async def deliver() -> outbox.DeliveryReport:
        async with federation.client("us-cbp") as client:
            return await outbox.deliver_due(us, client)

    assert asyncio.run(deliver()).delivered == 1
    [row] = [row for row in outbox.messages(us) if row["idempotency_key"] == key]
    assert row["response"]["pong"] == "ca-cbsa"
