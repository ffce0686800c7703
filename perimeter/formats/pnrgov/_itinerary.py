"""The itinerary and what hangs off it: flights, check-in (seats, bags), split records, non-air segments and the
record's history (groups 5 to 12)."""

from __future__ import annotations

from perimeter.formats.edifact import DEFAULT, Segment, format_segment
from perimeter.formats.pnrgov._drafts import HistoryDraft
from perimeter.formats.pnrgov._state import SEAT, ReaderState, designator
from perimeter.formats.pnrgov._values import read_bag, read_dates, read_locators, read_travel
from perimeter.records.pnr import NonAirSegment, Seat, SplitPnr


class ItineraryReading(ReaderState):
    """Handlers for flights, check-in, split records, non-air segments and history."""

    def _start_segment(self, segment: Segment) -> None:
        travel = read_travel(self, segment)
        self.segment = {
            "carrier": travel.carrier,
            "flight_number": travel.number,
            "operating_carrier": travel.operating_carrier,
            "departure_airport": travel.origin,
            "arrival_airport": travel.destination,
            "departure": travel.departure,
            "arrival": travel.arrival,
            "booking_class": travel.booking_class,
        }
        self._pnr.itinerary.append(self.segment)

    def _operating_flight(self, segment: Segment) -> None:
        assert self.segment is not None
        if segment.tag == "TRA":
            self.segment["operating_carrier"] = segment.value(1, 1) or self.segment.get("operating_carrier")
        self.segment["operating_flight_number"] = segment.value(2 if segment.tag == "TRA" else 5, 1) or None

    def _segment_status(self, segment: Segment) -> None:
        assert self.segment is not None
        size = segment.value(1)
        self.segment["party_size"] = int(size) if size.isdigit() else None
        self.segment["status"] = segment.value(2) or None

    def _segment_equipment(self, segment: Segment) -> None:
        assert self.segment is not None
        self.segment["equipment"] = segment.value(1, 1) or None

    def _segment_locator(self, segment: Segment) -> None:
        assert self.segment is not None
        locators = read_locators(segment)
        pnr = self._pnr
        pnr.locators.extend(locator for locator in locators if locator not in pnr.locators)
        carriers = {self.segment.get("carrier"), self.segment.get("operating_carrier")}
        own = pnr.locators[0][1] if pnr.locators else None
        for carrier, locator in locators:
            if carrier in carriers and locator != own:
                self.segment["operating_locator"] = locator

    def _start_checked_in(self, segment: Segment) -> None:
        self.checked_in_reference = segment.value(2, 4) or None
        self.checked_in = self._pnr.traveller_by_reference(self.checked_in_reference)

    def _checked_in_traveller(self, segment: Segment) -> None:
        pnr = self._pnr
        found = pnr.traveller_by_reference(segment.value(2, 3))
        if found is None:
            surname, given = segment.value(1, 1), segment.value(2, 1)
            matches = [t for t in pnr.travellers if t.answers_to(surname, given)]
            found = matches[0] if len(matches) == 1 else None
        if found is not None:
            self.checked_in = found
            self.checked_in_reference = found.reference

    def _checked_in_seat(self, segment: Segment) -> None:
        seat = SEAT.match(segment.value(1, 1).upper().replace(" ", ""))
        if seat is None or self.segment is None:
            return
        number = seat.group(1)
        self._pnr.seats.append(
            Seat(
                flight=designator(self.segment),
                departure_airport=self.segment.get("departure_airport"),
                arrival_airport=self.segment.get("arrival_airport"),
                number=number,
                traveller_reference=self.checked_in_reference,
                checked_in=True,
                cabin=segment.value(5, 1) or None,
            )
        )

    def _checked_in_bags(self, segment: Segment) -> None:
        flight = designator(self.segment) if self.segment is not None else None
        self._pnr.bags.append(read_bag(self, segment, flight, self.checked_in_reference))

    # --- split, non-air, history ------------------------------------------------------------------------------

    def _start_split(self, segment: Segment) -> None:
        count = segment.value(1)
        self.split_count = int(count) if count.isdigit() else None

    def _split_locators(self, segment: Segment) -> None:
        for carrier, locator in read_locators(segment):
            self._pnr.splits.append(SplitPnr(record_locator=locator, carrier=carrier, count=self.split_count))

    def _start_non_air(self, segment: Segment) -> None:
        self.non_air_kind = segment.value(1, 1) or segment.value(1, 2) or "?"

    def _non_air_segment(self, segment: Segment) -> None:
        travel = read_travel(self, segment)
        self._pnr.non_air.append(
            NonAirSegment(
                kind=self.non_air_kind,
                start=travel.start,
                end=travel.end,
                location=travel.origin,
                name=travel.origin_name,
                provider=travel.carrier,
                reference=travel.number,
                detail=travel.booking_class,
            )
        )

    def _start_history(self, segment: Segment) -> None:
        parts = [value for index in range(1, len(segment.elements) + 1) for value in segment.composite(index)[:2]]
        by = " ".join(part for part in parts[1:] if part) or None
        self.history = HistoryDraft(by=by)
        self._pnr.history.append(self.history)

    def _history_date(self, segment: Segment) -> None:
        assert self.history is not None
        found = read_dates(self, segment)
        self.history.at = next(iter(found.values()), None)

    def _start_history_item(self, segment: Segment) -> None:
        assert self.history is not None
        self.history.items.append((segment.value(3) or segment.value(1) or None, []))

    def _history_detail(self, segment: Segment) -> None:
        """A changed item, written with the default separators whatever the message used."""
        if self.history is None or not self.history.items:
            return
        written = format_segment(segment.tag, [list(element) for element in segment.elements], DEFAULT)
        self.history.items[-1][1].append(written[:-1])
