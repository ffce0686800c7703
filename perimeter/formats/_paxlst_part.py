"""Reading the body of one PAXLST message (or one part of a multi-part message), segment by segment.

The segment groups of the D02B and D05B implementation guides: header (``BGM``, ``RFF``, ``NAD+MS`` with ``COM``),
flight legs (``TDT`` with ``LOC``/``DTM`` pairs), travellers (``NAD`` with ``ATT``, ``DTM``, ``LOC``, ``NAT``,
``RFF`` and documents ``DOC`` with ``DTM``/``LOC``), then ``CNT``. A segment that cannot be attributed (a ``NAT``
before any traveller, a ``TDT`` among travellers) is a :class:`ParseError`; a bad value is a warning and the value
is left empty; an unknown segment is a warning and is skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import IntEnum

from perimeter.core.countries import normalise_any_code
from perimeter.core.errors import ParseError, UnknownCountry
from perimeter.formats._dates import read_date, read_datetime
from perimeter.formats._warnings import WarningLog
from perimeter.formats.edifact import Segment
from perimeter.records.passenger import Address, Gender, ReportingParty, TravellerRole
from perimeter.records.travel import Reference

PASSENGER_QUALIFIERS = {"FL": False, "DDT": True}  # NAD qualifier -> in transit
CREW_QUALIFIERS = {"FM": False, "DDU": True}
GENDERS = {"M": Gender.MALE, "F": Gender.FEMALE, "X": Gender.OTHER, "U": None}
# Segments of the guides that carry nothing the manifest keeps.
KNOWN_UNUSED = {"FTX", "GEI", "MEA", "EMP", "QTY", "CPI", "AUT", "CTA", "UNS", "GID", "TSR", "SEQ"}
_FLIGHT = re.compile(r"^([A-Z0-9]{2}[A-Z]?)(\d{1,5}[A-Z]?)$")


class Stage(IntEnum):
    HEADER = 0
    FLIGHTS = 1
    TRAVELLERS = 2
    COUNTS = 3


@dataclass
class LegDraft:
    carrier: str
    flight_number: str
    border_crossing: bool = False
    departure_airport: str | None = None
    arrival_airport: str | None = None
    scheduled_departure: datetime | None = None
    scheduled_arrival: datetime | None = None


@dataclass
class DocumentDraft:
    type: str | None
    number: str | None
    issuing_country: str | None = None
    expires_on: date | None = None
    issued_on: date | None = None


@dataclass
class TravellerDraft:
    segment: Segment
    role: TravellerRole
    in_transit: bool
    surname: str | None
    given_names: str | None
    address: Address | None = None
    birth_date: date | None = None
    gender: Gender | None = None
    nationality: str | None = None
    residence_country: str | None = None
    birth_place: str | None = None
    birth_country: str | None = None
    embarkation_airport: str | None = None
    debarkation_airport: str | None = None
    clearance_airport: str | None = None
    documents: list[DocumentDraft] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)


@dataclass
class PartDraft:
    """What one message part says."""

    document_type: str | None = None
    document_identifier: str | None = None
    references: list[Reference] = field(default_factory=list)
    reporting_party: ReportingParty | None = None
    legs: list[LegDraft] = field(default_factory=list)
    travellers: list[TravellerDraft] = field(default_factory=list)
    counts: dict[str, tuple[int, Segment]] = field(default_factory=dict)
    where: str | None = None  # the UNH of the part that began it


class PartReader:
    def __init__(self, source: str, reference_date: date | None, warnings: WarningLog) -> None:
        self.source = source
        self.reference_date = reference_date
        self.warnings = warnings
        self.part = PartDraft()
        self.stage = Stage.HEADER
        self._countries: dict[str, str] = {}
        self._handlers = {
            "BGM": self._bgm,
            "RFF": self._rff,
            "NAD": self._nad,
            "COM": self._com,
            "TDT": self._tdt,
            "LOC": self._loc,
            "DTM": self._dtm,
            "ATT": self._att,
            "NAT": self._nat,
            "DOC": self._doc,
            "CNT": self._cnt,
        }

    def read(self, segments: tuple[Segment, ...], where: str | None = None) -> PartDraft:
        """Read ``segments`` (the body of a message part; ``where`` locates its ``UNH``) into the part draft."""
        if self.part.where is None:
            self.part.where = where
        handlers = self._handlers
        for segment in segments:
            handler = handlers.get(segment.tag)
            if handler is not None:
                handler(segment)
            elif segment.tag not in KNOWN_UNUSED:
                self.warn(segment, f"{segment.tag} is not a PAXLST segment; ignored")
        if self.part.document_type is None:
            raise ParseError(self.source, where, "the message has no BGM segment (document name code)")
        return self.part

    # --- helpers -------------------------------------------------------------------------------------------

    def warn(self, segment: Segment, reason: str) -> None:
        self.warnings.about(segment, reason)

    def fail(self, segment: Segment, reason: str) -> ParseError:
        return ParseError(self.source, segment.location, reason)

    def country(self, segment: Segment, code: str, what: str) -> str | None:
        if not code:
            return None
        known = self._countries.get(code)
        if known is not None:
            return known
        try:
            known = self._countries[code] = normalise_any_code(code, what)
            return known
        except UnknownCountry:
            self.warn(segment, f"{what} {code!r} is not a known country code; left empty")
            return None

    def traveller(self, segment: Segment) -> TravellerDraft:
        if not self.part.travellers or self.stage < Stage.TRAVELLERS:
            raise self.fail(segment, f"{segment.tag} describes a traveller, but no traveller (NAD+FL/FM) precedes it")
        return self.part.travellers[-1]

    def document(self, segment: Segment, what: str) -> DocumentDraft:
        traveller = self.traveller(segment)
        if not traveller.documents:
            raise self.fail(segment, f"{what} belongs to a travel document, but no DOC precedes it for this traveller")
        return traveller.documents[-1]

    def leg(self, segment: Segment) -> LegDraft:
        if self.stage != Stage.FLIGHTS or not self.part.legs:
            raise self.fail(segment, f"{segment.tag} describes a flight, but no TDT precedes it")
        return self.part.legs[-1]

    # --- header --------------------------------------------------------------------------------------------

    def _bgm(self, segment: Segment) -> None:
        if self.part.document_type is not None or self.stage != Stage.HEADER:
            raise self.fail(segment, "BGM must come once, first in the message")
        code = segment.value(1)
        if not code:
            raise self.fail(segment, "BGM has no document name code (745 passenger list, 250 crew list, ...)")
        self.part.document_type = code
        self.part.document_identifier = segment.value(2) or None

    def _rff(self, segment: Segment) -> None:
        qualifier, value = segment.value(1, 1), segment.value(1, 2)
        if not qualifier or not value:
            self.warn(segment, "a reference needs a qualifier and a value; ignored")
            return
        reference = Reference(qualifier=qualifier, value=value, revision=segment.value(1, 5) or None)
        if self.stage >= Stage.TRAVELLERS:
            self.traveller(segment).references.append(reference)
        elif self.stage == Stage.HEADER:
            self.part.references.append(reference)
        else:
            raise self.fail(segment, "RFF among the flight details: it belongs to the header or to a traveller")

    def _com(self, segment: Segment) -> None:
        if self.stage >= Stage.TRAVELLERS:
            return  # a traveller's own contact numbers: not kept
        party = self.part.reporting_party
        if party is None:
            raise self.fail(segment, "COM gives the reporting party's numbers, but no NAD+MS precedes it")
        numbers: dict[str, str] = {}
        for composite in segment.elements:
            number = composite[0].strip() if composite else ""
            channel = composite[1].strip().upper() if len(composite) > 1 else ""
            if number:
                numbers.setdefault({"TE": "telephone", "FX": "fax", "EM": "email"}.get(channel, "telephone"), number)
        self.part.reporting_party = party.model_copy(update=numbers)

    def _cnt(self, segment: Segment) -> None:
        qualifier, value = segment.value(1, 1), segment.value(1, 2)
        if not value and segment.value(2).isdigit():
            self.warn(segment, f"count written as CNT+{qualifier}+{segment.value(2)} instead of CNT+{qualifier}:…")
            value = segment.value(2)
        if qualifier not in ("41", "42") or not value.isdigit():
            self.warn(segment, "not a passenger (CNT+42:n) or crew (CNT+41:n) count; ignored")
            return
        self.part.counts[qualifier] = (int(value), segment)
        self.stage = Stage.COUNTS

    # --- flights -------------------------------------------------------------------------------------------

    def _tdt(self, segment: Segment) -> None:
        if self.stage > Stage.FLIGHTS:
            raise self.fail(segment, "TDT (flight details) after the first traveller: flights come before travellers")
        conveyance, carrier = segment.value(2).replace(" ", "").upper(), segment.value(5).upper()
        number = ""
        if carrier and conveyance.startswith(carrier) and len(conveyance) > len(carrier):
            number = conveyance[len(carrier) :]
        else:
            match = _FLIGHT.match(conveyance)
            if match:
                carrier, number = carrier or match.group(1), match.group(2)
        if not carrier or not number or not 2 <= len(carrier) <= 3:
            raise self.fail(segment, f"flight {conveyance!r} is not an airline code followed by a flight number")
        self.part.legs.append(LegDraft(carrier, number))
        self.stage = Stage.FLIGHTS

    def _flight_loc(self, segment: Segment, qualifier: str, place: str) -> None:
        leg = self.leg(segment)
        if qualifier == "125" or (qualifier == "92" and leg.departure_airport is None):
            leg.departure_airport = place
        elif qualifier in ("87", "92"):
            leg.arrival_airport = place
        else:
            self.warn(segment, f"LOC+{qualifier} is not a flight location (125, 87 or 92); ignored")
            return
        if qualifier in ("125", "87"):
            leg.border_crossing = True

    def _flight_dtm(self, segment: Segment, qualifier: str) -> None:
        leg = self.leg(segment)
        if qualifier not in ("189", "232"):
            self.warn(segment, f"DTM+{qualifier} is not a departure (189) or arrival (232) time; ignored")
            return
        try:
            moment = read_datetime(segment.value(1, 2), segment.value(1, 3), self.reference_date)
        except ValueError as error:
            self.warn(segment, f"{error}; left empty")
            return
        if qualifier == "189":
            leg.scheduled_departure = moment
        else:
            leg.scheduled_arrival = moment

    # --- travellers ----------------------------------------------------------------------------------------

    def _nad(self, segment: Segment) -> None:
        qualifier = segment.value(1).upper()
        if qualifier == "MS":
            if self.stage != Stage.HEADER:
                raise self.fail(segment, "NAD+MS (reporting party) must come before the flights and travellers")
            name = ":".join(part for part in segment.composite(4) if part) or segment.value(3) or None
            self.part.reporting_party = ReportingParty(name=name)
            return
        if self.stage == Stage.HEADER:
            raise self.fail(segment, "a traveller (NAD) before any flight (TDT)")
        if qualifier in PASSENGER_QUALIFIERS:
            role, in_transit = TravellerRole.PASSENGER, PASSENGER_QUALIFIERS[qualifier]
        elif qualifier in CREW_QUALIFIERS:
            role, in_transit = TravellerRole.CREW, CREW_QUALIFIERS[qualifier]
        else:
            self.warn(segment, f"party qualifier {qualifier!r} is not FL, FM, DDT or DDU; read as a passenger")
            role, in_transit = TravellerRole.PASSENGER, False
        names = [part for part in segment.composite(4)]
        surname = names[0] if names and names[0] else None
        given = " ".join(part for part in names[1:] if part) or None
        if surname is None:
            self.warn(segment, "the traveller has no surname")
        self.part.travellers.append(
            TravellerDraft(segment, role, in_transit, surname, given, address=self._address(segment))
        )
        self.stage = Stage.TRAVELLERS

    def _address(self, segment: Segment) -> Address | None:
        street = " ".join(part for part in segment.composite(5) if part) or None
        city, region, postal = segment.value(6) or None, segment.value(7) or None, segment.value(8) or None
        country = self.country(segment, segment.value(9), "address country")
        if not any((street, city, region, postal, country)):
            return None
        return Address(street=street, city=city, region=region, postal_code=postal, country=country)

    def _att(self, segment: Segment) -> None:
        traveller = self.traveller(segment)
        if segment.value(1) != "2":
            return
        code = segment.value(3).upper()
        if code not in GENDERS:
            self.warn(segment, f"gender {code!r} is not M, F, U or X; left empty")
            return
        traveller.gender = GENDERS[code]

    def _nat(self, segment: Segment) -> None:
        traveller = self.traveller(segment)
        code = segment.value(2)
        if traveller.nationality is None:
            traveller.nationality = self.country(segment, code, "nationality")
        elif code:
            self.warn(segment, f"a second nationality {code!r} is not kept")

    def _doc(self, segment: Segment) -> None:
        traveller = self.traveller(segment)
        kind, number = segment.value(1, 1).upper() or None, segment.value(2) or None
        if kind is not None and not (kind.isalnum() and len(kind) <= 3):
            self.warn(segment, f"document type {kind!r} is not a code of up to three letters; left empty")
            kind = None
        if kind is None and number is None:
            self.warn(segment, "a document with neither type nor number; ignored")
            return
        if number is not None and len(number) > 35:
            self.warn(segment, "the document number is longer than 35 characters; cut")
            number = number[:35]
        traveller.documents.append(DocumentDraft(kind, number))

    def _loc(self, segment: Segment) -> None:
        qualifier, place = segment.value(1), segment.value(2, 1).upper()
        if self.stage == Stage.HEADER:
            raise self.fail(segment, "LOC before any flight (TDT) or traveller (NAD)")
        if self.stage == Stage.FLIGHTS:
            self._flight_loc(segment, qualifier, place)
            return
        traveller = self.traveller(segment)
        if qualifier == "178":
            traveller.embarkation_airport = place or None
        elif qualifier == "179":
            traveller.debarkation_airport = place or None
        elif qualifier == "22":
            traveller.clearance_airport = place or None
        elif qualifier == "174":
            traveller.residence_country = self.country(segment, place, "country of residence")
        elif qualifier == "180":
            traveller.birth_country = self.country(segment, place, "country of birth")
            traveller.birth_place = segment.value(2, 4) or None
        elif qualifier == "91":
            self.document(segment, "LOC+91 (issuing country)").issuing_country = self.country(
                segment, place, "document issuing country"
            )
        else:
            self.warn(segment, f"LOC+{qualifier} is not a traveller location (22, 91, 174, 178, 179, 180); ignored")

    def _dtm(self, segment: Segment) -> None:
        qualifier, value = segment.value(1, 1), segment.value(1, 2)
        if self.stage == Stage.FLIGHTS:
            self._flight_dtm(segment, qualifier)
            return
        if self.stage == Stage.HEADER:
            self.warn(segment, "DTM in the message header is not kept")
            return
        traveller = self.traveller(segment)
        if qualifier == "329":
            traveller.birth_date = self._date(segment, value, past=True, what="birth date")
        elif qualifier in ("36", "182"):
            what = "expiry date" if qualifier == "36" else "issue date"
            document = self.document(segment, f"DTM+{qualifier} ({what})")
            found = self._date(segment, value, past=qualifier == "182", what=what)
            if qualifier == "36":
                document.expires_on = found
            else:
                document.issued_on = found
        else:
            self.warn(segment, f"DTM+{qualifier} is not a birth (329), expiry (36) or issue (182) date; ignored")

    def _date(self, segment: Segment, value: str, *, past: bool, what: str) -> date | None:
        try:
            return read_date(value, self.reference_date, past=past)
        except ValueError as error:
            self.warn(segment, f"{what}: {error}; left empty")
            return None
