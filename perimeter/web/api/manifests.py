"""Passenger data: receive PAXLST and PNRGOV messages (screened on arrival), read flights and PNRs, protect them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from perimeter.core.access import Actor, Permission
from perimeter.core.errors import InvalidInput
from perimeter.federation.client import PartnerClient
from perimeter.services import federated_flights, passenger_intake, passenger_records, pnr_protection
from perimeter.services.node import Node
from perimeter.web.auth import get_node, require

router = APIRouter(tags=["passenger data"])
NodeDep = Annotated[Node, Depends(get_node)]
Reader = Annotated[Actor, Depends(require(Permission.MANIFESTS_READ))]
Writer = Annotated[Actor, Depends(require(Permission.MANIFESTS_WRITE))]


class UnmaskRequest(BaseModel):
    reason: str = Field(min_length=1, description="why the masked data is needed (a case, a warrant); audited")


class CaseLinkRequest(BaseModel):
    case_id: str = Field(min_length=1, max_length=60)


async def _message_bytes(request: Request) -> tuple[bytes, str]:
    """The message: the raw body (any text or EDIFACT content type), or the ``file`` field of a form upload."""
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        async with request.form() as form:
            upload = form.get("file")
            if not isinstance(upload, UploadFile):
                raise InvalidInput("the form has no 'file' field holding the message")
            return await upload.read(), upload.filename or "upload"
    body = await request.body()
    if not body:
        raise InvalidInput("the request body is empty: send the PAXLST or PNRGOV message as the body or as 'file'")
    return body, request.headers.get("x-message-name", "request body")


@router.post(
    "/manifests",
    summary="Receive a PAXLST or PNRGOV message: store it, screen the flight, answer with the risk assessment",
    responses={200: {"description": "already received: nothing stored"}, 201: {"description": "stored, screened"}},
)
async def receive(request: Request, response: Response, node: NodeDep, actor: Writer) -> dict[str, Any]:
    data, name = await _message_bytes(request)
    # Screening a flight takes a while: in a worker thread, so the event loop keeps answering port-of-entry checks.
    receipt = await run_in_threadpool(passenger_intake.receive, node, actor, data, name)
    response.status_code = 200 if receipt.already_received else 201
    return passenger_intake.receipt_summary(receipt)


@router.get("/manifests", summary="Manifests received, newest first (no personal data)")
def list_manifests(
    node: NodeDep,
    actor: Reader,
    carrier: str | None = None,
    flight_date: date | None = None,
    since: datetime | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[dict[str, Any]]:
    return passenger_records.list_manifests(
        node, actor, carrier=carrier, flight_date=flight_date, since=since, limit=limit, offset=offset
    )


@router.get("/manifests/quality", summary="Manifests received per carrier with their data quality")
def quality(
    node: NodeDep,
    actor: Annotated[Actor, Depends(require(Permission.REPORTS_READ))],
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[dict[str, Any]]:
    return passenger_records.carrier_quality(node, actor, since, until)


@router.get("/manifests/{manifest_id}", summary="A flight's travellers with their dispositions (masked when old)")
def get_manifest(node: NodeDep, actor: Reader, manifest_id: str, disposition: str | None = None) -> dict[str, Any]:
    return passenger_records.get_manifest(node, actor, manifest_id, disposition=disposition)


@router.post("/manifests/{manifest_id}/unmask", summary="A masked flight, unmasked (pnr:unmask, a reason; audited)")
def unmask_manifest(node: NodeDep, actor: Reader, manifest_id: str, body: UnmaskRequest) -> dict[str, Any]:
    return passenger_records.get_manifest(node, actor, manifest_id, unmask_reason=body.reason)


class PartnerScreening(BaseModel):
    purpose: str = Field(
        default="border-screening", min_length=1, description="one of the agreements' enumerated purposes"
    )


@router.post(
    "/manifests/{manifest_id}/partners",
    summary="Screen a stored flight with every partner whose agreement allows it; partner hits join the assessment",
)
async def screen_with_partners(
    request: Request, node: NodeDep, actor: Writer, manifest_id: str, body: PartnerScreening | None = None
) -> dict[str, Any]:
    purpose = body.purpose if body is not None else PartnerScreening().purpose
    async with PartnerClient(node, transport=request.app.state.partner_transport) as client:
        result = await federated_flights.screen_manifest_with_partners(
            node, actor, client, manifest_id, purpose=purpose
        )
    return result.to_json()


@router.post("/manifests/{manifest_id}/cases", status_code=204, summary="Keep a manifest while a case is open")
def link_manifest(node: NodeDep, actor: Reader, manifest_id: str, body: CaseLinkRequest) -> Response:
    pnr_protection.link_to_case(node, actor, "manifest", manifest_id, body.case_id)
    return Response(status_code=204)


@router.get("/pnrs", summary="Stored PNRs, most recently changed first")
def list_pnrs(
    node: NodeDep,
    actor: Reader,
    carrier: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[dict[str, Any]]:
    return passenger_records.list_pnrs(node, actor, carrier=carrier, limit=limit, offset=offset)


@router.get("/pnrs/{pnr_id}", summary="One PNR (masked past the masking period)")
def get_pnr(node: NodeDep, actor: Reader, pnr_id: str) -> dict[str, Any]:
    return passenger_records.get_pnr(node, actor, pnr_id)


@router.post("/pnrs/{pnr_id}/unmask", summary="A masked PNR, unmasked (pnr:unmask, a reason; audited)")
def unmask_pnr(node: NodeDep, actor: Reader, pnr_id: str, body: UnmaskRequest) -> dict[str, Any]:
    return passenger_records.get_pnr(node, actor, pnr_id, unmask_reason=body.reason)


@router.post("/pnrs/{pnr_id}/cases", status_code=204, summary="Keep a PNR while a case is open")
def link_pnr(node: NodeDep, actor: Reader, pnr_id: str, body: CaseLinkRequest) -> Response:
    pnr_protection.link_to_case(node, actor, "pnr", pnr_id, body.case_id)
    return Response(status_code=204)


@router.post("/pnrs/retention", summary="Apply the masking and deletion periods now; counts of what was done")
def retention(node: NodeDep, actor: Writer) -> dict[str, Any]:
    report = pnr_protection.apply_retention(node, actor)
    return {**report.__dict__, "on": report.on.isoformat()}
