"""Who is calling: a bearer token (API) resolved to an :class:`Actor`, and permission checks as dependencies."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Depends, Request

from perimeter.core.access import Actor, Permission
from perimeter.core.errors import AuthenticationRequired, PermissionDenied
from perimeter.services import sessions, users
from perimeter.services.node import Node

SESSION_COOKIE = "perimeter_session"
CSRF_HEADER = "x-csrf-token"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_node(request: Request) -> Node:
    node: Node = request.app.state.node
    return node


def current_session(request: Request) -> sessions.Session | None:
    """The browser session behind the request's cookie, if any (resolved once per request)."""
    if hasattr(request.state, "session"):
        found: sessions.Session | None = request.state.session
        return found
    cookie = request.cookies.get(SESSION_COOKIE)
    request.state.session = sessions.resolve(get_node(request), cookie) if cookie else None
    return request.state.session  # type: ignore[no-any-return]


def current_actor(request: Request) -> Actor:
    """The caller: a bearer token (API clients), else a browser session (the UI and its scripts).

    A browser session may only change things through the API when the request also carries the session's CSRF
    token in ``X-CSRF-Token``, so another site cannot make a signed-in officer's browser act on its behalf.
    """
    cached = getattr(request.state, "actor", None)
    if isinstance(cached, Actor):
        return cached
    node = get_node(request)
    header = request.headers.get("authorization", "")
    scheme, _, credentials = header.partition(" ")
    if scheme.lower() == "bearer" and credentials:
        actor = users.authenticate_token(node, credentials)
    else:
        session = current_session(request)
        if session is None:
            raise AuthenticationRequired("sign in, or send 'Authorization: Bearer <token>' (perimeter tokens create)")
        if request.method not in _SAFE_METHODS and request.headers.get(CSRF_HEADER) != session.csrf_token:
            raise PermissionDenied("the request lacks the session's CSRF token (X-CSRF-Token header)")
        actor = session.actor
    request.state.actor = actor
    return actor


def require(permission: Permission) -> Callable[..., Actor]:
    """A dependency that yields the actor once it holds ``permission``."""

    def dependency(actor: Actor = Depends(current_actor)) -> Actor:
        actor.require(permission)
        return actor

    return dependency
