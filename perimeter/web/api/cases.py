"""Shared cases: list and read them, notify an owner of a hit, and take the steps of the hit procedure."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field, JsonValue

from perimeter.core.access import Actor, Permission
from perimeter.records.cases import Case, RecordKind
from perimeter.services import case_views, cases
from perimeter.services.node import Node
from perimeter.store.tables.base import utc_now
from perimeter.web.auth import current_actor, get_node, require

router = APIRouter(prefix="/cases", tags=["cases"])
NodeDep = Annotated[Node, Depends(get_node)]
Reader = Annotated[Actor, Depends(require(Permission.CASES_READ))]
# Each service checks its own permission (notify, write or release); the route only needs the caller.
Writer = Annotated[Actor, Depends(current_actor)]


class NotifyRequest(BaseModel):
    owner_node: str = Field(description="the partner node that owns the record that was hit")
    record_kind: RecordKind
    record_id: str = Field(description="the owner's record id, as the hit gave it")
    category: str | None = Field(default=None, description="watch-list category of the record, when known")
    location: str = Field(max_length=100, description="where the subject was found (port of entry code)")
    found_at: datetime = Field(description="when the subject was found (with a time zone)")
    officer_action: str = Field(max_length=2000, description="what the finding officer did")
    subject: dict[str, JsonValue] = Field(default_factory=dict, description="the person or document as presented")
    score: float | None = None
    explanation: str | None = None
    purpose: str | None = Field(default=None, description="one of the agreement's purposes; default: the first")
    case_id: str | None = Field(default=None, description="a UUID chosen by the caller makes a retry a no-op")


class TextRequest(BaseModel):
    text: str = Field(min_length=1, max_length=4000)


class ConfirmRequest(BaseModel):
    handling: str | None = Field(default=None, max_length=2000, description="the handling the owner asks for")
    text: str | None = Field(default=None, max_length=4000)


class ReleaseRequest(BaseModel):
    fields: list[str] = Field(min_length=1, description="fields of the owner's record, within the clause")
    text: str | None = Field(default=None, max_length=4000)


class CloseRequest(BaseModel):
    outcome: str | None = Field(default=None, max_length=4000)


def _one(case: Case) -> dict[str, Any]:
    return case_views.summary(case, utc_now())


@router.get("", summary="Cases, most recently changed first, with their running deadline")
def list_cases(
    node: NodeDep,
    actor: Reader,
    direction: Annotated[str | None, Query(description="sent (this node found) or received (it owns)")] = None,
    state: Annotated[str | None, Query(description="notified, acknowledged, identity-confirmed, ...")] = None,
    overdue: Annotated[bool, Query(description="only cases whose running deadline has passed")] = False,
    partner: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    now = utc_now()
    total, found = cases.list_cases(
        node,
        actor,
        direction=direction,
        state=state,
        overdue=overdue,
        partner=partner,
        limit=limit,
        offset=offset,
        now=now,
    )
    return {"total": total, "cases": [case_views.summary(case, now) for case in found]}


@router.get("/figures", summary="Notifications sent and received in a period, answered and within deadline")
def figures(node: NodeDep, actor: Reader, date_from: date, date_to: date) -> dict[str, Any]:
    return case_views.figures(node, actor, date_from, date_to, utc_now())


@router.get("/{case_id}", summary="A case with its notification and its thread (audited)")
def get_case(case_id: str, node: NodeDep, actor: Reader) -> dict[str, Any]:
    found = cases.get_case(node, actor, case_id)
    return case_views.detail(found.case, found.notification, found.thread, utc_now())


@router.post("", status_code=201, summary="Notify the owner of a hit on its record and open the shared case")
def notify(body: NotifyRequest, node: NodeDep, actor: Writer) -> dict[str, Any]:
    hit = cases.Hit(
        body.record_kind,
        body.record_id,
        body.owner_node,
        body.subject,
        body.score,
        body.explanation,
        body.category,
    )
    case = cases.notify_owner(
        node,
        actor,
        hit,
        body.location,
        body.found_at,
        body.officer_action,
        purpose=body.purpose,
        case_id=body.case_id,
    )
    return _one(case)


@router.post("/{case_id}/acknowledge", summary="Owner: acknowledge the notification")
def acknowledge(case_id: str, node: NodeDep, actor: Writer) -> dict[str, Any]:
    return _one(cases.acknowledge(node, actor, case_id))


@router.post("/{case_id}/reply", summary="Either side: add a message to the thread")
def reply(case_id: str, body: TextRequest, node: NodeDep, actor: Writer) -> dict[str, Any]:
    return _one(cases.reply(node, actor, case_id, body.text))


@router.post("/{case_id}/officer-action", summary="Finder: record what the officer did next")
def officer_action(case_id: str, body: TextRequest, node: NodeDep, actor: Writer) -> dict[str, Any]:
    return _one(cases.record_officer_action(node, actor, case_id, body.text))


@router.post("/{case_id}/confirm", summary="Owner: the person found is the listed subject; state the handling")
def confirm(case_id: str, body: ConfirmRequest, node: NodeDep, actor: Writer) -> dict[str, Any]:
    return _one(cases.confirm_identity(node, actor, case_id, body.handling, body.text))


@router.post("/{case_id}/reject", summary="Owner: the person found is not the listed subject")
def reject(case_id: str, body: TextRequest, node: NodeDep, actor: Writer) -> dict[str, Any]:
    return _one(cases.reject_identity(node, actor, case_id, body.text))


@router.post("/{case_id}/release", summary="Owner: release fields of the record (only what the clause allows)")
def release(case_id: str, body: ReleaseRequest, node: NodeDep, actor: Writer) -> dict[str, Any]:
    return _one(cases.release(node, actor, case_id, body.fields, body.text))


@router.post("/{case_id}/close", summary="Either side: close the case with its outcome")
def close(case_id: str, body: CloseRequest, node: NodeDep, actor: Writer) -> dict[str, Any]:
    return _one(cases.close(node, actor, case_id, body.outcome))
