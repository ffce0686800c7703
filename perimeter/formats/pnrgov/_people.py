"""PNR-level segments, SSRs, and the traveller, ticket and payment groups (groups 1 to 4)."""

from __future__ import annotations

from perimeter.formats.edifact import Segment
from perimeter.formats.pnrgov._contacts import read_contact
from perimeter.formats.pnrgov._drafts import Claim, HistoryDraft, TravellerDraft
from perimeter.formats.pnrgov._groups import Group
from perimeter.formats.pnrgov._state import SEAT, ReaderState, designator
from perimeter.formats.pnrgov._values import (
    amount,
    moment,
    read_agency,
    read_created,
    read_dates,
    read_doca,
    read_doco,
    read_docs,
    read_excess,
    read_frequent_flyer,
    read_locators,
    read_payments,
)
from perimeter.records.pnr import Seat, SpecialService

SEAT_REQUESTS = {"SEAT", "NSST", "SMST", "RQST", "NSSA", "NSSW", "SMSA", "SMSW"}
CONTACT_REQUESTS = {"CTCE", "CTCM", "CTCH", "CTCB", "CTCP"}


class PeopleReading(ReaderState):
    """Handlers for the PNR itself, its SSRs, travellers, tickets and payments."""

    def _pnr_locators(self, segment: Segment) -> None:
        pnr = self._pnr
        if not pnr.locators:
            pnr.created_at = read_created(self, segment)
        pnr.locators.extend(read_locators(segment))

    def _pnr_dates(self, segment: Segment) -> None:
        found = read_dates(self, segment)
        self._pnr.last_modified = self._pnr.last_modified or found.get("700")
        self._pnr.ticketed_at = self._pnr.ticketed_at or found.get("710")

    def _pnr_agency(self, segment: Segment) -> None:
        pnr = self._pnr
        if pnr.org_seen:
            self.warn(segment, "a second ORG for the PNR; the first is kept")
            return
        pnr.org_seen = True
        pnr.agency = read_agency(self, segment) or pnr.agency
        pnr.org_empty = pnr.agency is None

    def _history_text(self, segment: Segment) -> None:
        text = "+".join(":".join(element) for element in segment.elements).strip()
        if text:
            self._pnr.history.append(HistoryDraft(by=None, items=[(None, [text])]))

    def _excess(self, segment: Segment) -> None:
        self._pnr.excess.append(read_excess(self, segment, self._traveller_ref))

    # --- SSR ---------------------------------------------------------------------------------------------------

    def _ssr(self, segment: Segment) -> None:
        code = segment.value(1, 1).upper()
        text = segment.value(1, 9)
        references = [segment.value(index, 3) for index in range(2, len(segment.elements) + 1)]
        given = next((ref for ref in references if ref), None)
        reference = given or self._traveller_ref
        pnr = self._pnr
        context = self.traveller if self._traveller_ref else None
        if code == "DOCS":
            pnr.claims.append(Claim(segment, given, context, identity=read_docs(self, segment, text)))
        elif code == "DOCO":
            pnr.claims.append(Claim(segment, given, context, identity=read_doco(self, segment, text)))
        elif code == "DOCA":
            pnr.claims.append(Claim(segment, given, context, address=read_doca(self, segment, text)))
        elif code in CONTACT_REQUESTS and (contact := read_contact(f"{code} {text}")) is not None:
            if not self._contact(contact, reference):
                self._service(segment, code, text, reference)
        elif code in SEAT_REQUESTS and self._seats(segment):
            return
        else:
            self._service(segment, code, text, reference)

    def _service(self, segment: Segment, code: str, text: str, reference: str | None) -> None:
        self._pnr.services.append(
            SpecialService(
                code=code or "?",
                status=segment.value(1, 2) or None,
                carrier=segment.value(1, 4) or None,
                text=text or None,
                traveller_reference=reference,
                departure_airport=segment.value(1, 7) or None,
                arrival_airport=segment.value(1, 8) or None,
            )
        )

    def _seats(self, segment: Segment) -> bool:
        flight = self.segment if Group.SEGMENT in self.stack else None
        found = False
        for index in range(2, len(segment.elements) + 1):
            seat = SEAT.match(segment.value(index, 1).upper().replace(" ", ""))
            if seat is None:
                continue
            number = seat.group(1)
            found = True
            self._pnr.seats.append(
                Seat(
                    flight=designator(flight) if flight else segment.value(1, 4),
                    departure_airport=segment.value(1, 7) or (flight or {}).get("departure_airport"),
                    arrival_airport=segment.value(1, 8) or (flight or {}).get("arrival_airport"),
                    number=number,
                    traveller_reference=segment.value(index, 3) or None,
                )
            )
        return found

    # --- traveller, ticket, payment ----------------------------------------------------------------------------

    def _start_traveller(self, segment: Segment) -> None:
        surname, qualifier = segment.value(1, 1), segment.value(1, 2).upper()
        if qualifier == "G":
            self._pnr.group_name = surname or None
            self.stack.pop()
            return
        if not surname:
            self.warn(segment, "a traveller without a surname; not read")
            self.traveller = None
            return
        self.traveller = TravellerDraft(
            segment,
            surname=surname,
            given_names=segment.value(2, 1) or None,
            reference=segment.value(2, 3) or None,
            traveller_type=segment.value(2, 2) or None,
            with_infant=segment.value(2, 4) == "1",
        )
        self._pnr.travellers.append(self.traveller)

    def _frequent_flyer(self, segment: Segment) -> None:
        if self.traveller is not None:
            self.traveller.frequent_flyer.extend(read_frequent_flyer(segment))

    def _traveller_reference(self, segment: Segment) -> None:
        if self.traveller is not None:
            self.traveller.unique_id = segment.value(1, 2) or segment.value(1, 1) or None

    def _start_ticket(self, segment: Segment) -> None:
        self.ticket = {
            "number": segment.value(1, 1) or None,
            "type": segment.value(1, 2) or None,
            "traveller_reference": self._traveller_ref,
        }
        self._pnr.tickets.append(self.ticket)

    def _ticket_amounts(self, segment: Segment) -> None:
        assert self.ticket is not None
        for index in range(1, len(segment.elements) + 1):
            kind, value, currency = segment.value(index, 1), segment.value(index, 2), segment.value(index, 3)
            field = {"B": "base_fare", "T": "total_fare"}.get(kind)
            if field:
                self.ticket[field] = amount(self, segment, value, "fare")
                self.ticket["currency"] = self.ticket.get("currency") or currency or None

    def _ticket_issue(self, segment: Segment) -> None:
        assert self.ticket is not None
        issued = moment(self, segment, segment.value(3, 1), segment.value(3, 2), "ticket issue")
        self.ticket["issued_at"] = self.ticket.get("issued_at") or issued
        self.ticket["issuing_carrier"] = segment.value(4) or None
        self.ticket["issue_location"] = segment.value(6) or None

    def _ticket_date(self, segment: Segment) -> None:
        assert self.ticket is not None
        found = read_dates(self, segment)
        self.ticket["issued_at"] = self.ticket.get("issued_at") or found.get("710")

    def _start_payment(self, segment: Segment) -> None:
        ticket = self.ticket.get("number") if self.ticket else None
        self.payment_start = len(self._pnr.payments)
        self._pnr.payments.extend(read_payments(self, segment, ticket, self._traveller_ref))

    def _payment_text(self, segment: Segment) -> None:
        pnr = self._pnr
        if segment.value(1, 2) != "43" or len(pnr.payments) == self.payment_start:
            self._ift(segment)
            return
        update = {
            "holder_name": segment.value(2) or None,
            "holder_address": segment.value(3) or None,
            "holder_phone": segment.value(4) or None,
        }
        for index in range(self.payment_start, len(pnr.payments)):
            pnr.payments[index] = pnr.payments[index].model_copy(update=update)
