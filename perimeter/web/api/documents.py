"""The document status registry: check a document, keep the records, load files, record fraud incidents."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, File, Form, Query, Request, Response, UploadFile
from pydantic import BaseModel, Field

from perimeter.core.access import Actor, Permission
from perimeter.services import document_checks, document_incidents, document_loading, document_registry
from perimeter.services.node import Node
from perimeter.web.auth import current_actor, get_node, require

router = APIRouter(tags=["documents"])
Checker = Annotated[Actor, Depends(require(Permission.DOCUMENTS_CHECK))]
Writer = Annotated[Actor, Depends(require(Permission.DOCUMENTS_WRITE))]
Reporter = Annotated[Actor, Depends(require(Permission.INCIDENTS_WRITE))]
NodeDep = Annotated[Node, Depends(get_node)]
RecordBody = Annotated[
    dict[str, Any],
    Body(
        examples=[
            {
                "issuing_country": "UTO",
                "document_type": "passport",
                "number": "L898902C3",
                "status": "stolen",
                "reported_on": "2024-05-01",
                "reporting_authority": "Utopia National Police",
            }
        ]
    ),
]


class CheckRequest(BaseModel):
    country: str = Field(description="issuing country, ISO 3166-1 alpha-3 or ICAO code", examples=["UTO"])
    number: str = Field(description="as read or typed; spaces, dashes and O/0 are forgiven", examples=["L898902C3"])
    type: str | None = Field(default=None, description="passport, id-card, visa, ... or an ICAO code (P, I, V)")


class IncidentRequest(BaseModel):
    incident: dict[str, Any] = Field(description="the incident: kind, observed, indicators, location, document, ...")
    apply_status: str | None = Field(
        default=None, description="give the document this status (own country's documents only): invalidated, ..."
    )


def _record(record: Any) -> dict[str, Any]:
    data: dict[str, Any] = record.model_dump(mode="json", exclude={"number_key"})
    return {**data, "number_key": record.number_key, "record_id": record.record_id}


@router.post("/documents/check", summary="Is this document reported lost, stolen, revoked or invalidated?")
async def check(body: CheckRequest, request: Request) -> dict[str, object]:
    # The hot path of a port of entry: authenticated and answered on the event loop, with no hop to a worker
    # thread and back (each costs a GIL hand-over); the work itself is two short statements and an audit append.
    node, actor = get_node(request), current_actor(request)
    return document_checks.check(node, actor, body.country, body.number, body.type).summary()


@router.post("/documents", status_code=201, summary="Report a document of this node's country")
def add(body: RecordBody, node: NodeDep, actor: Writer) -> dict[str, Any]:
    return _record(document_registry.add(node, actor, body))


@router.get("/documents/{country}/{document_type}/{number}", summary="One status record")
def get(
    country: str, document_type: str, number: str, node: NodeDep, actor: Checker, owner: str | None = None
) -> dict[str, Any]:
    return _record(document_registry.get(node, actor, country, document_type, number, owner))


@router.put("/documents/{country}/{document_type}/{number}", summary="Amend a record this node owns")
def amend(
    country: str, document_type: str, number: str, body: RecordBody, node: NodeDep, actor: Writer
) -> dict[str, Any]:
    return _record(document_registry.amend(node, actor, country, document_type, number, body))


@router.delete("/documents/{country}/{document_type}/{number}", status_code=204, summary="Clear a record")
def clear(country: str, document_type: str, number: str, node: NodeDep, actor: Writer, reason: str = "") -> Response:
    document_registry.clear(node, actor, country, document_type, number, reason)
    return Response(status_code=204)


@router.post("/documents/loads", status_code=201, summary="Load a CSV or JSON Lines file of status records")
async def load(
    node: NodeDep,
    actor: Writer,
    file: Annotated[UploadFile, File(description="the file; its extension (.csv, .jsonl) tells the format")],
    format: Annotated[str | None, Form(description="csv or jsonl, when the file name does not say")] = None,
) -> dict[str, object]:
    report = document_loading.load_content(node, actor, file.filename or "upload", await file.read(), format)
    return report.summary()


@router.post("/documents/incidents", status_code=201, summary="Record a document-fraud incident")
def record_incident(body: IncidentRequest, node: NodeDep, actor: Reporter) -> dict[str, Any]:
    recorded = document_incidents.record_incident(node, actor, body.incident, body.apply_status)
    return {**recorded.incident.model_dump(mode="json"), "registry_change": recorded.status_change}


@router.get("/documents/incidents", summary="Incidents that occurred in a period (whole days, UTC)")
def list_incidents(
    node: NodeDep,
    actor: Checker,
    date_from: Annotated[date, Query(alias="from")],
    date_to: Annotated[date, Query(alias="to")],
    kind: str | None = None,
) -> list[dict[str, Any]]:
    found = document_incidents.incidents(node, actor, date_from, date_to, kind)
    return [item.model_dump(mode="json") for item in found]


@router.get("/documents/incidents/trends", summary="Incident figures by kind, issuing country and month")
def trends(
    node: NodeDep,
    actor: Annotated[Actor, Depends(require(Permission.REPORTS_READ))],
    date_from: Annotated[date, Query(alias="from")],
    date_to: Annotated[date, Query(alias="to")],
) -> document_incidents.IncidentTrends:
    return document_incidents.trends(node, actor, date_from, date_to)
