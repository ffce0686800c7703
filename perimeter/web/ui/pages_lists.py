"""Watch-list pages: browse and search lists, edit national lists, load editions with a progress bar."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from perimeter.core.access import Permission
from perimeter.core.errors import InvalidInput, PerimeterError
from perimeter.records.watchlist import Category, SubjectType
from perimeter.services import watchlist_entries as entries
from perimeter.services.node import Node
from perimeter.services.sessions import Session
from perimeter.web.auth import get_node
from perimeter.web.ui.forms import require_csrf
from perimeter.web.ui.render import add_nav, page_session, render

router = APIRouter(include_in_schema=False)
NodeDep = Annotated[Node, Depends(get_node)]
SessionDep = Annotated[Session, Depends(page_session)]
PAGE_SIZE = 50

add_nav("Lists", "/ui/lists", Permission.WATCHLIST_READ, 60)


@router.get("/ui/lists")
def lists_page(request: Request, node: NodeDep, session: SessionDep) -> HTMLResponse:
    return render(request, "lists.html", session, lists=entries.lists(node, session.actor), error=None)


@router.post("/ui/lists")
def create_list(
    request: Request,
    node: NodeDep,
    session: SessionDep,
    csrf_token: Annotated[str, Form()],
    list_name: Annotated[str, Form()],
    description: Annotated[str, Form()] = "",
) -> Response:
    require_csrf(session, csrf_token)
    try:
        entries.create_list(node, session.actor, list_name.strip(), description.strip())
    except InvalidInput as error:
        lists = entries.lists(node, session.actor)
        return render(request, "lists.html", session, status_code=422, lists=lists, error=error.message)
    return RedirectResponse(f"/ui/lists/{list_name.strip()}", status_code=303)


@router.get("/ui/lists/{list_name}")
def list_page(
    request: Request, node: NodeDep, session: SessionDep, list_name: str, q: str | None = None, after: str | None = None
) -> HTMLResponse:
    summary, editions = entries.get_list(node, session.actor, list_name)
    rows = entries.page(node, session.actor, list_name=list_name, search=q or None, after=after, limit=PAGE_SIZE)
    return render(
        request,
        "list.html",
        session,
        summary=summary,
        editions=editions[:10],
        rows=rows,
        q=q or "",
        next_after=rows[-1].record_id if len(rows) == PAGE_SIZE else None,
        editable=summary.source_format == entries.EDITABLE_KIND and session.actor.can(Permission.WATCHLIST_WRITE),
        can_load=session.actor.can(Permission.WATCHLIST_WRITE),
        categories=[c.value for c in Category],
        subject_types=[s.value for s in SubjectType],
        error=None,
    )


@router.get("/ui/entries/{record_id:path}")
def entry_page(request: Request, node: NodeDep, session: SessionDep, record_id: str) -> HTMLResponse:
    entry = entries.get_entry(node, session.actor, record_id)
    summary, _ = entries.get_list(node, session.actor, entry.list_name)
    editable = summary.source_format == entries.EDITABLE_KIND and session.actor.can(Permission.WATCHLIST_WRITE)
    return render(
        request,
        "entry.html",
        session,
        entry=entry,
        editable=editable,
        entry_json=json.dumps(
            entry.model_dump(mode="json", exclude={"list_name", "owner_node"}), indent=2, ensure_ascii=False
        ),
        error=None,
    )


def _split(text: str) -> list[str]:
    return [part for part in text.replace(",", " ").split() if part]


def _simple_entry(form: dict[str, str]) -> dict[str, Any]:
    """An entry from the short form: a name, aliases one per line, birth dates and nationalities."""
    names = [{"full": form["name"], "kind": "primary"}]
    names += [{"full": alias, "kind": "alias"} for alias in form.get("aliases", "").splitlines() if alias.strip()]
    data: dict[str, Any] = {
        "id": form["record_id"],
        "category": form["category"],
        "subject_type": form["subject_type"],
        "names": names,
        "birth_dates": [{"date": value} for value in _split(form.get("birth_dates", ""))],
        "nationalities": [value.upper() for value in _split(form.get("nationalities", ""))],
    }
    for optional in ("handling", "remarks", "gender"):
        if form.get(optional):
            data[optional] = form[optional]
    return data


@router.post("/ui/lists/{list_name}/entries")
def add_entry(
    request: Request,
    node: NodeDep,
    session: SessionDep,
    list_name: str,
    csrf_token: Annotated[str, Form()],
    record_id: Annotated[str, Form()],
    name: Annotated[str, Form()],
    category: Annotated[str, Form()],
    subject_type: Annotated[str, Form()],
    aliases: Annotated[str, Form()] = "",
    birth_dates: Annotated[str, Form()] = "",
    nationalities: Annotated[str, Form()] = "",
    gender: Annotated[str, Form()] = "",
    handling: Annotated[str, Form()] = "",
) -> Response:
    require_csrf(session, csrf_token)
    form = {
        "record_id": record_id.strip(),
        "name": name.strip(),
        "category": category,
        "subject_type": subject_type,
        "aliases": aliases,
        "birth_dates": birth_dates,
        "nationalities": nationalities,
        "gender": gender.strip(),
        "handling": handling.strip(),
    }
    try:
        entry = entries.add_entry(node, session.actor, list_name, _simple_entry(form))
    except PerimeterError as error:
        return _with_error(request, node, session, list_name, error.message)
    return RedirectResponse(f"/ui/entries/{entry.record_id}", status_code=303)


def _with_error(request: Request, node: Node, session: Session, list_name: str, message: str) -> HTMLResponse:
    summary, editions = entries.get_list(node, session.actor, list_name)
    rows = entries.page(node, session.actor, list_name=list_name, limit=PAGE_SIZE)
    return render(
        request,
        "list.html",
        session,
        status_code=422,
        summary=summary,
        editions=editions[:10],
        rows=rows,
        q="",
        next_after=None,
        editable=True,
        can_load=True,
        categories=[c.value for c in Category],
        subject_types=[s.value for s in SubjectType],
        error=message,
    )


@router.post("/ui/entries/{record_id:path}/edit")
def edit_entry(
    request: Request,
    node: NodeDep,
    session: SessionDep,
    record_id: str,
    csrf_token: Annotated[str, Form()],
    entry_json: Annotated[str, Form()],
) -> Response:
    require_csrf(session, csrf_token)
    current = entries.get_entry(node, session.actor, record_id)
    try:
        data = json.loads(entry_json)
        if not isinstance(data, dict):
            raise InvalidInput("the entry must be a JSON object")
        entries.update_entry(node, session.actor, current.list_name, record_id, data)
    except (json.JSONDecodeError, PerimeterError) as error:
        message = error.message if isinstance(error, PerimeterError) else f"not valid JSON: {error}"
        return render(
            request,
            "entry.html",
            session,
            status_code=422,
            entry=current,
            editable=True,
            entry_json=entry_json,
            error=message,
        )
    return RedirectResponse(f"/ui/entries/{record_id}", status_code=303)


@router.post("/ui/entries/{record_id:path}/delete")
def delete_entry(node: NodeDep, session: SessionDep, record_id: str, csrf_token: Annotated[str, Form()]) -> Response:
    require_csrf(session, csrf_token)
    current = entries.get_entry(node, session.actor, record_id)
    entries.remove_entry(node, session.actor, current.list_name, record_id)
    return RedirectResponse(f"/ui/lists/{current.list_name}", status_code=303)
