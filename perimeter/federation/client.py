"""The signed client: sends messages and queries to partner nodes over HTTP (httpx), every request signed.

``transport`` lets several nodes run in one process: :class:`AppRouter` hands each request to the ASGI app of the
node whose URL it is addressed to, exercising the same routes, signatures and refusals as real HTTP.
"""

from __future__ import annotations

import asyncio
import secrets
import time
import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from email.utils import formatdate
from typing import Any
from urllib.parse import urlsplit

import httpx

from perimeter.audit.chain import canonical_json
from perimeter.core.errors import InvalidInput, NotFound, PerimeterError, Unavailable
from perimeter.federation.identity import load_private_key
from perimeter.federation.inbox import Refused
from perimeter.federation.messages import envelope
from perimeter.federation.signatures import SignatureRejected, sign_request
from perimeter.services.node import Node
from perimeter.store import partners
from perimeter.store.partners import Partner

PREFIX = "/federation/v1"
SIGNATURE_LIFETIME = 120


class AppRouter(httpx.AsyncBaseTransport):
    """Route each request to the in-process ASGI app serving its host (``http://ca-cbsa`` -> that node's app)."""

    def __init__(self, apps: Mapping[str, Any]) -> None:
        self._transports = {host: httpx.ASGITransport(app=app) for host, app in apps.items()}
        self.down: set[str] = set()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host
        if host in self.down or host not in self._transports:
            raise httpx.ConnectError(f"no node answers at {host}", request=request)
        return await self._transports[host].handle_async_request(request)


class PartnerClient:
    """Signs and sends requests to partners on behalf of ``node``."""

    def __init__(
        self,
        node: Node,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.node = node
        self.clock = clock
        self._key = load_private_key(node.home)
        self._http = httpx.AsyncClient(transport=transport, timeout=node.settings.http_timeout_seconds)

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> PartnerClient:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.aclose()

    def partner(self, node_id: str) -> Partner:
        with self.node.db.read() as connection:
            found = partners.get(connection, node_id)
        if found is None:
            raise NotFound(f"no partner with node id {node_id!r}")
        return found

    async def post(self, partner: Partner, path: str, body: dict[str, Any]) -> httpx.Response:
        """Sign ``body`` and POST it; network failures become :class:`Unavailable`."""
        content = canonical_json(body).encode()
        url = partner.url + PREFIX + path
        now = self.clock()
        headers = {"Content-Type": "application/json", "Date": formatdate(now, usegmt=True)}
        headers.update(
            sign_request(
                "POST",
                url,
                headers,
                content,
                key=self._key,
                keyid=self.node.node_id,
                created=int(now),
                lifetime=SIGNATURE_LIFETIME,
                nonce=secrets.token_urlsafe(18),
            )
        )
        try:
            return await self._http.post(url, content=content, headers=headers)
        except httpx.HTTPError as error:
            raise Unavailable(f"partner {partner.node_id} at {urlsplit(url).netloc} is unreachable: {error}") from None

    async def query(
        self, partner_id: str, kind: str, payload: dict[str, Any], *, agreement_id: str, purpose: str
    ) -> dict[str, Any]:
        """Ask a partner a question and return its answer (the handler's response), or raise its refusal."""
        partner = await asyncio.to_thread(self.partner, partner_id)
        body = envelope(
            sender=self.node.node_id,
            recipient=partner.node_id,
            kind=kind,
            payload=payload,
            agreement_id=agreement_id,
            purpose=purpose,
            idempotency_key=str(uuid.uuid4()),
            sent_at=datetime.fromtimestamp(self.clock(), UTC),
        )
        response = await self.post(partner, "/queries", body)
        answer = answer_of(partner.node_id, response)
        result: dict[str, Any] = answer.get("response") or {}
        return result


def answer_of(partner_id: str, response: httpx.Response) -> dict[str, Any]:
    """The JSON answer of a successful response; a refusal becomes the matching domain error."""
    try:
        data = response.json()
    except ValueError:
        data = {}
    if response.status_code < 400 and isinstance(data, dict):
        return data
    message = f"{partner_id} refused: {data.get('message', response.text[:200])}"
    error: PerimeterError
    if response.status_code == 401:
        error = SignatureRejected(message)
    elif response.status_code == 403:
        error = Refused(message)
    elif response.status_code < 500:
        error = InvalidInput(message)
    else:
        error = Unavailable(f"{partner_id} failed ({response.status_code}): {response.text[:200]}")
    raise error


__all__ = ["AppRouter", "PartnerClient", "answer_of"]
