"""The FastAPI application factory: one node per app, several apps per process if need be."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from perimeter import __version__
from perimeter.services.node import Node, open_node
from perimeter.settings import Settings
from perimeter.web import background, errors
from perimeter.web.api import cases as cases_api
from perimeter.web.api import documents as documents_api
from perimeter.web.api import federation as federation_api
from perimeter.web.api import manifests as manifests_api
from perimeter.web.api import node as node_api
from perimeter.web.api import partners as partners_api
from perimeter.web.api import port_of_entry as port_of_entry_api
from perimeter.web.api import rules as rules_api
from perimeter.web.api import screening as screening_api
from perimeter.web.api import users as users_api
from perimeter.web.api import watchlists as watchlists_api
from perimeter.web.ui import (
    pages_agreements,
    pages_audit,
    pages_cases,
    pages_core,
    pages_documents,
    pages_flights,
    pages_lists,
    pages_oversight,
    pages_pnrs,
    pages_review,
)

API_PREFIX = "/api/v1"


def create_app(
    settings: Settings, node: Node | None = None, *, partner_transport: httpx.AsyncBaseTransport | None = None
) -> FastAPI:
    """Build the app for the node in ``settings.home`` (or for an already opened ``node``).

    While served, the app runs the federation deliverer (outbox, replication pulls) unless the settings turn it
    off; ``partner_transport`` routes its calls to partners (in-process nodes in tests and the demo).
    """
    opened = node or open_node(settings)
    owns_node = node is None

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        async with background.deliverer(opened, settings, partner_transport):
            yield
        if owns_node:
            opened.close()

    app = FastAPI(
        title=f"Perimeter node {opened.node_id}",
        version=__version__,
        description="One agency's node in a common security perimeter. Authenticate with `Authorization: Bearer`.",
        lifespan=lifespan,
    )
    app.state.node = opened
    app.state.settings = settings
    app.state.partner_transport = partner_transport
    errors.install(app)
    for router in (
        node_api.router,
        users_api.router,
        watchlists_api.router,
        documents_api.router,
        port_of_entry_api.router,
        screening_api.router,
        manifests_api.router,
        rules_api.router,
        partners_api.router,
        cases_api.router,
    ):
        app.include_router(router, prefix=API_PREFIX)
    app.include_router(federation_api.router)
    for router in (
        pages_core.router,
        pages_lists.router,
        pages_documents.router,
        pages_audit.router,
        pages_flights.router,
        pages_review.router,
        pages_pnrs.router,
        pages_agreements.router,
        pages_cases.router,
        pages_oversight.router,
    ):
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    return app
