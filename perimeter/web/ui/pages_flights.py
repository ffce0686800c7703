"""Flights: the manifests received, one flight's travellers with their dispositions, and uploading a message.

The travellers of a flight are read through the passenger records service, which masks them past the masking
period and audits every view (``manifest.view``, or ``manifest.unmask`` with the reason given).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse

from perimeter.core.access import Actor, Permission
from perimeter.core.errors import InvalidInput
from perimeter.services import passenger_records
from perimeter.services.node import Node
from perimeter.services.sessions import Session
from perimeter.store import hit_reviews
from perimeter.store.tables.base import utc_now
from perimeter.web.auth import get_node
from perimeter.web.ui.forms import require_csrf
from perimeter.web.ui.render import add_nav, add_today_panel, page_session, render

router = APIRouter(include_in_schema=False)
NodeDep = Annotated[Node, Depends(get_node)]
SessionDep = Annotated[Session, Depends(page_session)]
PAGE_SIZE = 50
DISPOSITIONS = ("refer", "review", "no-action")
_SEVERITY = {"refer": 0, "review": 1, "no-action": 2}
SORTS = {
    "position": "message order",
    "disposition": "disposition, most serious first",
    "name": "surname",
    "score": "best watch-list score",
}

add_nav("Flights", "/ui/flights", Permission.MANIFESTS_READ, 20)


def _day(value: str, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{name} {value!r} is not a date of the form YYYY-MM-DD") from None


@router.get("/ui/flights")
def flights_page(
    request: Request, node: NodeDep, session: SessionDep, flight_date: str = "", carrier: str = "", page: int = 1
) -> HTMLResponse:
    page = max(1, page)
    day = _day(flight_date, "flight date")
    rows = passenger_records.list_manifests(
        node,
        session.actor,
        carrier=carrier.strip() or None,
        flight_date=day,
        limit=PAGE_SIZE + 1,
        offset=(page - 1) * PAGE_SIZE,
    )
    return render(
        request,
        "flights.html",
        session,
        flights=rows[:PAGE_SIZE],
        more=len(rows) > PAGE_SIZE,
        page=page,
        query={"flight_date": flight_date, "carrier": carrier.strip()},
        can_upload=session.actor.can(Permission.MANIFESTS_WRITE),
    )


@dataclass(frozen=True)
class TravellerRow:
    """One line of a flight's table, worked out before rendering (250 lines render in a few milliseconds)."""

    traveller_id: int
    position: int
    name: str
    crew: bool
    born: str
    nationality: str
    document: str
    booking: str
    pnr_id: str | None
    disposition: str
    score: str
    reason: str
    review: str | None
    reviewable: bool


def _row(traveller: dict[str, Any], review: str | None) -> TravellerRow:
    given, surname = traveller["given_names"], traveller["surname"] or ""
    document = next(iter(traveller["documents"]), None) or {}
    best = _best_score(traveller)
    return TravellerRow(
        traveller_id=traveller["traveller_id"],
        position=traveller["position"],
        name=f"{surname}, {given}" if given else surname,
        crew=traveller["role"] == "crew",
        born=str(traveller["birth_date"] or ""),
        nationality=traveller["nationality"] or "",
        document=" ".join(str(document.get(key) or "") for key in ("type", "number", "issuing_country")).strip(),
        booking=traveller["booking_reference"] or "",
        pnr_id=traveller["pnr_id"],
        disposition=traveller["disposition"],
        score=f"{best:.2f}" if best else "",
        reason=traveller["reason"],
        review=review,
        reviewable=traveller["disposition"] != "no-action" or bool(traveller["assessment"].get("hits")),
    )


def _best_score(traveller: dict[str, Any]) -> float:
    return max((float(hit["score"]) for hit in traveller["assessment"].get("hits", [])), default=0.0)


def _sorted(travellers: list[dict[str, Any]], sort: str) -> list[dict[str, Any]]:
    if sort == "disposition":
        return sorted(travellers, key=lambda t: (_SEVERITY.get(t["disposition"], 3), -_best_score(t), t["position"]))
    if sort == "name":
        return sorted(travellers, key=lambda t: ((t["surname"] or "").casefold(), t["position"]))
    if sort == "score":
        return sorted(travellers, key=lambda t: (-_best_score(t), t["position"]))
    return travellers


def _flight(
    request: Request,
    node: Node,
    session: Session,
    manifest_id: str,
    query: dict[str, str],
    unmask_reason: str | None = None,
) -> HTMLResponse:
    disposition = query.get("disposition") or None
    if disposition and disposition not in DISPOSITIONS:
        raise InvalidInput(f"disposition {disposition!r} is not one of {', '.join(DISPOSITIONS)}")
    sort = query.get("sort") or "position"
    if sort not in SORTS:
        raise InvalidInput(f"sort {sort!r} is not one of {', '.join(SORTS)}")
    flight = passenger_records.get_manifest(
        node, session.actor, manifest_id, disposition=disposition, unmask_reason=unmask_reason
    )
    travellers = flight["travellers"]
    text = (query.get("q") or "").strip().casefold()
    if text:
        travellers = [t for t in travellers if text in f"{t['given_names'] or ''} {t['surname'] or ''}".casefold()]
    with node.db.read() as connection:
        reviewed = hit_reviews.reviewed_in(connection, manifest_id)
    return render(
        request,
        "flight.html",
        session,
        flight=flight,
        travellers=[
            _row(traveller, reviewed.get(traveller["traveller_id"])) for traveller in _sorted(travellers, sort)
        ],
        query={"disposition": disposition or "", "sort": sort, "q": query.get("q") or ""},
        dispositions=DISPOSITIONS,
        sorts=SORTS,
        unmasked=unmask_reason is not None,
        can_unmask=session.actor.can(Permission.PNR_UNMASK),
    )


@router.get("/ui/flights/{manifest_id}")
def flight_page(
    request: Request,
    node: NodeDep,
    session: SessionDep,
    manifest_id: str,
    disposition: str = "",
    sort: str = "position",
    q: str = "",
) -> HTMLResponse:
    return _flight(request, node, session, manifest_id, {"disposition": disposition, "sort": sort, "q": q})


@router.post("/ui/flights/{manifest_id}/unmask")
def unmask_flight(
    request: Request,
    node: NodeDep,
    session: SessionDep,
    manifest_id: str,
    csrf_token: Annotated[str, Form()],
    reason: Annotated[str, Form()] = "",
) -> HTMLResponse:
    require_csrf(session, csrf_token)
    return _flight(request, node, session, manifest_id, {}, unmask_reason=reason)


RECENT = timedelta(hours=48)


def _inbound(node: Node, actor: Actor) -> dict[str, Any]:
    """Flights departing today and those received in the last two days, earliest departure first."""
    actor.require(Permission.MANIFESTS_READ)
    now = utc_now()
    with node.db.read() as connection:
        return {"flights": hit_reviews.inbound(connection, now.date(), now - RECENT), "day": now.date()}


def _open_hits(node: Node, actor: Actor) -> dict[str, Any]:
    """Flagged travellers of flights received in the last two days nobody has reviewed, refer first."""
    actor.require(Permission.MANIFESTS_READ)
    since = utc_now() - RECENT
    with node.db.read() as connection:
        return {"rows": hit_reviews.open_hits(connection, since), "counts": hit_reviews.open_counts(connection, since)}


add_today_panel("flights", "today/flights.html", Permission.MANIFESTS_READ, 20, _inbound)
add_today_panel("open-hits", "today/open_hits.html", Permission.MANIFESTS_READ, 10, _open_hits)
