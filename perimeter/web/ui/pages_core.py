"""Sign-in and sign-out, the landing page, and the audit view."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from perimeter.core.access import Permission
from perimeter.core.errors import AuthenticationRequired
from perimeter.services import sessions
from perimeter.services import watchlist_entries as entries
from perimeter.services.node import Node
from perimeter.services.sessions import Session
from perimeter.store.tables.base import utc_now
from perimeter.web.auth import SESSION_COOKIE, current_session, get_node
from perimeter.web.ui.forms import require_csrf
from perimeter.web.ui.render import add_nav, add_today_panel, page_session, render, today_panels

router = APIRouter(include_in_schema=False)
NodeDep = Annotated[Node, Depends(get_node)]
SessionDep = Annotated[Session, Depends(page_session)]

add_nav("Today", "/ui/today", Permission.NODE_READ, 10)
add_today_panel("lists", "today/lists.html", Permission.WATCHLIST_READ, 80, entries.lists)


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
    panels = today_panels(node, session.actor)
    return render(request, "today.html", session, panels=panels, today=utc_now().date())
