"""The federation as users see it: partners, agreements, the outbox, federated checks and the audit check."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from perimeter.core.access import Actor, Permission
from perimeter.federation import outbox
from perimeter.federation.client import PartnerClient
from perimeter.services import agreements, audit_checks, federated_screening, partners
from perimeter.services.node import Node
from perimeter.web.auth import get_node, require

router = APIRouter(tags=["federation"])
NodeDep = Annotated[Node, Depends(get_node)]


def _client(request: Request, node: Node) -> PartnerClient:
    return PartnerClient(node, transport=request.app.state.partner_transport)


class PartnerIn(BaseModel):
    node_id: str = Field(examples=["ca-cbsa"])
    country: str = Field(examples=["CAN"])
    url: str = Field(examples=["https://cbsa.example"])
    public_key: str = Field(description="the partner's Ed25519 public key, PEM")


def _partner(partner: Any) -> dict[str, Any]:
    return {"node_id": partner.node_id, "country": partner.country, "url": partner.url,
            "key_fingerprint": partner.key_fingerprint, "added_at": partner.added_at}  # fmt: skip


@router.get("/partners", summary="Partner nodes")
def list_partners(node: NodeDep, actor: Annotated[Actor, Depends(require(Permission.NODE_READ))]) -> list[Any]:
    return [_partner(partner) for partner in partners.list_partners(node, actor)]


@router.post("/partners", status_code=201, summary="Add a partner node")
def add_partner(
    body: PartnerIn, node: NodeDep, actor: Annotated[Actor, Depends(require(Permission.PARTNERS_WRITE))]
) -> dict[str, Any]:
    return _partner(partners.add_partner(node, actor, body.node_id, body.country, body.url, body.public_key))


@router.delete("/partners/{node_id}", status_code=204, summary="Remove a partner node")
def remove_partner(
    node_id: str, node: NodeDep, actor: Annotated[Actor, Depends(require(Permission.PARTNERS_WRITE))]
) -> None:
    partners.remove_partner(node, actor, node_id)


@router.get("/agreements", summary="Agreements held (newest version of each)")
def list_agreements(node: NodeDep, actor: Annotated[Actor, Depends(require(Permission.AGREEMENTS_READ))]) -> list[Any]:
    return [agreements.summary(signed, date.today()) for signed in agreements.list_agreements(node, actor)]


@router.get("/agreements/{agreement_id}", summary="One agreement: its summary, clauses and signed text")
def show_agreement(
    agreement_id: str,
    node: NodeDep,
    actor: Annotated[Actor, Depends(require(Permission.AGREEMENTS_READ))],
    version: int | None = None,
) -> dict[str, Any]:
    signed = agreements.show(node, actor, agreement_id, version)
    return {
        **agreements.summary(signed, date.today()),
        "clauses": [clause.model_dump(mode="json") for clause in signed.agreement.clauses],
        "document": signed.render(),
    }


@router.post(
    "/agreements",
    status_code=201,
    summary="Import an agreement every party has signed",
    openapi_extra={"requestBody": {"content": {"text/plain": {"schema": {"type": "string"}}}, "required": True}},
)
async def import_agreement(
    request: Request, node: NodeDep, actor: Annotated[Actor, Depends(require(Permission.AGREEMENTS_WRITE))]
) -> dict[str, Any]:
    """The body is the signed agreement's YAML text."""
    document = (await request.body()).decode("utf-8", errors="replace")
    signed = await run_in_threadpool(agreements.import_agreement, node, actor, document)
    return agreements.summary(signed, date.today())


@router.get("/outbox", summary="Messages to partners, newest first (without their payloads)")
def list_outbox(
    node: NodeDep,
    _actor: Annotated[Actor, Depends(require(Permission.NODE_READ))],
    status: str | None = None,
    limit: int = 100,
) -> list[dict[str, Any]]:
    return outbox.messages(node, status=status, limit=min(limit, 1000))


class FederatedDocumentCheck(BaseModel):
    country: str = Field(examples=["CAN"])
    number: str = Field(examples=["GA123456"])
    type: str | None = None
    purpose: str = Field(examples=["border-screening"], description="one of the agreements' enumerated purposes")


class FederatedScreen(BaseModel):
    query: dict[str, Any] = Field(examples=[{"name": "Rodrigo Salcedo Ibarra", "birth_date": "1982-07-19"}])
    purpose: str = Field(examples=["border-screening"])


@router.post("/federated/documents/check", summary="Check a document here and with every partner that may answer")
async def federated_document_check(
    body: FederatedDocumentCheck,
    request: Request,
    node: NodeDep,
    actor: Annotated[Actor, Depends(require(Permission.DOCUMENTS_CHECK))],
) -> dict[str, Any]:
    async with _client(request, node) as client:
        return await federated_screening.check_document(
            node, actor, client, body.country, body.number, body.type, purpose=body.purpose
        )


@router.post("/federated/screen", summary="Screen a person here and with every partner that may answer")
async def federated_screen(
    body: FederatedScreen, request: Request, node: NodeDep, actor: Annotated[Actor, Depends(require(Permission.SCREEN))]
) -> dict[str, Any]:
    async with _client(request, node) as client:
        return await federated_screening.screen_person(node, actor, client, body.query, purpose=body.purpose)


@router.get("/audit/verify", summary="Verify the whole audit chain; names the first broken entry")
def verify_audit(node: NodeDep, actor: Annotated[Actor, Depends(require(Permission.AUDIT_READ))]) -> dict[str, Any]:
    return dict(audit_checks.verify_chain(node, actor).__dict__)
