"""One passenger name record, read through the passenger records service: masked past the masking period unless
unmasked, for this view only, with a reason (``pnr.view`` or ``pnr.unmask`` in the audit trail)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse

from perimeter.core.access import Permission
from perimeter.services import passenger_records
from perimeter.services.node import Node
from perimeter.services.sessions import Session
from perimeter.web.auth import get_node
from perimeter.web.ui.forms import require_csrf
from perimeter.web.ui.render import page_session, render

router = APIRouter(include_in_schema=False)
NodeDep = Annotated[Node, Depends(get_node)]
SessionDep = Annotated[Session, Depends(page_session)]
# Shown in this order; any other part of the record follows.
SECTIONS = (
    "travellers",
    "itinerary",
    "phones",
    "emails",
    "addresses",
    "payments",
    "tickets",
    "seats",
    "bags",
    "special_services",
    "remarks",
    "history",
)
_SKIP = {"masked", "record_locator", "carrier", "warnings"}


def _page(request: Request, node: Node, session: Session, pnr_id: str, reason: str | None = None) -> HTMLResponse:
    pnr = passenger_records.get_pnr(node, session.actor, pnr_id, unmask_reason=reason)
    record = pnr["record"]
    order = [key for key in SECTIONS if record.get(key)]
    order += sorted(key for key, value in record.items() if key not in SECTIONS and key not in _SKIP and value)
    return render(
        request,
        "pnr.html",
        session,
        pnr=pnr,
        sections=[(key, record[key]) for key in order],
        unmasked=reason is not None,
        can_unmask=session.actor.can(Permission.PNR_UNMASK),
    )


@router.get("/ui/pnrs/{pnr_id}")
def pnr_page(request: Request, node: NodeDep, session: SessionDep, pnr_id: str) -> HTMLResponse:
    return _page(request, node, session, pnr_id)


@router.post("/ui/pnrs/{pnr_id}/unmask")
def unmask_pnr(
    request: Request,
    node: NodeDep,
    session: SessionDep,
    pnr_id: str,
    csrf_token: Annotated[str, Form()],
    reason: Annotated[str, Form()] = "",
) -> HTMLResponse:
    require_csrf(session, csrf_token)
    return _page(request, node, session, pnr_id, reason)
