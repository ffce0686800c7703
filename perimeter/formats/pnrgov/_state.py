"""What the PNRGOV reader knows as it walks a message, and the handlers every group shares (ADD, IFT)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from perimeter.core.countries import normalise_any_code
from perimeter.core.errors import UnknownCountry
from perimeter.formats._warnings import WarningLog
from perimeter.formats.edifact import Segment
from perimeter.formats.pnrgov._contacts import Contact, read_contact
from perimeter.formats.pnrgov._drafts import HistoryDraft, PnrDraft, TravellerDraft
from perimeter.formats.pnrgov._groups import Group
from perimeter.formats.pnrgov._values import read_address
from perimeter.records.pnr import Email, Phone, Pnr, Remark, TravelAgency
from perimeter.records.travel import Address, FlightLeg

SEAT = re.compile(r"^0*(\d{1,3}[A-Z])$")  # 15A; 014A (leading zeros dropped)


class ReaderState:
    """The message read so far and the groups open (``stack``), with the context the value readers need."""

    def __init__(self, source: str, reference_date: date | None, warnings: WarningLog) -> None:
        self.source = source
        self.reference_date = reference_date
        self.warnings = warnings
        self.stack: list[Group] = [Group.MESSAGE]
        self.function_code: str | None = None
        self.originator: TravelAgency | None = None
        self.flight: FlightLeg | None = None
        self.declared: int | None = None
        self.seen: set[str] = set()
        self.pnrs: list[Pnr] = []
        self.pnr: PnrDraft | None = None
        self.traveller: TravellerDraft | None = None
        self.ticket: dict[str, Any] | None = None
        self.payment_start = 0
        self.segment: dict[str, Any] | None = None
        self.checked_in: TravellerDraft | None = None
        self.checked_in_reference: str | None = None
        self.split_count: int | None = None
        self.non_air_kind = ""
        self.history: HistoryDraft | None = None

    def warn(self, segment: Segment, reason: str) -> None:
        self.warnings.about(segment, reason)

    def country(self, segment: Segment, code: str, what: str) -> str | None:
        if not code:
            return None
        try:
            return normalise_any_code(code, what)
        except UnknownCountry:
            self.warn(segment, f"{what} {code!r} is not a known country code; left empty")
            return None

    def _ignore(self, segment: Segment) -> None:
        """A segment the records do not keep (fares, taxes, the check-in agent)."""

    @property
    def _pnr(self) -> PnrDraft:
        assert self.pnr is not None  # every group but the message header lies inside a PNR
        return self.pnr

    @property
    def _traveller_ref(self) -> str | None:
        return self.traveller.reference if self.traveller is not None and Group.TRAVELLER in self.stack else None

    # --- shared by several groups ----------------------------------------------------------------------------

    def _add(self, segment: Segment) -> None:
        found = read_address(self, segment)
        reference = self._traveller_ref
        if found.address is not None:
            if self.traveller is not None and self.stack[-1] == Group.TRAVELLER:
                self.traveller.addresses.append(found.address)
            else:
                self._pnr.addresses.append(found.address)
        for kind, number in found.phones:
            self._pnr.phones.append(Phone(number=number, kind=kind, traveller_reference=reference))
        if found.email:
            self._pnr.emails.append(Email(address=found.email, traveller_reference=reference))

    def _ift(self, segment: Segment) -> None:
        texts = [":".join(element).strip() for element in segment.elements[1:]]
        text = " ".join(part for part in texts if part)
        if not text:
            return
        reference = self._traveller_ref
        contact = read_contact(text)
        if contact is not None and self._contact(contact, reference):
            return
        kind, carrier = segment.value(1, 2) or None, segment.value(1, 4) or None
        self._pnr.remarks.append(Remark(kind=kind, text=text, carrier=carrier, traveller_reference=reference))

    def _contact(self, contact: Contact, reference: str | None) -> bool:
        """Keep a contact line's data; False when it holds nothing usable (it is then kept as a remark)."""
        pnr = self._pnr
        if contact.kind == "E":
            if contact.email is None:
                return False
            pnr.emails.append(Email(address=contact.email, traveller_reference=reference))
            return True
        if contact.kind == "A":
            if not contact.words:
                return False
            pnr.addresses.append(Address(kind="contact", text=contact.words))
            return True
        for kind, number in contact.phones:
            pnr.phones.append(Phone(number=number, kind=kind, traveller_reference=reference))
        if contact.kind == "T" and (contact.words or contact.city):
            agency = pnr.agency or TravelAgency()
            pnr.agency = agency.model_copy(
                update={"name": agency.name or contact.words, "city": agency.city or contact.city}
            )
        return bool(contact.phones)


def designator(segment: dict[str, Any]) -> str:
    """``UA988`` for an itinerary segment being read."""
    return f"{segment.get('carrier') or ''}{segment.get('flight_number') or ''}"
