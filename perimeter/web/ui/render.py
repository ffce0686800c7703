"""Rendering pages: the template environment, the navigation each role sees, and the session a page needs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from perimeter import __version__
from perimeter.core.access import Actor, Permission
from perimeter.core.countries import country_name
from perimeter.core.errors import PerimeterError
from perimeter.services.node import Node
from perimeter.services.sessions import Session
from perimeter.web.auth import current_session, get_node

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).resolve().parents[1] / "templates"))


@dataclass(frozen=True)
class NavItem:
    label: str
    path: str
    permission: Permission
    order: int


# Each pages module adds its own entries; a role sees an entry only when it holds the entry's permission.
NAV: list[NavItem] = []


def add_nav(label: str, path: str, permission: Permission, order: int) -> None:
    if all(item.path != path for item in NAV):
        NAV.append(NavItem(label, path, permission, order))
        NAV.sort(key=lambda item: item.order)


@dataclass(frozen=True)
class TodayPanel:
    """A section of the Today page: its template (under ``today/``), who may see it, and what fills it.

    ``load`` returns the section's data; the template shows an empty state when that is empty, so a section is there
    from the first day and fills as the node receives data.
    """

    key: str
    template: str
    permission: Permission
    order: int
    load: Callable[[Node, Actor], Any]


# Each pages module adds the sections it owns; a role sees a section only when it holds the section's permission.
TODAY: list[TodayPanel] = []


def add_today_panel(
    key: str, template: str, permission: Permission, order: int, load: Callable[[Node, Actor], Any]
) -> None:
    if all(panel.key != key for panel in TODAY):
        TODAY.append(TodayPanel(key, template, permission, order, load))
        TODAY.sort(key=lambda panel: panel.order)


def today_panels(node: Node, actor: Actor) -> list[tuple[TodayPanel, Any]]:
    """The sections ``actor`` may see, each with its data."""
    return [(panel, panel.load(node, actor)) for panel in TODAY if actor.can(panel.permission)]


class SignInRequired(PerimeterError):
    """Raised by pages when nobody is signed in; answered with a redirect to the sign-in page."""

    code = "sign-in-required"

    def __init__(self, next_path: str) -> None:
        super().__init__("sign in to continue")
        self.next_path = next_path


def page_session(request: Request) -> Session:
    """A dependency for pages: the signed-in session, or a redirect to the sign-in page."""
    session = current_session(request)
    if session is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise SignInRequired(target)
    request.state.actor = session.actor
    return session


def render(
    request: Request, template: str, session: Session | None, status_code: int = 200, **context: Any
) -> HTMLResponse:
    node = get_node(request)
    nav = [item for item in NAV if session is not None and session.actor.can(item.permission)]
    return TEMPLATES.TemplateResponse(
        request,
        template,
        {
            "session": session,
            "nav": nav,
            "node": node.identity,
            "country_name": country_name(node.identity.country),
            "version": __version__,
            "path": request.url.path,
            **context,
        },
        status_code=status_code,
    )


def sign_in_url(next_path: str) -> str:
    return f"/ui/sign-in?next={quote(next_path, safe='/')}"
