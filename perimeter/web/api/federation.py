"""Node-to-node routes under ``/federation/v1``: signed requests from partners only (no user tokens).

``POST /messages`` takes a message from a partner's outbox (handled once per idempotency key);
``POST /queries`` answers a partner's query at once; ``GET /identity`` tells who this node is (unsigned, public).
A request with a bad signature or a replayed nonce gets 401, one outside an agreement or its purposes 403.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from perimeter.federation import answers, inbox, ping, replication
from perimeter.services import audit_checks
from perimeter.store.tables.base import utc_now
from perimeter.web.auth import get_node

router = APIRouter(prefix="/federation/v1", tags=["federation"])
HANDLERS = (answers, ping, replication, audit_checks)  # importing them registers their query kinds


async def _receive(request: Request, *, query: bool) -> dict[str, Any]:
    body = await request.body()
    node = get_node(request)
    return await run_in_threadpool(
        inbox.receive,
        node,
        query=query,
        method=request.method,
        url=str(request.url),
        headers=dict(request.headers),
        body=body,
        now=utc_now(),
    )


@router.post("/messages")
async def receive_message(request: Request) -> dict[str, Any]:
    """A signed message from a partner's outbox: ``{"status": "accepted"|"duplicate", "response": ...}``."""
    return await _receive(request, query=False)


@router.post("/queries")
async def answer_query(request: Request) -> dict[str, Any]:
    """A signed query from a partner: ``{"status": "answered", "response": ...}``."""
    return await _receive(request, query=True)


@router.get("/identity")
def identity(request: Request) -> dict[str, str]:
    """This node's id, country and public key, for a partner's administrator to check before adding it."""
    node = get_node(request)
    return {"node_id": node.node_id, "country": node.identity.country, "public_key": node.identity.public_key_pem}
