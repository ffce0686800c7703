"""Passenger name records as a PNRGOV push carries them: the booking, its travellers, itinerary, contacts, payment,
seats, bags and history.

Traveller references (``traveller_reference``) are the ``TIF`` reference numbers the record itself uses to tie
seats, bags, tickets and services to a traveller. Payment card numbers are never kept whole: every model masks
them (and card numbers in free text) but for the last four digits.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

from pydantic import Field, field_validator

from perimeter.records.common import CountryCode, Record
from perimeter.records.travel import Address, FlightLeg, FreeText, TravelDocument
from perimeter.records.watchlist import Gender

FULL_PUSH = "22"
CHANGES_ONLY = "141"


class FrequentFlyer(Record):
    carrier: str
    number: str
    tier: str | None = None


class PnrTraveller(Record):
    """A traveller named in the record (``TIF``), with what ``SSR DOCS``/``DOCO``/``DOCA``, ``FTI`` and ``REF`` add.

    ``given_names`` is kept as booked, title included (``JOHNMR``); ``traveller_type`` is the code sent (``A`` adult,
    ``C`` child, ``IN`` infant); ``with_infant`` marks an adult travelling with an infant on the lap.
    """

    reference: str | None = None
    surname: str = Field(min_length=1)
    given_names: str | None = None
    traveller_type: str | None = None
    with_infant: bool = False
    unique_id: str | None = Field(default=None, description="the traveller's unique reference (REF)")
    birth_date: date | None = None
    gender: Gender | None = None
    nationality: CountryCode | None = None
    birth_place: str | None = None
    documents: tuple[TravelDocument, ...] = ()
    addresses: tuple[Address, ...] = ()
    frequent_flyer: tuple[FrequentFlyer, ...] = ()

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.given_names, self.surname) if part)


class ItinerarySegment(Record):
    """A flight of the booked itinerary (``TVL`` in group 5). For a codeshare the marketing flight is ``carrier``
    and ``flight_number``, the operating one ``operating_carrier`` and ``operating_flight_number``."""

    carrier: str | None = None
    flight_number: str | None = None
    operating_carrier: str | None = None
    operating_flight_number: str | None = None
    departure_airport: str | None = None
    arrival_airport: str | None = None
    departure: datetime | None = None
    arrival: datetime | None = None
    booking_class: str | None = None
    status: str | None = Field(default=None, description="segment status (RPI), e.g. HK confirmed")
    party_size: int | None = None
    equipment: str | None = Field(default=None, description="aircraft type (APD)")
    operating_locator: str | None = Field(default=None, description="another carrier's locator for it (RCI)")

    @property
    def designator(self) -> str:
        return f"{self.carrier or ''}{self.flight_number or ''}"


class NonAirSegment(Record):
    """A hotel, car or rail booking in the record (``MSG`` group 9); ``kind`` is the code sent (8 = hotel)."""

    kind: str
    start: date | None = None
    end: date | None = None
    location: str | None = None
    name: str | None = None
    provider: str | None = None
    reference: str | None = None
    detail: str | None = None


class Seat(Record):
    """A seat on one flight: requested (``SSR SEAT``) or assigned at check-in (``SSD``)."""

    flight: str
    departure_airport: str | None = None
    arrival_airport: str | None = None
    number: str
    traveller_reference: str | None = None
    checked_in: bool = False
    cabin: str | None = None


class BagTag(Record):
    carrier: str | None = None
    number: str
    count: int | None = Field(default=None, ge=0, description="consecutive tags starting at this number")
    destination: str | None = None


class Bag(Record):
    """Checked bags on one flight (``TBD``): how many, their weight and tags."""

    flight: str | None = None
    traveller_reference: str | None = None
    count: int | None = Field(default=None, ge=0)
    weight: Decimal | None = None
    weight_unit: str | None = Field(default=None, pattern=r"^(kg|lb)$")
    pool: str | None = Field(default=None, description="HP head of pool, MP pool member")
    tags: tuple[BagTag, ...] = ()


class ExcessBaggage(Record):
    count: int | None = None
    amount: Decimal | None = None
    currency: str | None = None
    traveller_reference: str | None = None


class Ticket(Record):
    number: str | None = None
    type: str | None = None
    traveller_reference: str | None = None
    issued_at: datetime | None = None
    issuing_carrier: str | None = None
    issue_location: str | None = None
    base_fare: Decimal | None = None
    total_fare: Decimal | None = None
    currency: str | None = None


class Payment(Record):
    """A form of payment (``FOP``) and who paid (``IFT`` sponsor information). ``card_number`` is masked."""

    type: str = Field(description="CC card, CA cash, MS miscellaneous, GR government receipt, ...")
    card_type: str | None = Field(default=None, description="VI, MA, AX, DC, ...")
    card_number: str | None = None
    card_expiry: str | None = Field(default=None, description="MMYY as sent")
    amount: Decimal | None = None
    holder_name: str | None = None
    holder_address: FreeText | None = None
    holder_phone: str | None = None
    ticket_number: str | None = None
    traveller_reference: str | None = None

    @field_validator("card_number")
    @classmethod
    def _mask(cls, value: str | None) -> str | None:
        if value is None:
            return None
        compact = re.sub(r"[\s-]", "", value)
        return "X" * max(len(compact) - 4, 0) + compact[-4:]


class Phone(Record):
    number: str = Field(min_length=1)
    kind: str | None = Field(default=None, description="mobile, home, business, agency, address, other")
    traveller_reference: str | None = None


class Email(Record):
    address: str = Field(min_length=1)
    traveller_reference: str | None = None


class SpecialService(Record):
    """A special service request (``SSR``) not read into another field: meals, infants, e-ticket numbers, ..."""

    code: str
    status: str | None = None
    carrier: str | None = None
    text: FreeText | None = None
    traveller_reference: str | None = None
    departure_airport: str | None = None
    arrival_airport: str | None = None


class Remark(Record):
    """Free text (``IFT``): ``kind`` is its code (28 other service information, 15 fare calculation, ...)."""

    kind: str | None = None
    text: FreeText
    carrier: str | None = None
    traveller_reference: str | None = None


class HistoryEntry(Record):
    """One change in the record's history: who (``ABI``), when (``DAT``), what (``SAC`` action: A added,
    X cancelled, C changed) and the items changed, as text; or a line of history text (``LTS``)."""

    at: datetime | None = None
    by: str | None = None
    action: str | None = None
    details: tuple[FreeText, ...] = ()


class SplitPnr(Record):
    """Travellers split off into another record (``EQN`` + ``RCI`` in group 8)."""

    record_locator: str
    carrier: str | None = None
    count: int | None = None


class TravelAgency(Record):
    """Who made or sent the booking (``ORG``): reservation system and location, IATA agency number, in-house
    (pseudo city) id, agent's city, country, currency, originator type (A airline, T travel agent, ...) and the
    agency's name when a contact line gives it."""

    system: str | None = None
    location: str | None = None
    iata_number: str | None = None
    in_house_id: str | None = None
    name: str | None = None
    city: str | None = None
    country: CountryCode | None = None
    currency: str | None = None
    originator_type: str | None = None
    agent_id: str | None = None


