"""The audit view for oversight: the chain's status and the entries, filtered and paged (read-only).

The status shown is a walk from the last checkpoint this app found sound, so the page costs what was written since;
"Verify the whole chain" walks it all from the first entry (and is itself audited).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse

from perimeter.core.access import Permission
from perimeter.core.errors import InvalidInput
from perimeter.services import audit_trail
from perimeter.services.audit_trail import ChainStatus
from perimeter.services.node import Node
from perimeter.services.sessions import Session
from perimeter.store.audit_queries import AuditFilter
from perimeter.web.auth import get_node
from perimeter.web.ui.forms import require_csrf
from perimeter.web.ui.render import add_nav, page_session, render

router = APIRouter(include_in_schema=False)
NodeDep = Annotated[Node, Depends(get_node)]
SessionDep = Annotated[Session, Depends(page_session)]
PAGE_SIZE = 50
ACTION_PREFIXES = (
    "session.",
    "watchlist.",
    "document.",
    "port-of-entry.",
    "screening.",
    "manifest.",
    "case.",
    "audit.",
)

add_nav("Audit", "/ui/audit", Permission.AUDIT_READ, 90)


def _day(value: str | None, name: str) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.combine(date.fromisoformat(value), time(), tzinfo=UTC)
    except ValueError:
        raise InvalidInput(f"{name} {value!r} is not a date of the form YYYY-MM-DD") from None


def _status(request: Request, node: Node, session: Session) -> ChainStatus:
    """Walk from this app's checkpoint, and keep the new one when the chain holds."""
    since = getattr(request.app.state, "audit_checkpoint", None)
    status = audit_trail.chain_status(node, session.actor, since)
    if status.ok:
        request.app.state.audit_checkpoint = status.checkpoint
    return status


def _page(
    request: Request, node: Node, session: Session, status: ChainStatus, query: dict[str, str], before: int | None
) -> HTMLResponse:
    until = _day(query.get("until"), "until")
    where = AuditFilter(
        action=query.get("action") or None,
        actor=query.get("actor") or None,
        target=query.get("target") or None,
        since=_day(query.get("since"), "since"),
        until=until + timedelta(days=1) if until else None,
    )
    rows = audit_trail.entries(node, session.actor, where, before_seq=before, limit=PAGE_SIZE)
    return render(
        request,
        "audit.html",
        session,
        status=status,
        partners=audit_trail.partner_checkpoints(node, session.actor),
        entries=rows,
        query=query,
        prefixes=ACTION_PREFIXES,
        filtered=where.active,
        next_before=rows[-1].seq if len(rows) == PAGE_SIZE else None,
    )


@router.get("/ui/audit")
def audit_page(
    request: Request,
    node: NodeDep,
    session: SessionDep,
    before: int | None = None,
    action: str = "",
    actor: str = "",
    target: str = "",
    since: str = "",
    until: str = "",
) -> HTMLResponse:
    session.actor.require(Permission.AUDIT_READ)
    query = {"action": action.strip(), "actor": actor.strip(), "target": target.strip(), "since": since, "until": until}
    return _page(request, node, session, _status(request, node, session), query, before)


@router.post("/ui/audit/verify")
def verify_whole_chain(
    request: Request, node: NodeDep, session: SessionDep, csrf_token: Annotated[str, Form()]
) -> HTMLResponse:
    require_csrf(session, csrf_token)
    status = audit_trail.verify_chain(node, session.actor)
    request.app.state.audit_checkpoint = status.checkpoint if status.ok else None
    return _page(request, node, session, status, {}, None)
