"""The port-of-entry check, and reading a machine-readable zone on its own."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from perimeter.core.access import Actor, Permission
from perimeter.formats.mrz import parse_mrz
from perimeter.records.photo_page import PhotoPage
from perimeter.services import port_of_entry
from perimeter.services.node import Node
from perimeter.web.auth import current_actor, get_node, require

router = APIRouter(tags=["port of entry"])
NodeDep = Annotated[Node, Depends(get_node)]
_SPECIMEN = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"]


class ZoneRequest(BaseModel):
    mrz: list[str] | str = Field(description="the zone's lines, as a list or joined by newlines", examples=[_SPECIMEN])


class PortCheckRequest(ZoneRequest):
    photo_page: PhotoPage | None = Field(default=None, description="what the officer typed from the photo page")
    location: str | None = Field(default=None, max_length=100, description="port of entry code, e.g. USBLA")


@router.post(
    "/port-of-entry/check", summary="Verify the zone, compare the photo page, check status, screen: one answer"
)
async def check(body: PortCheckRequest, request: Request) -> dict[str, Any]:
    # Answered on the event loop like the document check: no worker-thread hops on an officer's hot path.
    node, actor = get_node(request), current_actor(request)
    answer = port_of_entry.check_at_port(node, actor, body.mrz, body.photo_page, location=body.location)
    return answer.summary()


@router.post("/documents/read", summary="Read and verify a machine-readable zone (nothing is looked up)")
def read(body: ZoneRequest, actor: Annotated[Actor, Depends(require(Permission.DOCUMENTS_CHECK))]) -> dict[str, Any]:
    return parse_mrz(body.mrz).to_json_dict()
