"""PNRs while they are read, and how they become :class:`Pnr` records once their last segment is in.

``SSR DOCS``/``DOCO``/``DOCA`` may come before the traveller they describe (an infant's passport under the adult's
``TIF``, documents repeated under a flight), so they are kept as claims and tied to travellers at the end: by the
traveller reference they carry, else by the names they give, else to the traveller whose group they came in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from pydantic import ValidationError

from perimeter.core.text import fold
from perimeter.formats.edifact import Segment
from perimeter.formats.pnrgov._values import Identity
from perimeter.records.pnr import (
    Bag,
    Email,
    ExcessBaggage,
    FrequentFlyer,
    HistoryEntry,
    ItinerarySegment,
    NonAirSegment,
    Payment,
    Phone,
    Pnr,
    PnrTraveller,
    RecordLocator,
    Remark,
    Seat,
    SpecialService,
    SplitPnr,
    Ticket,
    TravelAgency,
)
from perimeter.records.travel import Address, TravelDocument
from perimeter.records.watchlist import Gender


@dataclass
class TravellerDraft:
    segment: Segment
    surname: str
    given_names: str | None
    reference: str | None
    traveller_type: str | None
    with_infant: bool
    unique_id: str | None = None
    birth_date: date | None = None
    gender: Gender | None = None
    nationality: str | None = None
    birth_place: str | None = None
    documents: list[TravelDocument] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    frequent_flyer: list[FrequentFlyer] = field(default_factory=list)

    def answers_to(self, surname: str | None, given_names: str | None) -> bool:
        """True when a document's names fit this traveller's (surname equal, first given names one the start of the
        other: ``ISABELLE MRS`` and ``ISABELLE RUTH``, ``SOPHY`` and ``SOPHY OLIVIA``)."""
        if not surname or fold(surname).replace(" ", "") != fold(self.surname).replace(" ", ""):
            return False
        mine = fold(self.given_names or "").split()
        theirs = fold(given_names or "").split()
        if not mine or not theirs:
            return True
        return mine[0].startswith(theirs[0]) or theirs[0].startswith(mine[0])


@dataclass
class Claim:
    """An identity (DOCS/DOCO) or address (DOCA) waiting to be tied to its traveller."""

    segment: Segment
    reference: str | None
    context: TravellerDraft | None
    identity: Identity | None = None
    address: Address | None = None


@dataclass
class HistoryDraft:
    by: str | None
    at: datetime | None = None
    items: list[tuple[str | None, list[str]]] = field(default_factory=list)


@dataclass
class PnrDraft:
    segment: Segment
    locators: list[tuple[str | None, str]] = field(default_factory=list)
    created_at: datetime | None = None
    last_modified: datetime | None = None
    ticketed_at: datetime | None = None
    group_name: str | None = None
    agency: TravelAgency | None = None
    org_seen: bool = False
    org_empty: bool = False
    travellers: list[TravellerDraft] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    itinerary: list[dict[str, Any]] = field(default_factory=list)
    non_air: list[NonAirSegment] = field(default_factory=list)
    seats: list[Seat] = field(default_factory=list)
    bags: list[Bag] = field(default_factory=list)
    excess: list[ExcessBaggage] = field(default_factory=list)
    tickets: list[dict[str, Any]] = field(default_factory=list)
    payments: list[Payment] = field(default_factory=list)
    phones: list[Phone] = field(default_factory=list)
    emails: list[Email] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    services: list[SpecialService] = field(default_factory=list)
    remarks: list[Remark] = field(default_factory=list)
    history: list[HistoryDraft] = field(default_factory=list)
    splits: list[SplitPnr] = field(default_factory=list)

    def traveller_by_reference(self, reference: str | None) -> TravellerDraft | None:
        if not reference:
            return None
        for traveller in self.travellers:
            if traveller.reference == reference:
                return traveller
        bare = reference.lstrip("0")
        return next((t for t in self.travellers if t.reference and t.reference.lstrip("0") == bare), None)


def _target(pnr: PnrDraft, claim: Claim) -> TravellerDraft | None:
    """The traveller a claim is about: the one its reference names, else the one whose group it came in (else the
    only one); but when the document's names fit another traveller and not that one, the other (an infant's
    passport sent under the adult, whose reference infants share)."""
    candidate = pnr.traveller_by_reference(claim.reference) or claim.context
    if candidate is None and len(pnr.travellers) == 1:
        candidate = pnr.travellers[0]
    identity = claim.identity
    if identity is not None and identity.surname:
        names = identity.surname, identity.given_names
        if candidate is None or not candidate.answers_to(*names):
            others = [t for t in pnr.travellers if t is not candidate and t.answers_to(*names)]
            if len(others) == 1:
                return others[0]
    return candidate


def _apply(traveller: TravellerDraft, claim: Claim) -> None:
    if claim.address is not None and claim.address not in traveller.addresses:
        traveller.addresses.append(claim.address)
    identity = claim.identity
    if identity is None:
        return
    document = identity.document
    if document is not None:
        key = (document.type, document.number, document.issuing_country)
        if all((d.type, d.number, d.issuing_country) != key for d in traveller.documents):
            traveller.documents.append(document)
    traveller.birth_date = traveller.birth_date or identity.birth_date
    traveller.gender = traveller.gender or identity.gender
    traveller.nationality = traveller.nationality or identity.nationality
    traveller.birth_place = traveller.birth_place or identity.birth_place


def finish(pnr: PnrDraft, *, cancelled: bool, warn: Any) -> Pnr | None:
    """The record, or None (with a warning) when it has no record locator to be known by."""
    for claim in pnr.claims:
        target = _target(pnr, claim)
        if target is None:
            warn(claim.segment, "this document or address could not be tied to a traveller of the PNR; ignored")
        else:
            _apply(target, claim)
    if not pnr.locators:
        warn(pnr.segment, f"the PNR has no record locator (RCI); its {len(pnr.travellers)} traveller(s) are not read")
        return None
    travellers = []
    for draft in pnr.travellers:
        try:
            travellers.append(
                PnrTraveller(
                    reference=draft.reference,
                    surname=draft.surname,
                    given_names=draft.given_names,
                    traveller_type=draft.traveller_type,
                    with_infant=draft.with_infant,
                    unique_id=draft.unique_id,
                    birth_date=draft.birth_date,
                    gender=draft.gender,
                    nationality=draft.nationality,
                    birth_place=draft.birth_place,
                    documents=tuple(draft.documents),
                    addresses=tuple(draft.addresses),
                    frequent_flyer=tuple(draft.frequent_flyer),
                )
            )
        except ValidationError as error:  # pragma: no cover - values are checked as they are read
            warn(draft.segment, f"this traveller does not validate and is not read: {error}")
    carrier, locator = pnr.locators[0]
    others = [RecordLocator(carrier=c, locator=loc) for c, loc in dict.fromkeys(pnr.locators[1:]) if loc != locator]
    return Pnr(
        record_locator=locator,
        carrier=carrier,
        other_locators=tuple(others),
        created_at=pnr.created_at,
        last_modified=pnr.last_modified,
        ticketed_at=pnr.ticketed_at,
        group_name=pnr.group_name,
        cancelled=cancelled,
        booking_agency=pnr.agency,
        travellers=tuple(travellers),
        itinerary=tuple(ItinerarySegment(**values) for values in pnr.itinerary),
        non_air_segments=tuple(pnr.non_air),
        seats=tuple(_merge_seats(pnr.seats)),
        bags=tuple(pnr.bags),
        excess_baggage=tuple(pnr.excess),
        tickets=tuple(Ticket(**values) for values in pnr.tickets),
        payments=tuple(pnr.payments),
        phones=tuple(dict.fromkeys(pnr.phones)),
        emails=tuple(dict.fromkeys(pnr.emails)),
        addresses=tuple(dict.fromkeys(pnr.addresses)),
        special_services=tuple(pnr.services),
        remarks=tuple(pnr.remarks),
        history=tuple(_history(pnr.history)),
        splits=tuple(pnr.splits),
    )


def _merge_seats(seats: list[Seat]) -> list[Seat]:
    """One seat per flight, seat number and traveller; checked in when any source says so."""
    merged: dict[tuple[str, str, str | None], Seat] = {}
    for seat in seats:
        key = (seat.flight, seat.number, seat.traveller_reference)
        known = merged.get(key)
        if known is None:
            merged[key] = seat
        elif seat.checked_in and not known.checked_in:
            merged[key] = known.model_copy(update={"checked_in": True, "cabin": seat.cabin or known.cabin})
    return list(merged.values())


def _history(drafts: list[HistoryDraft]) -> list[HistoryEntry]:
    entries = []
    for draft in drafts:
        if not draft.items:
            entries.append(HistoryEntry(at=draft.at, by=draft.by))
        for action, details in draft.items:
            entries.append(HistoryEntry(at=draft.at, by=draft.by, action=action, details=tuple(details)))
    return entries
