"""Building passenger messages for tests from real pieces: the UN list, a real manifest's flight, the PAXLST writer."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from perimeter.core.access import Actor
from perimeter.formats.paxlst_writer import write_paxlst
from perimeter.records.passenger import FlightLeg, Manifest, Reference, TravelDocument, Traveller, TravellerRole
from perimeter.services import watchlist_sources
from perimeter.services.node import Node

UN_LIST = "lists/un-consolidated/UN_consolidated.xml"
LEG = FlightLeg(
    carrier="UA",
    flight_number="0989",
    departure_airport="FRA",
    arrival_airport="IAD",
    scheduled_departure=datetime(2017, 1, 27, 17, 25),
    scheduled_arrival=datetime(2017, 1, 28, 7, 10),
)


def load_un(node: Node, shared_data: Path) -> None:
    """The real UN Security Council consolidated list, as list ``un``."""
    watchlist_sources.load_file(node, Actor.system(), "un", "un-consolidated", shared_data / UN_LIST)


def passenger(
    surname: str,
    given_names: str,
    born: date | None = None,
    nationality: str | None = None,
    document: tuple[str, str] | None = None,
    booking: str | None = None,
    role: TravellerRole = TravellerRole.PASSENGER,
) -> Traveller:
    documents = ()
    if document is not None:
        documents = (
            TravelDocument(type="P", number=document[1], issuing_country=document[0], expires_on=date(2030, 1, 1)),
        )
    return Traveller(
        role=role,
        surname=surname,
        given_names=given_names,
        birth_date=born,
        nationality=nationality,
        documents=documents,
        references=(Reference(qualifier="AVF", value=booking),) if booking else (),
    )


def paxlst(travellers: list[Traveller], reference: str = "REF1", leg: FlightLeg = LEG, **changes: object) -> bytes:
    manifest = Manifest(
        message_reference=reference,
        sender="UNITED",
        receiver="USCSAPIS",
        version="D05B",
        prepared_at=datetime(2017, 1, 27, 10, 0),
        document_type="745",
        flights=(leg,),
        travellers=tuple(travellers),
        declared_passenger_count=sum(1 for t in travellers if t.role is TravellerRole.PASSENGER),
    )
    if changes:
        manifest = manifest.model_copy(update=changes)
    return write_paxlst(manifest, sender="UNITED", receiver="USCSAPIS", reference=reference, version="D05B")
