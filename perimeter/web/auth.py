"""Who is calling: a bearer token (API) resolved to an :class:`Actor`, and permission checks as dependencies."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Depends, Request

from perimeter.core.access import Actor, Permission
from perimeter.core.errors import AuthenticationRequired
from perimeter.services import users
from perimeter.services.node import Node


def get_node(request: Request) -> Node:
    node: Node = request.app.state.node
    return node


def current_actor(request: Request) -> Actor:
    cached = getattr(request.state, "actor", None)
    if isinstance(cached, Actor):
        return cached
    node = get_node(request)
    header = request.headers.get("authorization", "")
    scheme, _, credentials = header.partition(" ")
    if scheme.lower() == "bearer" and credentials:
        actor = users.authenticate_token(node, credentials)
    else:
        session_actor = getattr(request.state, "session_actor", None)
        if not isinstance(session_actor, Actor):
            raise AuthenticationRequired("sign in, or send 'Authorization: Bearer <token>' (perimeter tokens create)")
        actor = session_actor
    request.state.actor = actor
    return actor


def require(permission: Permission) -> Callable[..., Actor]:
    """A dependency that yields the actor once it holds ``permission``."""

    def dependency(actor: Actor = Depends(current_actor)) -> Actor:
        actor.require(permission)
        return actor

    return dependency
