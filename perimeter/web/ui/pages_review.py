"""Reviewing a flagged traveller: their data beside each entry they hit, why it scored, and the analyst's decision."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from perimeter.core.access import Permission
from perimeter.core.errors import Conflict, InvalidInput
from perimeter.services import hit_reviews
from perimeter.services.node import Node
from perimeter.services.sessions import Session
from perimeter.web.auth import get_node
from perimeter.web.ui.forms import require_csrf
from perimeter.web.ui.render import page_session, render

router = APIRouter(include_in_schema=False)
NodeDep = Annotated[Node, Depends(get_node)]
SessionDep = Annotated[Session, Depends(page_session)]
ACTIONS = {
    "confirmed": "Confirm: it is the listed person",
    "false-match": "False match (remembered for this traveller)",
    "referred": "Refer to a second-line officer",
    "owner-notified": "Notify the owner",
}


def _page(
    request: Request,
    node: Node,
    session: Session,
    traveller_id: int,
    *,
    unmask_reason: str | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    review = hit_reviews.traveller_review(node, session.actor, traveller_id, unmask_reason=unmask_reason)
    return render(
        request,
        "traveller.html",
        session,
        status_code=status_code,
        review=review,
        actions=ACTIONS,
        can_decide=session.actor.can(Permission.SCREEN_DECIDE),
        can_notify=session.actor.can(Permission.CASES_NOTIFY),
        can_unmask=session.actor.can(Permission.PNR_UNMASK),
        unmasked=unmask_reason is not None,
        error=error,
    )


@router.get("/ui/travellers/{traveller_id}")
def traveller_page(request: Request, node: NodeDep, session: SessionDep, traveller_id: int) -> HTMLResponse:
    return _page(request, node, session, traveller_id)


@router.post("/ui/travellers/{traveller_id}/unmask")
def unmask_traveller(
    request: Request,
    node: NodeDep,
    session: SessionDep,
    traveller_id: int,
    csrf_token: Annotated[str, Form()],
    reason: Annotated[str, Form()] = "",
) -> HTMLResponse:
    require_csrf(session, csrf_token)
    return _page(request, node, session, traveller_id, unmask_reason=reason)


@router.post("/ui/travellers/{traveller_id}/decisions")
def decide(
    request: Request,
    node: NodeDep,
    session: SessionDep,
    traveller_id: int,
    csrf_token: Annotated[str, Form()],
    outcome: Annotated[str, Form()],
    hit: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    require_csrf(session, csrf_token)
    owner_node, _, record_id = hit.partition("/")
    try:
        hit_reviews.decide(
            node,
            session.actor,
            traveller_id,
            outcome,
            owner_node=owner_node or None,
            record_id=record_id or None,
            note=note,
        )
    except (InvalidInput, Conflict) as error:
        return _page(request, node, session, traveller_id, error=error.message, status_code=422)
    return RedirectResponse(f"/ui/travellers/{traveller_id}#decisions", status_code=303)
