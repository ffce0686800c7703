"""UN/EDIFACT PAXLST (directories D02B and D05B): advance passenger information read into a :class:`Manifest`.

``parse_paxlst`` reads an interchange holding one PAXLST message, possibly sent in several parts, possibly in an
IATA Type-B envelope. Two-digit years get their century from ``today`` (by default the interchange's own
preparation date): a birth date is never in the future, any other date is put nearest to it. What is wrong with a
value (an unknown nationality, an impossible date, counts that disagree) is a warning on the manifest naming the
segment; a message whose structure is broken is a :class:`~perimeter.core.errors.ParseError`.
"""

from __future__ import annotations

import re
from datetime import date

from pydantic import ValidationError

from perimeter.core.errors import ParseError
from perimeter.formats._paxlst_part import LegDraft, PartDraft, PartReader, TravellerDraft
from perimeter.formats._warnings import WarningLog
from perimeter.formats.edifact import Interchange, LogicalMessage, Segment, read_interchange
from perimeter.records.passenger import FlightLeg, Manifest, TravelDocument, Traveller, TravellerRole

SUPPORTED_VERSIONS = ("D02B", "D05B")
CREW_LISTS = {"250", "336"}
PASSENGER_LISTS = {"745"}

__all__ = ["SUPPORTED_VERSIONS", "parse_paxlst", "parse_paxlst_all", "read_manifest"]


def parse_paxlst(data: bytes | str, source: str, *, today: date | None = None) -> Manifest:
    """The manifest of the one PAXLST message in ``data`` (``source`` names it in errors)."""
    interchange = read_interchange(data, source)
    return read_manifest(interchange, interchange.only("PAXLST"), today=today)


def parse_paxlst_all(data: bytes | str, source: str, *, today: date | None = None) -> list[Manifest]:
    """A manifest for each PAXLST message of the interchange (a passenger list and a crew list, say)."""
    interchange = read_interchange(data, source)
    messages = [message for message in interchange.logical_messages if message.type == "PAXLST"]
    if not messages:
        interchange.only("PAXLST")  # raises, saying what the interchange holds instead
    return [read_manifest(interchange, message, today=today) for message in messages]


def read_manifest(interchange: Interchange, message: LogicalMessage, *, today: date | None = None) -> Manifest:
    """The manifest of one (reassembled) PAXLST message of an interchange already read."""
    source = interchange.source
    warnings = WarningLog(interchange.warnings)
    version = message.version
    if version not in SUPPORTED_VERSIONS:
        warnings.about(message.first.header, f"PAXLST version {version} is neither D02B nor D05B; read as D05B")
        if not re.match(r"^D\d\d[A-Z]$", version):
            version = "D05B"
    reference_date = today or (interchange.prepared.date() if interchange.prepared else None)
    parts: list[PartDraft] = []
    reader = PartReader(source, reference_date, warnings)
    for part in message.parts:
        # A part that repeats the header (starts with BGM) is read afresh and compared with the first; a part that
        # only continues the traveller list is read on from where the previous part stopped.
        if parts and part.body and part.body[0].tag == "BGM":
            reader = PartReader(source, reference_date, warnings)
        draft = reader.read(part.body, part.header.location)
        if not parts or draft is not parts[-1]:
            parts.append(draft)
    first = parts[0]
    travellers = [traveller for part in parts for traveller in part.travellers]
    for draft in parts[1:]:
        _compare_parts(first, draft, warnings)
    counts = {qualifier: found for part in parts for qualifier, found in part.counts.items()}
    _check_counts(counts, travellers, message, warnings)
    _check_roles(first.document_type or "", travellers, warnings)
    try:
        return Manifest(
            message_reference=message.reference,
            sender=interchange.sender,
            receiver=interchange.recipient,
            version=version,
            prepared_at=interchange.prepared,
            document_type=first.document_type or "",
            document_identifier=first.document_identifier,
            references=tuple(dict.fromkeys(ref for part in parts for ref in part.references)),
            reporting_party=first.reporting_party,
            flights=tuple(_leg(leg, number) for number, leg in enumerate(first.legs, start=1)),
            travellers=tuple(_traveller(draft, source) for draft in travellers),
            declared_passenger_count=counts["42"][0] if "42" in counts else None,
            declared_crew_count=counts["41"][0] if "41" in counts else None,
            warnings=warnings.texts(),
        )
    except ValidationError as error:  # pragma: no cover - the reader only passes values it has checked
        raise ParseError(source, message.first.header.location, f"the manifest does not validate: {error}") from None