class RecordLocator(Record):
    carrier: str | None = None
    locator: str


class Pnr(Record):
    """One passenger name record. ``cancelled`` marks a record an update push reports as cancelled or gone from the
    flight (its ``ORG`` is empty)."""

    record_locator: str = Field(min_length=1)
    carrier: str | None = None
    other_locators: tuple[RecordLocator, ...] = ()
    created_at: datetime | None = None
    last_modified: datetime | None = None
    ticketed_at: datetime | None = None
    group_name: str | None = None
    cancelled: bool = False
    booking_agency: TravelAgency | None = None
    travellers: tuple[PnrTraveller, ...] = ()
    itinerary: tuple[ItinerarySegment, ...] = ()
    non_air_segments: tuple[NonAirSegment, ...] = ()
    seats: tuple[Seat, ...] = ()
    bags: tuple[Bag, ...] = ()
    excess_baggage: tuple[ExcessBaggage, ...] = ()
    tickets: tuple[Ticket, ...] = ()
    payments: tuple[Payment, ...] = ()
    phones: tuple[Phone, ...] = ()
    emails: tuple[Email, ...] = ()
    addresses: tuple[Address, ...] = ()
    special_services: tuple[SpecialService, ...] = ()
    remarks: tuple[Remark, ...] = ()
    history: tuple[HistoryEntry, ...] = ()
    splits: tuple[SplitPnr, ...] = ()


class PnrMessage(Record):
    """A PNRGOV push: the flight it is for and the records on it.

    ``function_code`` is ``MSG``'s message function: ``22`` a full push of every record on the flight, ``141`` the
    records changed since the last push only (merge them with :func:`perimeter.formats.pnrgov.apply_pnr_changes`).
    """

    message_reference: str
    sender: str
    receiver: str
    version: str = Field(min_length=1, description="as UNH gives it: 10.1, 11.1, 13.1, ...")
    prepared_at: datetime | None = None
    function_code: str | None = None
    originator: TravelAgency | None = None
    flight: FlightLeg | None = None
    declared_pnr_count: int | None = None
    pnrs: tuple[Pnr, ...] = ()
    warnings: tuple[FreeText, ...] = ()

    @property
    def is_full_push(self) -> bool:
        return self.function_code == FULL_PUSH

    @property
    def is_changes_only(self) -> bool:
        return self.function_code == CHANGES_ONLY
