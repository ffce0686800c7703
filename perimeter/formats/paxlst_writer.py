"""Writing a :class:`Manifest` as a UN/EDIFACT PAXLST interchange (D02B or D05B) that :func:`parse_paxlst` reads
back to an equal manifest (warnings aside: they are about the message read, not about the manifest).

Dates are written with two-digit years (``YYMMDD``, ``YYMMDDHHMM``) as the implementation guides ask; reading them
back puts them in the century the reader infers from the preparation date, so birth dates more than a hundred
years before it cannot round-trip. Document code list qualifiers are written as ``110:111``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Literal

from perimeter.core.errors import InvalidInput
from perimeter.formats.edifact import Element, OutgoingMessage, SegmentSpec, Separators, write_interchange
from perimeter.records.passenger import FlightLeg, Gender, Manifest, Traveller, TravellerRole

_GENDER_CODES = {Gender.MALE: "M", Gender.FEMALE: "F", Gender.OTHER: "X"}


def write_paxlst(
    manifest: Manifest,
    *,
    sender: str,
    receiver: str,
    reference: str,
    version: Literal["D02B", "D05B"],
    segment_terminator: str = "'",
    separators: Separators | None = None,
    prepared: datetime | None = None,
    control_reference: str | None = None,
    travellers_per_part: int | None = None,
    line_break: str = "",
) -> bytes:
    """The interchange, encoded (``UNOA`` when every character is ASCII, else ``UNOY``, UTF-8).

    ``separators`` replaces the defaults (``segment_terminator`` then must agree with it); ``prepared`` (the
    ``UNB`` date) defaults to the manifest's own. ``travellers_per_part`` splits the message into parts of that many
    travellers (``UNH`` element 4 ``01:C`` ... ``NN:F``, the common access reference being ``reference``), each
    repeating the header and flights, the counts in the last. ``line_break`` is written after each segment.
    """
    if separators is None:
        separators = Separators(terminator=segment_terminator)
    elif segment_terminator != "'" and segment_terminator != separators.terminator:
        raise InvalidInput("segment_terminator and separators.terminator disagree")
    when = prepared or manifest.prepared_at
    if when is None:
        raise InvalidInput("the manifest has no preparation date: give prepared= for the UNB segment")
    if travellers_per_part is not None and travellers_per_part < 1:
        raise InvalidInput("travellers_per_part must be at least 1")
    header = _header(manifest)
    travellers = [_traveller(traveller) for traveller in manifest.travellers]
    counts = _counts(manifest)
    identifier = ["PAXLST", "D", version[1:], "UN", "IATA"]
    if travellers_per_part is None or len(manifest.travellers) <= travellers_per_part:
        body = header + [segment for group in travellers for segment in group] + counts
        messages = [OutgoingMessage(reference, identifier, body)]
    else:
        chunks = [travellers[i : i + travellers_per_part] for i in range(0, len(travellers), travellers_per_part)]
        messages = []
        for index, chunk in enumerate(chunks, start=1):
            last = index == len(chunks)
            body = header + [segment for group in chunk for segment in group] + (counts if last else [])
            status = [f"{index:02d}", "F" if last else ("C" if index == 1 else "")]
            messages.append(OutgoingMessage(f"{reference}{index:02d}", identifier, body, reference, status))
    syntax = ("UNOA", "4")
    for attempt in ("UNOA", "UNOY"):
        syntax = (attempt, "4")
        text = write_interchange(
            messages,
            separators=separators,
            syntax=syntax,
            sender=sender,
            recipient=receiver,
            prepared=when,
            control_reference=control_reference or reference,
            application_reference="APIS",
            group=("PAXLST", sender, receiver),
            line_break=line_break,
        )
        if attempt == "UNOY" or text.isascii():
            return text.encode("ascii" if attempt == "UNOA" else "utf-8")
    raise AssertionError("unreachable")  # pragma: no cover


def _yymmdd(value: date) -> str:
    return value.strftime("%y%m%d")


def _header(manifest: Manifest) -> list[SegmentSpec]:
    segments: list[SegmentSpec] = [("BGM", [manifest.document_type, manifest.document_identifier or ""])]
    for ref in manifest.references:
        segments.append(("RFF", [[ref.qualifier, ref.value, "", "", ref.revision or ""]]))
    party = manifest.reporting_party
    if party is not None:
        segments.append(("NAD", ["MS", "", "", party.name or ""]))
        numbers: list[Element] = [
            [number, channel]
            for number, channel in ((party.telephone, "TE"), (party.fax, "FX"), (party.email, "EM"))
            if number
        ]
        if numbers:
            segments.append(("COM", numbers))
    for leg in manifest.flights:
        segments.extend(_flight(leg))
    return segments


def _flight(leg: FlightLeg) -> list[SegmentSpec]:
    departure, arrival = ("125", "87") if leg.border_crossing else ("92", "92")
    segments: list[SegmentSpec] = [("TDT", ["20", leg.designator, "", "", leg.carrier])]
    if leg.departure_airport or leg.scheduled_departure:
        segments.append(("LOC", [departure, leg.departure_airport or ""]))
    if leg.scheduled_departure:
        segments.append(("DTM", [["189", leg.scheduled_departure.strftime("%y%m%d%H%M"), "201"]]))
    if leg.arrival_airport or leg.scheduled_arrival:
        segments.append(("LOC", [arrival, leg.arrival_airport or ""]))
    if leg.scheduled_arrival:
        segments.append(("DTM", [["232", leg.scheduled_arrival.strftime("%y%m%d%H%M"), "201"]]))
    return segments


def _traveller(traveller: Traveller) -> list[SegmentSpec]:
    if traveller.role is TravellerRole.PASSENGER:
        qualifier = "DDT" if traveller.in_transit else "FL"
    else:
        qualifier = "DDU" if traveller.in_transit else "FM"
    name = [traveller.surname or "", traveller.given_names or ""]
    address = traveller.address
    place: Sequence[Element] = []
    if address is not None:
        place = [
            address.street or "",
            address.city or "",
            address.region or "",
            address.postal_code or "",
            address.country or "",
        ]
    segments: list[SegmentSpec] = [("NAD", [qualifier, "", "", name, *place])]
    if traveller.gender in _GENDER_CODES:
        segments.append(("ATT", ["2", "", _GENDER_CODES[traveller.gender]]))
    if traveller.birth_date:
        segments.append(("DTM", [["329", _yymmdd(traveller.birth_date)]]))
    for code, value in (
        ("22", traveller.clearance_airport),
        ("174", traveller.residence_country),
        ("178", traveller.embarkation_airport),
        ("179", traveller.debarkation_airport),
    ):
        if value:
            segments.append(("LOC", [code, value]))
    if traveller.birth_place or traveller.birth_country:
        segments.append(("LOC", ["180", [traveller.birth_country or "", "", "", traveller.birth_place or ""]]))
    if traveller.nationality:
        segments.append(("NAT", ["2", traveller.nationality]))
    for ref in traveller.references:
        segments.append(("RFF", [[ref.qualifier, ref.value, "", "", ref.revision or ""]]))
    for document in traveller.documents:
        segments.append(("DOC", [[document.type or "", "110", "111"], document.number or ""]))
        if document.expires_on:
            segments.append(("DTM", [["36", _yymmdd(document.expires_on)]]))
        if document.issued_on:
            segments.append(("DTM", [["182", _yymmdd(document.issued_on)]]))
        if document.issuing_country:
            segments.append(("LOC", ["91", document.issuing_country]))
    return segments


def _counts(manifest: Manifest) -> list[SegmentSpec]:
    """``CNT`` as the manifest declares it, else the travellers counted (passengers for a passenger list)."""
    passengers, crew = manifest.declared_passenger_count, manifest.declared_crew_count
    if passengers is None and crew is None:
        if manifest.is_crew_list:
            crew = len(manifest.crew)
        else:
            passengers = len(manifest.passengers)
    segments: list[SegmentSpec] = []
    if passengers is not None:
        segments.append(("CNT", [["42", str(passengers)]]))
    if crew is not None:
        segments.append(("CNT", [["41", str(crew)]]))
    return segments
