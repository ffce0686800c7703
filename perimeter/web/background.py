"""The tasks a served node runs beside its requests: the federation deliverer and its periodic jobs."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import httpx

from perimeter.core.access import Actor
from perimeter.federation import replication, worker
from perimeter.federation.client import PartnerClient
from perimeter.services import audit_checks, cases
from perimeter.services.node import Node
from perimeter.settings import Settings


async def escalate_cases(node: Node, _client: PartnerClient) -> object:
    """The periodic ``perimeter cases escalate``: reminders go out through the outbox like every case step."""
    return await asyncio.to_thread(cases.escalate, node, Actor.system())


@contextlib.asynccontextmanager
async def deliverer(node: Node, settings: Settings, transport: httpx.AsyncBaseTransport | None) -> AsyncIterator[None]:
    if settings.outbox_poll_seconds <= 0:
        yield
        return
    stop = asyncio.Event()
    client = PartnerClient(node, transport=transport)
    jobs: tuple[tuple[float, worker.Job], ...] = ()
    if settings.replication_interval_seconds > 0:
        jobs = (
            (settings.replication_interval_seconds, replication.pull_all),
            (settings.replication_interval_seconds, audit_checks.exchange_all),
        )
    if settings.case_escalation_interval_seconds > 0:
        jobs += ((settings.case_escalation_interval_seconds, escalate_cases),)
    task = asyncio.create_task(worker.run(node, client, stop, poll_seconds=settings.outbox_poll_seconds, jobs=jobs))
    try:
        yield
    finally:
        stop.set()
        await task
        await client.aclose()
