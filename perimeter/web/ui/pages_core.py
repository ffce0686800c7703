"""Sign-in and sign-out, the landing page, and the audit view."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from perimeter.audit.chain import verify
from perimeter.core.access import Permission
from perimeter.core.errors import AuthenticationRequired
from perimeter.services import sessions
from perimeter.services import watchlist_entries as entries
from perimeter.services.node import Node
from perimeter.services.sessions import Session
from perimeter.store import audit_log
from perimeter.web.auth import SESSION_COOKIE, current_session, get_node
from perimeter.web.ui.forms import require_csrf
from perimeter.web.ui.render import add_nav, page_session, render

router = APIRouter(include_in_schema=False)
NodeDep = Annotated[Node, Depends(get_node)]
SessionDep = Annotated[Session, Depends(page_session)]

add_nav("Today", "/ui/today", Permission.NODE_READ, 10)
add_nav("Audit", "/ui/audit", Permission.AUDIT_READ, 90)


def _safe_next(target: str | None) -> str:
    # Only same-site paths: never redirect a signed-in officer to another host.
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/ui/today"


@router.get("/")
def root() -> RedirectResponse:
    return RedirectResponse("/ui/today", status_code=303)


@router.get("/ui/sign-in")
def sign_in_page(request: Request, next: str | None = None) -> HTMLResponse:
    return render(request, "sign_in.html", current_session(request), next=_safe_next(next), error=None)


@router.post("/ui/sign-in")
def sign_in(
    request: Request,
    node: NodeDep,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/ui/today",
) -> Response:
    try:
        cookie, _session = sessions.sign_in(node, username.strip().lower(), password)
    except AuthenticationRequired as error:
        return render(request, "sign_in.html", None, status_code=401, next=_safe_next(next), error=error.message)
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        cookie,
        httponly=True,
        samesite="strict",
        secure=node.settings.secure_cookies,
        max_age=node.settings.session_idle_minutes * 60,
    )
    return response


@router.post("/ui/sign-out")
def sign_out(request: Request, node: NodeDep, session: SessionDep, csrf_token: Annotated[str, Form()]) -> Response:
    require_csrf(session, csrf_token)
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        sessions.sign_out(node, cookie)
    response = RedirectResponse("/ui/sign-in", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/ui/today")
def today(request: Request, node: NodeDep, session: SessionDep) -> HTMLResponse:
    lists = entries.lists(node, session.actor) if session.actor.can(Permission.WATCHLIST_READ) else []
    return render(request, "today.html", session, lists=lists)


@router.get("/ui/audit")
def audit_page(request: Request, node: NodeDep, session: SessionDep, before: int | None = None) -> HTMLResponse:
    session.actor.require(Permission.AUDIT_READ)
    with node.db.read() as connection:
        result = verify(audit_log.entries(connection))
        recent = audit_log.latest(connection, limit=50, before_seq=before)
    return render(request, "audit.html", session, verification=result, entries=recent)
