"""Node-to-node routes under ``/federation/v1``: signed requests from partners only (no user tokens).

``POST /messages`` takes a message from a partner's outbox (handled once per idempotency key);
``POST /queries`` answers a partner's query at once; ``GET /identity`` tells who this node is (unsigned, public).
A request with a bad signature or a replayed nonce gets 401, one outside an agreement or its purposes 403.
"""

from __future__ import annotations

import json

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from perimeter.federation import answers, inbox, ping, replication
from perimeter.services import audit_checks, statistics_exchange
from perimeter.store.tables.base import utc_now
from perimeter.web.auth import get_node

router = APIRouter(prefix="/federation/v1", tags=["federation"])
HANDLERS = (answers, ping, replication, audit_checks, statistics_exchange)  # importing them registers their query kinds


async def _receive(request: Request, *, query: bool) -> Response:
    body = await request.body()
    node = get_node(request)
    answer = await run_in_threadpool(
        inbox.receive,
        node,
        query=query,
        method=request.method,
        url=str(request.url),
        headers=dict(request.headers),
        body=body,
        now=utc_now(),
    )
    # Answers are plain JSON already (a feed page holds thousands of records): skip FastAPI's encoder walk.
    return Response(json.dumps(answer, ensure_ascii=False, default=str), media_type="application/json")


@router.post("/messages")
async def receive_message(request: Request) -> Response:
    """A signed message from a partner's outbox: ``{"status": "accepted"|"duplicate", "response": ...}``."""
    return await _receive(request, query=False)


@router.post("/queries")
async def answer_query(request: Request) -> Response:
    """A signed query from a partner: ``{"status": "answered", "response": ...}``."""
    return await _receive(request, query=True)


@router.get("/identity")
def identity(request: Request) -> dict[str, str]:
    """This node's id, country and public key, for a partner's administrator to check before adding it."""
    node = get_node(request)
    return {"node_id": node.node_id, "country": node.identity.country, "public_key": node.identity.public_key_pem}
