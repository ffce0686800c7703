"""The background deliverer: an asyncio task beside the web app that empties the outbox and runs periodic jobs."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from perimeter.federation import wakeup
from perimeter.federation.client import PartnerClient
from perimeter.federation.outbox import deliver_due
from perimeter.services.node import Node

log = logging.getLogger(__name__)

#: Periodic jobs (replication pulls, checkpoint exchange): called with the node and the client.
Job = Callable[[Node, PartnerClient], Awaitable[object]]


async def run(
    node: Node,
    client: PartnerClient,
    stop: asyncio.Event,
    *,
    poll_seconds: float,
    jobs: tuple[tuple[float, Job], ...] = (),
) -> None:
    """Deliver until ``stop`` is set: at once while there is work or a message is enqueued in this process, else
    every ``poll_seconds``."""
    loop = asyncio.get_running_loop()
    wake = asyncio.Event()
    wakeup.register(id(node), loop, wake)
    try:
        await _loop(node, client, stop, wake, poll_seconds, jobs)
    finally:
        wakeup.unregister(id(node))


async def _loop(
    node: Node,
    client: PartnerClient,
    stop: asyncio.Event,
    wake: asyncio.Event,
    poll_seconds: float,
    jobs: tuple[tuple[float, Job], ...],
) -> None:
    loop = asyncio.get_running_loop()
    next_run = [loop.time() for _ in jobs]
    while not stop.is_set():
        wake.clear()
        busy = False
        try:
            report = await deliver_due(node, client)
            busy = report.delivered + report.refused > 0
        except Exception:  # keep delivering after an unexpected failure; it is logged, the rows stay pending
            log.exception("outbox delivery of node %s failed", node.node_id)
        for index, (interval, job) in enumerate(jobs):
            if loop.time() >= next_run[index]:
                next_run[index] = loop.time() + interval
                try:
                    await job(node, client)
                except Exception:
                    log.exception("periodic federation job of node %s failed", node.node_id)
        if not busy and not wake.is_set():
            await _first(stop, wake, poll_seconds)


async def _first(stop: asyncio.Event, wake: asyncio.Event, timeout: float) -> None:
    """Return when ``stop`` or ``wake`` is set, or after ``timeout`` seconds."""
    waits = [asyncio.create_task(stop.wait()), asyncio.create_task(wake.wait())]
    try:
        await asyncio.wait(waits, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in waits:
            task.cancel()
