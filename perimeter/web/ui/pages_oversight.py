"""The privacy officer's page: is the audit chain intact, what went to which partner under which clause, what was
refused, who unmasked PNR data, and which exports and reports were made."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from perimeter.core.access import Permission
from perimeter.core.errors import InvalidInput
from perimeter.reports.model import Period
from perimeter.services import oversight as service
from perimeter.services.node import Node
from perimeter.services.sessions import Session
from perimeter.web.auth import get_node
from perimeter.web.ui.render import add_nav, page_session, render

router = APIRouter(include_in_schema=False)
NodeDep = Annotated[Node, Depends(get_node)]
SessionDep = Annotated[Session, Depends(page_session)]

add_nav("Oversight", "/ui/oversight", Permission.AUDIT_READ, 85)


@router.get("/ui/oversight")
def oversight_page(
    request: Request, node: NodeDep, session: SessionDep, start: str | None = None, end: str | None = None
) -> HTMLResponse:
    session.actor.require(Permission.AUDIT_READ)
    period, error = service.default_period(), None
    if start or end:
        try:
            period = Period.parse(start or period.first.isoformat(), end or period.last.isoformat())
        except InvalidInput as problem:
            error = problem.message
    summary = service.oversight(node, session.actor, period)
    return render(request, "oversight.html", session, summary=summary, error=error, status_code=400 if error else 200)
