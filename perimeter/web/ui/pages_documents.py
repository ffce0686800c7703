"""The document check: paste or type a zone, see it verified field by field, its registry status and the screening.

The page calls the port-of-entry check, the same service the API and the CLI use, so a check made here is read,
looked up, screened and audited (``port-of-entry.check``) exactly as one made at a desk reader.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse

from perimeter.core.access import Permission
from perimeter.core.errors import InvalidInput
from perimeter.services import port_of_entry
from perimeter.services.node import Node
from perimeter.services.sessions import Session
from perimeter.store.tables.base import utc_now
from perimeter.web.auth import get_node
from perimeter.web.ui.document_view import field_rows, photo_page
from perimeter.web.ui.forms import require_csrf
from perimeter.web.ui.render import add_nav, add_today_panel, page_session, render

router = APIRouter(include_in_schema=False)
NodeDep = Annotated[Node, Depends(get_node)]
SessionDep = Annotated[Session, Depends(page_session)]

add_nav("Document check", "/ui/documents/check", Permission.DOCUMENTS_CHECK, 40)
add_today_panel("document-check", "today/document_check.html", Permission.DOCUMENTS_CHECK, 50, lambda _n, _a: None)


def _require(session: Session) -> None:
    session.actor.require(Permission.DOCUMENTS_CHECK)
    session.actor.require(Permission.SCREEN)


@router.get("/ui/documents/check")
def check_page(request: Request, session: SessionDep) -> HTMLResponse:
    _require(session)
    return render(request, "document_check.html", session, form={}, answer=None, rows=[], error=None)


@router.post("/ui/documents/check")
def check(
    request: Request,
    node: NodeDep,
    session: SessionDep,
    csrf_token: Annotated[str, Form()],
    mrz: Annotated[str, Form()] = "",
    location: Annotated[str, Form(max_length=100)] = "",
    surname: Annotated[str, Form()] = "",
    given_names: Annotated[str, Form()] = "",
    birth_date: Annotated[str, Form()] = "",
    document_number: Annotated[str, Form()] = "",
    nationality: Annotated[str, Form()] = "",
    expiry_date: Annotated[str, Form()] = "",
) -> HTMLResponse:
    _require(session)
    require_csrf(session, csrf_token)
    form = {
        "mrz": mrz,
        "location": location,
        "surname": surname,
        "given_names": given_names,
        "birth_date": birth_date,
        "document_number": document_number,
        "nationality": nationality,
        "expiry_date": expiry_date,
    }
    try:
        if not mrz.strip():
            raise InvalidInput("paste or type the machine-readable zone: two or three lines from the document")
        answer = port_of_entry.check_at_port(
            node, session.actor, mrz, photo_page(form), location=location.strip().upper() or None
        )
    except InvalidInput as error:
        return render(
            request,
            "document_check.html",
            session,
            status_code=422,
            form=form,
            answer=None,
            rows=[],
            error=error.message,
        )
    rows = field_rows(answer.zone, utc_now().date())
    return render(request, "document_check.html", session, form=form, answer=answer, rows=rows, error=None)
