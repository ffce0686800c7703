"""The agreements this node holds, read-only: parties, dates, state, signatures and every clause."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from perimeter.core.access import Permission
from perimeter.services import agreements
from perimeter.services.node import Node
from perimeter.services.sessions import Session
from perimeter.store.tables.base import utc_now
from perimeter.web.auth import get_node
from perimeter.web.ui.render import add_nav, page_session, render

router = APIRouter(include_in_schema=False)
NodeDep = Annotated[Node, Depends(get_node)]
SessionDep = Annotated[Session, Depends(page_session)]

add_nav("Agreements", "/ui/agreements", Permission.AGREEMENTS_READ, 80)


@router.get("/ui/agreements")
def agreements_page(request: Request, node: NodeDep, session: SessionDep) -> HTMLResponse:
    held = agreements.list_agreements(node, session.actor)
    today = utc_now().date()
    return render(request, "agreements.html", session, agreements=[(a, agreements.summary(a, today)) for a in held])