def _leg(draft: LegDraft, number: int) -> FlightLeg:
    return FlightLeg(
        carrier=draft.carrier,
        flight_number=draft.flight_number,
        departure_airport=draft.departure_airport or None,
        arrival_airport=draft.arrival_airport or None,
        scheduled_departure=draft.scheduled_departure,
        scheduled_arrival=draft.scheduled_arrival,
        leg=number,
        border_crossing=draft.border_crossing,
    )


def _traveller(draft: TravellerDraft, source: str) -> Traveller:
    try:
        return Traveller(
            role=draft.role,
            in_transit=draft.in_transit,
            surname=draft.surname,
            given_names=draft.given_names,
            birth_date=draft.birth_date,
            gender=draft.gender,
            nationality=draft.nationality,
            residence_country=draft.residence_country,
            birth_place=draft.birth_place,
            birth_country=draft.birth_country,
            embarkation_airport=draft.embarkation_airport,
            debarkation_airport=draft.debarkation_airport,
            clearance_airport=draft.clearance_airport,
            address=draft.address,
            documents=tuple(
                TravelDocument(
                    type=document.type,
                    number=document.number,
                    issuing_country=document.issuing_country,
                    expires_on=document.expires_on,
                    issued_on=document.issued_on,
                )
                for document in draft.documents
            ),
            references=tuple(draft.references),
        )
    except ValidationError as error:
        raise ParseError(source, draft.segment.location, f"this traveller does not validate: {error}") from None


def _compare_parts(first: PartDraft, part: PartDraft, warnings: WarningLog) -> None:
    """A later part that repeats the header should repeat it unchanged."""
    if part.legs and part.legs != first.legs:
        warnings.add(part.where, "this part gives other flight details than the first; the first's are kept")
    if part.document_type and part.document_type != first.document_type:
        reason = f"this part is document type {part.document_type}, the first {first.document_type}; the first's kept"
        warnings.add(part.where, reason)


def _check_counts(
    counts: dict[str, tuple[int, Segment]],
    travellers: list[TravellerDraft],
    message: LogicalMessage,
    warnings: WarningLog,
) -> None:
    held = {
        "42": sum(1 for traveller in travellers if traveller.role is TravellerRole.PASSENGER),
        "41": sum(1 for traveller in travellers if traveller.role is TravellerRole.CREW),
    }
    names = {"42": "passengers", "41": "crew members"}
    for qualifier, (declared, segment) in counts.items():
        if declared == held[qualifier]:
            continue
        other = "41" if qualifier == "42" else "42"
        note = f" (and {held[other]} {names[other]})" if held[other] else ""
        if not message.complete:
            note += "; parts of the message are missing"
        warnings.about(
            segment,
            f"CNT+{qualifier} declares {declared} {names[qualifier]} but the message holds {held[qualifier]}{note}",
        )


def _check_roles(document_type: str, travellers: list[TravellerDraft], w: WarningLog) -> None:
    if document_type in PASSENGER_LISTS:
        odd = [t for t in travellers if t.role is TravellerRole.CREW]
        listed, role = "a passenger list", "crew members (NAD+FM/DDU)"
    elif document_type in CREW_LISTS:
        odd = [t for t in travellers if t.role is TravellerRole.PASSENGER]
        listed, role = "a crew list", "passengers (NAD+FL/DDT)"
    else:
        return
    if odd:
        w.about(odd[0].segment, f"the message is {listed} (BGM+{document_type}) but {len(odd)} are {role}")
