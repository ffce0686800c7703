"""Users and tokens (administrators)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel

from perimeter.core.access import Actor, Permission, parse_role
from perimeter.services import users
from perimeter.services.node import Node
from perimeter.web.auth import get_node, require

router = APIRouter(tags=["users"])
Admin = Annotated[Actor, Depends(require(Permission.USERS_MANAGE))]
NodeDep = Annotated[Node, Depends(get_node)]


class NewUser(BaseModel):
    username: str
    role: str
    display_name: str = ""
    password: str | None = None


class NewToken(BaseModel):
    label: str = ""
    valid_days: int | None = None


def _public(row: Any) -> dict[str, Any]:
    data = asdict(row)
    data.pop("password_hash", None)
    data.pop("secret_hash", None)
    return data


@router.get("/users")
def list_users(node: NodeDep, actor: Admin) -> list[dict[str, Any]]:
    return [_public(row) for row in users.list_users(node, actor)]


@router.post("/users", status_code=201)
def add_user(body: NewUser, node: NodeDep, actor: Admin) -> dict[str, Any]:
    row = users.add_user(node, actor, body.username, parse_role(body.role), body.display_name, body.password)
    return _public(row)


@router.post("/users/{username}/tokens", status_code=201, summary="Issue a token; the secret is shown only here")
def create_token(username: str, body: NewToken, node: NodeDep, actor: Admin) -> dict[str, Any]:
    issued = users.create_token(node, actor, username, body.label, body.valid_days)
    return asdict(issued)


@router.get("/tokens")
def list_tokens(node: NodeDep, actor: Admin, username: str | None = None) -> list[dict[str, Any]]:
    return [_public(row) for row in users.list_tokens(node, actor, username)]


@router.delete("/tokens/{token_id}", status_code=204)
def revoke_token(token_id: str, node: NodeDep, actor: Admin) -> Response:
    users.revoke_token(node, actor, token_id)
    return Response(status_code=204)
