"""Screening: one person per request, pairwise comparison, bulk jobs, and analysts' decisions."""

from __future__ import annotations

import time
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field

from perimeter.core.access import Actor, Permission
from perimeter.screening.query import ScreeningQuery
from perimeter.services import screening, screening_decisions, screening_jobs
from perimeter.services.node import Node
from perimeter.web.auth import current_actor, get_node, require

router = APIRouter(tags=["screening"])
NodeDep = Annotated[Node, Depends(get_node)]
Screener = Annotated[Actor, Depends(require(Permission.SCREEN))]
Decider = Annotated[Actor, Depends(require(Permission.SCREEN_DECIDE))]


class QueryBody(BaseModel):
    name: str = Field(description="the name, in any script", examples=["Ayman al-Zawahiri"])
    birth_date: str | None = Field(default=None, description="YYYY, YYYY-MM or YYYY-MM-DD", examples=["1951-06-19"])
    nationality: str | None = Field(default=None, description="ISO 3166-1 alpha-3 or ICAO code", examples=["EGY"])
    gender: str | None = Field(default=None, description="m, f or x")
    document_number: str | None = None

    def query(self) -> ScreeningQuery:
        return ScreeningQuery.create(
            self.name,
            birth_date=self.birth_date,
            nationality=self.nationality,
            gender=self.gender,
            document_number=self.document_number,
        )


class ScreenBody(QueryBody):
    purpose: str = Field(default="border-screening", max_length=60)


class CompareBody(BaseModel):
    a: QueryBody
    b: QueryBody


class DecisionBody(BaseModel):
    fingerprint: str = Field(description="the traveller's fingerprint, as a screen returned it")
    owner_node: str
    record_id: str
    reason: str | None = Field(default=None, max_length=2000)


@router.post("/screen", summary="Screen one person against the node's watch lists")
async def screen_one(body: ScreenBody, request: Request) -> dict[str, Any]:
    # Answered on the event loop, like the document check: a screen takes milliseconds, and worker-thread hops
    # (for the handler or for dependencies) would add their own latency to every officer's request.
    started = time.perf_counter()
    node, actor = get_node(request), current_actor(request)
    fingerprint, hits = screening.screen_person(node, actor, body.query(), purpose=body.purpose)
    return {
        "fingerprint": fingerprint,
        "threshold": node.settings.alert_threshold,
        "algorithm": node.settings.screening_algorithm,
        "alerted": any(hit.alerts for hit in hits),
        "hits": [hit.to_json() for hit in hits],
        "ms": round((time.perf_counter() - started) * 1000, 2),
    }


@router.post("/screen/compare", summary="Score two records against each other")
def compare(body: CompareBody, node: NodeDep, actor: Screener) -> dict[str, Any]:
    score, alert, found = screening.screener(node).compare(body.a.query(), body.b.query())
    return {
        "score": round(score, 4),
        "alert": alert,
        "explanation": [feature.detail for feature in found],
        "features": [{"feature": f.name, "contribution": round(f.contribution, 4)} for f in found],
    }


@router.post("/screen/jobs", status_code=202, summary="Submit a JSON Lines file of queries to screen in bulk")
async def submit_job(request: Request, node: NodeDep, actor: Screener, purpose: str = "bulk-screening") -> Any:
    content = await request.body()
    job = screening_jobs.submit(node, actor, content, purpose)
    return _job(job)


@router.get("/screen/jobs/{job_id}", summary="The status of a bulk screening job")
def job_status(job_id: str, node: NodeDep, actor: Screener) -> dict[str, Any]:
    return _job(screening_jobs.status(node, actor, job_id))


@router.get("/screen/jobs/{job_id}/results", summary="The results of a finished job, as JSON Lines")
def job_results(job_id: str, node: NodeDep, actor: Screener) -> Response:
    path = screening_jobs.results_path(node, actor, job_id)
    return FileResponse(path, media_type="application/x-ndjson", filename=f"screening-{job_id}.jsonl")


def _job(job: screening_jobs.Job) -> dict[str, Any]:
    return {
        "job_id": job.job_id,
        "status": job.status,
        "total": job.total,
        "done": job.done,
        "alerted": job.alerted,
        "error": job.error,
        "submitted_at": job.submitted_at.isoformat(),
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
        "results": f"/api/v1/screen/jobs/{job.job_id}/results" if job.status == "done" else None,
    }


@router.post("/screen/decisions", status_code=201, summary="Mark a hit as a false match for this traveller")
def decide(body: DecisionBody, node: NodeDep, actor: Decider) -> dict[str, Any]:
    decision = screening_decisions.mark_false_match(
        node, actor, body.fingerprint, body.owner_node, body.record_id, body.reason
    )
    return _decision(decision)


@router.get("/screen/decisions", summary="The decisions taken for one traveller")
def list_decisions(fingerprint: str, node: NodeDep, actor: Screener, all: bool = False) -> list[dict[str, Any]]:
    found = screening_decisions.decisions(node, actor, fingerprint, include_revoked=all)
    return [_decision(decision) for decision in found]


@router.delete("/screen/decisions/{decision_id}", summary="Revoke a decision: the traveller alerts again")
def revoke(decision_id: int, node: NodeDep, actor: Decider) -> dict[str, Any]:
    return _decision(screening_decisions.revoke(node, actor, decision_id))


def _decision(decision: screening_decisions.Decision) -> dict[str, Any]:
    return {
        "decision_id": decision.decision_id,
        "fingerprint": decision.fingerprint,
        "owner_node": decision.owner_node,
        "record_id": decision.record_id,
        "decision": decision.decision,
        "reason": decision.reason,
        "decided_by": decision.decided_by,
        "decided_at": decision.decided_at.isoformat(),
        "revoked_by": decision.revoked_by,
        "revoked_at": decision.revoked_at.isoformat() if decision.revoked_at else None,
    }
