"""Shared cases: hit notifications sent and received, each with its thread, deadline and the next steps to take.

Every step goes through the cases service, which applies it, sends it to the partner through the outbox and audits
it; the page only offers the steps the case's side and state allow.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from perimeter.core.access import Actor, Permission
from perimeter.core.errors import Conflict, InvalidInput
from perimeter.records import case_deadlines as deadlines
from perimeter.records.cases import OPEN_STATES, Case, CaseState, Side
from perimeter.services import case_terms, cases
from perimeter.services.node import Node
from perimeter.services.sessions import Session
from perimeter.store.tables.base import utc_now
from perimeter.web.auth import get_node
from perimeter.web.ui.forms import require_csrf
from perimeter.web.ui.render import add_nav, add_today_panel, page_session, render

router = APIRouter(include_in_schema=False)
NodeDep = Annotated[Node, Depends(get_node)]
SessionDep = Annotated[Session, Depends(page_session)]
PAGE_SIZE = 50
STEP_LABELS = {
    "acknowledge": "Acknowledge receipt",
    "confirm": "Confirm: it is our listed person",
    "reject": "Not our person",
    "reply": "Reply",
    "officer-action": "Record what the officer did",
    "release": "Release data",
    "close": "Close the case",
}

add_nav("Cases", "/ui/cases", Permission.CASES_READ, 50)


def steps_open_to(case: Case, actor: Actor) -> list[str]:
    """The steps this side may take now (the service checks again; this only decides what the page offers)."""
    if not actor.can(Permission.CASES_WRITE) or case.state is CaseState.CLOSED:
        return []
    found: list[str] = []
    if case.side is Side.OWNER:
        if case.state is CaseState.NOTIFIED:
            found.append("acknowledge")
        if case.state in (CaseState.NOTIFIED, CaseState.ACKNOWLEDGED):
            found += ["confirm", "reject"]
        if (
            case.state is CaseState.IDENTITY_CONFIRMED
            and case.released_at is None
            and actor.can(Permission.CASES_RELEASE)
        ):
            found.append("release")
    else:
        found.append("officer-action")
    return [*found, "reply", "close"]


def _deadline(case: Case) -> dict[str, Any] | None:
    running = deadlines.running_deadline(case)
    if running is None:
        return None
    now = utc_now()
    return {"kind": running.kind, "due_at": running.due_at, "overdue": running.is_overdue(now)}


@router.get("/ui/cases")
def cases_page(
    request: Request,
    node: NodeDep,
    session: SessionDep,
    direction: str = "",
    state: str = "",
    overdue: bool = False,
    page: int = 1,
) -> HTMLResponse:
    page = max(1, page)
    total, found = cases.list_cases(
        node,
        session.actor,
        direction=direction or None,
        state=state or None,
        overdue=overdue,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    return render(
        request,
        "cases.html",
        session,
        cases=[(case, _deadline(case)) for case in found],
        total=total,
        page=page,
        more=page * PAGE_SIZE < total,
        query={"direction": direction, "state": state, "overdue": overdue},
        states=[item.value for item in CaseState],
    )


def _case_page(
    request: Request, node: Node, session: Session, case_id: str, error: str | None = None, status_code: int = 200
) -> HTMLResponse:
    detail = cases.get_case(node, session.actor, case_id)
    releasable: list[str] = []
    if detail.case.side is Side.OWNER and session.actor.can(Permission.CASES_RELEASE):
        with node.db.read() as connection:
            releasable = sorted(case_terms.releasable(node, connection, detail.case).fields)
    return render(
        request,
        "case.html",
        session,
        status_code=status_code,
        case=detail.case,
        notification=detail.notification,
        thread=detail.thread,
        deadline=_deadline(detail.case),
        steps=steps_open_to(detail.case, session.actor),
        labels=STEP_LABELS,
        releasable=releasable,
        error=error,
    )


@router.get("/ui/cases/{case_id}")
def case_page(request: Request, node: NodeDep, session: SessionDep, case_id: str) -> HTMLResponse:
    return _case_page(request, node, session, case_id)


@router.post("/ui/cases/{case_id}/steps")
def take_step(
    request: Request,
    node: NodeDep,
    session: SessionDep,
    case_id: str,
    csrf_token: Annotated[str, Form()],
    action: Annotated[str, Form()],
    text: Annotated[str, Form()] = "",
    handling: Annotated[str, Form()] = "",
    fields: Annotated[list[str] | None, Form()] = None,
) -> Response:
    require_csrf(session, csrf_token)
    actor, words = session.actor, text.strip()
    try:
        if action == "acknowledge":
            cases.acknowledge(node, actor, case_id)
        elif action == "confirm":
            cases.confirm_identity(node, actor, case_id, handling.strip() or None, words or None)
        elif action == "reject":
            cases.reject_identity(node, actor, case_id, words or "not the listed person")
        elif action == "reply":
            if not words:
                raise InvalidInput("write the reply before sending it")
            cases.reply(node, actor, case_id, words)
        elif action == "officer-action":
            if not words:
                raise InvalidInput("say what the officer did")
            cases.record_officer_action(node, actor, case_id, words)
        elif action == "release":
            cases.release(node, actor, case_id, fields or [], words or None)
        elif action == "close":
            cases.close(node, actor, case_id, words or None)
        else:
            raise InvalidInput(f"unknown step {action!r}; steps are: {', '.join(STEP_LABELS)}")
    except (InvalidInput, Conflict) as error:
        return _case_page(request, node, session, case_id, error=error.message, status_code=422)
    return RedirectResponse(f"/ui/cases/{case_id}#thread", status_code=303)


def _open_cases(node: Node, actor: Actor) -> dict[str, Any]:
    """Open cases, those owing an answer soonest first, own (sent) and partners' (received) together."""
    found = [case for state in OPEN_STATES for case in cases.list_cases(node, actor, state=state.value, limit=100)[1]]
    waiting = [(case, _deadline(case)) for case in found]
    waiting.sort(key=lambda pair: pair[1]["due_at"] if pair[1] else utc_now().replace(year=9999))
    return {"cases": waiting[:15], "overdue": sum(1 for _c, d in waiting if d and d["overdue"])}


add_today_panel("cases", "today/cases.html", Permission.CASES_READ, 30, _open_cases)
