"""What a flight screening screens: the flight's legs and its travellers, each with the booking they came on.

A PAXLST manifest gives travellers directly; a PNRGOV push gives bookings, whose travellers are turned into the
same :class:`~perimeter.records.passenger.Traveller` (role passenger, the booking's locator as ``RFF+AVF``).
"""

from __future__ import annotations

from dataclasses import dataclass

from perimeter.records.passenger import FlightLeg, Manifest, Reference, Traveller, TravellerRole
from perimeter.records.pnr import Pnr, PnrMessage, PnrTraveller


@dataclass(frozen=True)
class FlightTravellers:
    """The flight (its legs, the border-crossing one first) and who is on it, in message order."""

    kind: str  # paxlst or pnrgov
    flights: tuple[FlightLeg, ...]
    travellers: tuple[Traveller, ...]
    pnr_locators: tuple[str | None, ...]  # per traveller: the booking it came on, when the message says

    @property
    def main_leg(self) -> FlightLeg | None:
        crossing = [leg for leg in self.flights if leg.border_crossing]
        found = crossing or list(self.flights)
        return found[0] if found else None


def from_manifest(manifest: Manifest) -> FlightTravellers:
    return FlightTravellers(
        "paxlst",
        manifest.flights,
        manifest.travellers,
        tuple(traveller.booking_reference for traveller in manifest.travellers),
    )


def from_pnr_message(message: PnrMessage) -> FlightTravellers:
    """The travellers of every booking on the push that is not cancelled."""
    travellers: list[Traveller] = []
    locators: list[str | None] = []
    for pnr in message.pnrs:
        if pnr.cancelled:
            continue
        for person in pnr.travellers:
            travellers.append(pnr_traveller(pnr, person))
            locators.append(pnr.record_locator)
    flights = (message.flight,) if message.flight else ()
    return FlightTravellers("pnrgov", flights, tuple(travellers), tuple(locators))


def pnr_traveller(pnr: Pnr, person: PnrTraveller) -> Traveller:
    return Traveller(
        role=TravellerRole.PASSENGER,
        surname=person.surname,
        given_names=person.given_names,
        birth_date=person.birth_date,
        gender=person.gender,
        nationality=person.nationality,
        documents=person.documents,
        references=(Reference(qualifier="AVF", value=pnr.record_locator),),
    )
