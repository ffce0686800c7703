"""Advance passenger information: a flight manifest of passengers or crew, as a PAXLST message reports it.

The passenger name record models live in :mod:`perimeter.records.pnr` and are importable from here too.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import Field

from perimeter.records.common import CountryCode, Record
from perimeter.records.pnr import Pnr, PnrMessage, PnrTraveller
from perimeter.records.travel import Address, FlightLeg, Reference, TravelDocument
from perimeter.records.watchlist import Gender

__all__ = [
    "Address",
    "FlightLeg",
    "Gender",
    "Manifest",
    "Pnr",
    "PnrMessage",
    "PnrTraveller",
    "Reference",
    "ReportingParty",
    "TravelDocument",
    "Traveller",
    "TravellerRole",
]


class TravellerRole(StrEnum):
    PASSENGER = "passenger"
    CREW = "crew"


class ReportingParty(Record):
    """Who to call about the manifest (``NAD+MS`` with its ``COM`` numbers)."""

    name: str | None = None
    telephone: str | None = None
    fax: str | None = None
    email: str | None = None


class Traveller(Record):
    """One passenger or crew member on the manifest.

    Places are kept as the message codes them: ``embarkation_airport`` (LOC 178) and ``debarkation_airport``
    (LOC 179) are where the traveller's journey on this flight begins and ends; ``clearance_airport`` (LOC 22) is the
    place of customs clearance, for a passenger in transit the final destination where they are cleared;
    ``residence_country`` is LOC 174 and ``birth_place``/``birth_country`` LOC 180.
    """

    role: TravellerRole
    in_transit: bool = Field(default=False, description="reported as in transit (NAD DDT or DDU)")
    surname: str | None = Field(default=None, min_length=1)
    given_names: str | None = None
    birth_date: date | None = None
    gender: Gender | None = None
    nationality: CountryCode | None = None
    residence_country: CountryCode | None = None
    birth_place: str | None = None
    birth_country: CountryCode | None = None
    embarkation_airport: str | None = None
    debarkation_airport: str | None = None
    clearance_airport: str | None = None
    address: Address | None = None
    documents: tuple[TravelDocument, ...] = ()
    references: tuple[Reference, ...] = ()

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.given_names, self.surname) if part)

    @property
    def booking_reference(self) -> str | None:
        """The reservation (PNR) locator the airline gave, ``RFF+AVF``."""
        return next((ref.value for ref in self.references if ref.qualifier == "AVF"), None)

    @property
    def seat(self) -> str | None:
        return next((ref.value for ref in self.references if ref.qualifier == "SEA"), None)


class Manifest(Record):
    """A PAXLST message (all its parts) as read: the flight, its travellers, and what the reader noticed.

    ``document_type`` is the ``BGM`` code: 745 passenger list, 250 crew list, 266 flight close-out, 336 master crew
    list, 655 gate pass. ``declared_passenger_count`` and ``declared_crew_count`` are what ``CNT+42``/``CNT+41``
    say, which may differ from the travellers read (``warnings`` then says so). ``warnings`` name the segment each
    is about; a manifest with warnings is complete in every other respect.
    """

    message_reference: str
    sender: str
    receiver: str
    message_type: str = "PAXLST"
    version: str = Field(pattern=r"^D\d\d[A-Z]$")
    prepared_at: datetime | None = None
    document_type: str
    document_identifier: str | None = None
    references: tuple[Reference, ...] = ()
    reporting_party: ReportingParty | None = None
    flights: tuple[FlightLeg, ...] = ()
    travellers: tuple[Traveller, ...] = ()
    declared_passenger_count: int | None = Field(default=None, ge=0)
    declared_crew_count: int | None = Field(default=None, ge=0)
    warnings: tuple[str, ...] = ()

    @property
    def passengers(self) -> tuple[Traveller, ...]:
        return tuple(traveller for traveller in self.travellers if traveller.role is TravellerRole.PASSENGER)

    @property
    def crew(self) -> tuple[Traveller, ...]:
        return tuple(traveller for traveller in self.travellers if traveller.role is TravellerRole.CREW)

    @property
    def is_crew_list(self) -> bool:
        return self.document_type in {"250", "336"}
