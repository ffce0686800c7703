"""Watch lists and their entries: browse, search, edit national lists, upload editions."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, File, Form, Query, Request, Response, UploadFile
from pydantic import BaseModel, Field

from perimeter.core.access import Actor, Permission
from perimeter.records.watchlist import WatchlistEntry
from perimeter.services import watchlist_entries as entries
from perimeter.services import watchlist_sources as sources
from perimeter.services.node import Node
from perimeter.store import changes
from perimeter.web.auth import get_node, require

router = APIRouter(tags=["watch lists"])
Reader = Annotated[Actor, Depends(require(Permission.WATCHLIST_READ))]
Writer = Annotated[Actor, Depends(require(Permission.WATCHLIST_WRITE))]
NodeDep = Annotated[Node, Depends(get_node)]


class NewList(BaseModel):
    list_name: str = Field(pattern=r"^[A-Za-z0-9_-]{1,100}$")
    description: str = ""


class Page(BaseModel):
    items: list[dict[str, Any]]
    next: str | None = Field(description="URL of the next page, absent on the last one")


@router.get("/lists", summary="Watch lists held by this node")
def list_lists(node: NodeDep, actor: Reader) -> list[dict[str, Any]]:
    return [asdict(summary) for summary in entries.lists(node, actor)]


@router.post("/lists", status_code=201, summary="Create an empty national list")
def create_list(body: NewList, node: NodeDep, actor: Writer) -> dict[str, Any]:
    return asdict(entries.create_list(node, actor, body.list_name, body.description))


@router.get("/lists/{list_name}", summary="A list with its editions, newest first")
def get_list(list_name: str, node: NodeDep, actor: Reader) -> dict[str, Any]:
    summary, editions = entries.get_list(node, actor, list_name)
    return {**asdict(summary), "editions": [asdict(edition) for edition in editions]}


@router.post("/lists/{list_name}/editions", status_code=201, summary="Upload and load an edition of a list")
async def upload_edition(
    list_name: str,
    node: NodeDep,
    actor: Writer,
    format: Annotated[str, Form(description="ofac-sdn, ofac-nonsdn, un-consolidated, jsonl or csv")],
    files: Annotated[list[UploadFile], File(description="the format's files, in the order it names them")],
) -> dict[str, Any]:
    parts = [(upload.filename or f"upload-{index}", await upload.read()) for index, upload in enumerate(files)]
    fmt = sources.get_format(format)
    if fmt.files:  # put the uploaded files in the order the format reads them, by name
        order = {name: index for index, name in enumerate((*fmt.files, *fmt.optional_files))}
        parts.sort(key=lambda part: order.get(part[0].rsplit("/", 1)[-1], len(order)))
    report = sources.load_content(node, actor, list_name, format, parts)
    return report.summary()


@router.get("/entries", response_model=Page, summary="Entries, filtered and paginated by record id")
def page_entries(
    request: Request,
    node: NodeDep,
    actor: Reader,
    list: Annotated[str | None, Query(description="only entries of this list")] = None,
    q: Annotated[str | None, Query(description="part of any name or alias")] = None,
    category: str | None = None,
    after: Annotated[str | None, Query(description="last record id of the previous page")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> Page:
    rows = entries.page(node, actor, list_name=list, search=q, category=category, after=after, limit=limit)
    next_url = None
    if len(rows) == limit:
        next_url = str(request.url.include_query_params(after=rows[-1].record_id))
    return Page(items=[asdict(row) for row in rows], next=next_url)


@router.get("/entries/{record_id:path}", summary="One entry, whole")
def get_entry(record_id: str, node: NodeDep, actor: Reader) -> WatchlistEntry:
    return entries.get_entry(node, actor, record_id)


@router.post("/lists/{list_name}/entries", status_code=201, summary="Add an entry to a national list")
def add_entry(list_name: str, node: NodeDep, actor: Writer, body: Annotated[dict[str, Any], Body()]) -> WatchlistEntry:
    return entries.add_entry(node, actor, list_name, body)


@router.put("/lists/{list_name}/entries/{record_id:path}", summary="Replace an entry of a national list")
def update_entry(
    list_name: str, record_id: str, node: NodeDep, actor: Writer, body: Annotated[dict[str, Any], Body()]
) -> WatchlistEntry:
    return entries.update_entry(node, actor, list_name, record_id, body)


@router.delete("/lists/{list_name}/entries/{record_id:path}", status_code=204, summary="Remove an entry")
def remove_entry(list_name: str, record_id: str, node: NodeDep, actor: Writer) -> Response:
    entries.remove_entry(node, actor, list_name, record_id)
    return Response(status_code=204)


@router.get("/changes", summary="The change feed of holdings, in sequence order")
def change_feed(
    node: NodeDep,
    actor: Reader,
    kind: str = "watchlist-entry",
    after: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
) -> dict[str, Any]:
    with node.db.read() as connection:
        rows = changes.since(connection, kind, after, limit)
    return {"changes": [asdict(row) for row in rows], "last_seq": rows[-1].seq if rows else after}
