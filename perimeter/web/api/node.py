"""The node's identity and health."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from perimeter import __version__
from perimeter.core.access import Actor, Permission
from perimeter.services.node import Node
from perimeter.store import migrate
from perimeter.web.auth import get_node, require

router = APIRouter(tags=["node"])


@router.get("/health", summary="Liveness and schema state (no authentication)")
def health(node: Node = Depends(get_node)) -> dict[str, Any]:
    return {
        "status": "ok",
        "node_id": node.node_id,
        "version": __version__,
        "schema": migrate.current_revision(node.db),
    }


@router.get("/node", summary="This node's identity and public key")
def identity(node: Node = Depends(get_node), actor: Actor = Depends(require(Permission.NODE_READ))) -> dict[str, Any]:
    return {
        "node_id": node.identity.node_id,
        "country": node.identity.country,
        "name": node.identity.name,
        "public_key": node.identity.public_key_pem,
        "you": {"name": actor.name, "role": actor.role.value if actor.role else None},
    }
