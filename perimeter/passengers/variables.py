"""The variables a targeting rule sees: ``traveller``, ``document``, ``documents``, ``itinerary`` and ``pnr``.

Every key is always present (a value the message did not give is ``null``), so a rule never fails on a missing key;
a comparison with ``null`` is an evaluation error, and the rule then does not fire for that traveller (guard with
``pnr.present &&`` or ``x != null &&``). Numbers are whole numbers (CEL ``int``): write ``24``, not ``24.0``.
Times are local to their airport, as the messages give them; ages and days are counted to the flight's date.
docs/manifests.md lists every field.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from perimeter.records.passenger import FlightLeg, TravelDocument, Traveller
from perimeter.records.pnr import Pnr

VARIABLE_NAMES = ("traveller", "document", "documents", "itinerary", "pnr")
_CASH = {"CA", "CASH"}


def rule_variables(
    traveller: Traveller, flights: Sequence[FlightLeg], pnr: Pnr | None, received: date | None = None
) -> dict[str, Any]:
    """The variables for one traveller on one flight, with the booking they came on (or ``None``)."""
    departure = _departure(flights)
    on = departure.date() if departure else received
    documents = [_document(document, on) for document in traveller.documents]
    booking = pnr_variables(pnr, departure)
    airports = [code for leg in flights for code in (leg.departure_airport, leg.arrival_airport) if code]
    airports += [code for code in booking["route"] if code]
    airports += [code for code in (traveller.embarkation_airport, traveller.debarkation_airport) if code]
    main = next((leg for leg in flights if leg.border_crossing), flights[0] if flights else None)
    return {
        "traveller": {
            "role": traveller.role.value,
            "surname": traveller.surname,
            "given_names": traveller.given_names,
            "name": traveller.full_name,
            "birth_date": traveller.birth_date.isoformat() if traveller.birth_date else None,
            "age": _years(traveller.birth_date, on),
            "gender": traveller.gender.value if traveller.gender else None,
            "nationality": traveller.nationality,
            "residence_country": traveller.residence_country,
            "birth_country": traveller.birth_country,
            "embarkation": traveller.embarkation_airport,
            "debarkation": traveller.debarkation_airport,
            "in_transit": traveller.in_transit,
            "booking_reference": traveller.booking_reference,
            "seat": traveller.seat,
            "document_count": len(documents),
        },
        "document": documents[0] if documents else _document(None, on),
        "documents": documents,
        "itinerary": {
            "carrier": main.carrier if main else None,
            "flight": main.designator if main else None,
            "flight_number": main.flight_number if main else None,
            "departure_airport": main.departure_airport if main else None,
            "arrival_airport": main.arrival_airport if main else None,
            "departure": departure.isoformat(timespec="minutes") if departure else None,
            "departure_hour": departure.hour if departure else None,
            "legs": len(flights),
            "airports": list(dict.fromkeys(airports)),
        },
        "pnr": booking,
    }


def pnr_variables(pnr: Pnr | None, departure: datetime | None) -> dict[str, Any]:
    if pnr is None:
        return {**_EMPTY_PNR, "route": [], "payment_types": [], "card_types": [], "email_domains": []}
    booked = booking_time(pnr)
    payment_types = sorted({payment.type.upper() for payment in pnr.payments})
    weights = [bag.weight for bag in pnr.bags if bag.weight is not None]
    agency = pnr.booking_agency
    return {
        "present": True,
        "record_locator": pnr.record_locator,
        "booked_at": booked.isoformat(timespec="minutes") if booked else None,
        "booked_hours_before_departure": _hours(booked, departure),
        "ticketed_hours_before_departure": _hours(pnr.ticketed_at, departure),
        "payment_types": payment_types,
        "paid_cash": any(kind in _CASH for kind in payment_types),
        "card_types": sorted({payment.card_type for payment in pnr.payments if payment.card_type}),
        "agency": {
            "name": agency.name if agency else None,
            "iata_number": agency.iata_number if agency else None,
            "city": agency.city if agency else None,
            "country": agency.country if agency else None,
            "system": agency.system if agency else None,
            "in_house_id": agency.in_house_id if agency else None,
        },
        "traveller_count": len(pnr.travellers),
        "segment_count": len(pnr.itinerary),
        "route": list(dict.fromkeys(code for segment in pnr.itinerary for code in _ends(segment))),
        "bag_count": sum(bag.count or 0 for bag in pnr.bags),
        "bag_weight": int(sum(weights)) if weights else None,
        "email_domains": sorted({email.address.rpartition("@")[2].lower() for email in pnr.emails}),
        "phone_count": len(pnr.phones),
        "frequent_flyer": any(person.frequent_flyer for person in pnr.travellers),
        "group_name": pnr.group_name,
    }


_EMPTY_PNR: dict[str, Any] = {
    "present": False,
    "record_locator": None,
    "booked_at": None,
    "booked_hours_before_departure": None,
    "ticketed_hours_before_departure": None,
    "paid_cash": False,
    "agency": {"name": None, "iata_number": None, "city": None, "country": None, "system": None, "in_house_id": None},
    "traveller_count": 0,
    "segment_count": 0,
    "bag_count": 0,
    "bag_weight": None,
    "phone_count": 0,
    "frequent_flyer": False,
    "group_name": None,
}


def booking_time(pnr: Pnr) -> datetime | None:
    """When the booking was made: its creation time, else its earliest history entry, else its ticketing time."""
    if pnr.created_at:
        return pnr.created_at
    history = [entry.at for entry in pnr.history if entry.at]
    return min(history) if history else pnr.ticketed_at


def _departure(flights: Sequence[FlightLeg]) -> datetime | None:
    crossing = [leg.scheduled_departure for leg in flights if leg.border_crossing and leg.scheduled_departure]
    others = [leg.scheduled_departure for leg in flights if leg.scheduled_departure]
    found = crossing or others
    return found[0] if found else None


def _document(document: TravelDocument | None, on: date | None) -> dict[str, Any]:
    expires = document.expires_on if document else None
    return {
        "type": document.type if document else None,
        "number": document.number if document else None,
        "issuing_country": document.issuing_country if document else None,
        "expires_on": expires.isoformat() if expires else None,
        "days_to_expiry": (expires - on).days if expires and on else None,
        "issued_on": document.issued_on.isoformat() if document and document.issued_on else None,
    }


def _years(born: date | None, on: date | None) -> int | None:
    if born is None or on is None:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _hours(earlier: datetime | None, later: datetime | None) -> int | None:
    if earlier is None or later is None:
        return None
    return int((later.replace(tzinfo=None) - earlier.replace(tzinfo=None)).total_seconds() // 3600)


def _ends(segment: Any) -> tuple[str, ...]:
    return tuple(code for code in (segment.departure_airport, segment.arrival_airport) if code)


def sample_variables() -> dict[str, Any]:
    """A traveller with every field given, to check a rule's fields and types when it is written."""
    document = {
        "type": "P",
        "number": "X1",
        "issuing_country": "UTO",
        "expires_on": "2030-01-01",
        "days_to_expiry": 100,
        "issued_on": "2020-01-01",
    }
    return {
        "traveller": {
            "role": "passenger",
            "surname": "S",
            "given_names": "G",
            "name": "G S",
            "birth_date": "1980-01-01",
            "age": 40,
            "gender": "female",
            "nationality": "UTO",
            "residence_country": "UTO",
            "birth_country": "UTO",
            "embarkation": "AAA",
            "debarkation": "BBB",
            "in_transit": False,
            "booking_reference": "ABC123",
            "seat": "1A",
            "document_count": 1,
        },
        "document": document,
        "documents": [document],
        "itinerary": {
            "carrier": "XX",
            "flight": "XX1",
            "flight_number": "1",
            "departure_airport": "AAA",
            "arrival_airport": "BBB",
            "departure": "2030-01-01T10:00",
            "departure_hour": 10,
            "legs": 1,
            "airports": ["AAA", "BBB"],
        },
        "pnr": {
            **_EMPTY_PNR,
            "present": True,
            "record_locator": "ABC123",
            "booked_at": "2029-12-31T10:00",
            "booked_hours_before_departure": 24,
            "ticketed_hours_before_departure": 24,
            "agency": {k: "X" for k in _EMPTY_PNR["agency"]},
            "bag_weight": 20,
            "group_name": "G",
            "route": ["AAA", "BBB"],
            "payment_types": ["CC"],
            "card_types": ["VI"],
            "email_domains": ["example.org"],
        },
    }
