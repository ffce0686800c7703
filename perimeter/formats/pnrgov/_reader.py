"""Walking a PNRGOV message segment by segment through its groups (see :mod:`._groups`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

from perimeter.formats._warnings import WarningLog
from perimeter.formats.edifact import Segment
from perimeter.formats.edifact._segments import shown
from perimeter.formats.pnrgov._drafts import PnrDraft, finish
from perimeter.formats.pnrgov._groups import KNOWN_TAGS, MAX_ELEMENTS, PARENT, STARTS, Group, split_glued
from perimeter.formats.pnrgov._itinerary import ItineraryReading
from perimeter.formats.pnrgov._people import PeopleReading
from perimeter.formats.pnrgov._values import read_agency, read_travel
from perimeter.records.pnr import CHANGES_ONLY
from perimeter.records.travel import FlightLeg

Handler = Callable[[Segment], None]


class Reader(PeopleReading, ItineraryReading):
    """Reads the body of one PNRGOV message; ``warnings`` collects what was repaired or skipped."""

    def __init__(self, source: str, reference_date: date | None, warnings: WarningLog) -> None:
        super().__init__(source, reference_date, warnings)
        self._members: dict[tuple[Group, str], Handler] = {
            (Group.MESSAGE, "MSG"): self._message_function,
            (Group.MESSAGE, "ORG"): self._message_originator,
            (Group.MESSAGE, "TVL"): self._message_flight,
            (Group.MESSAGE, "EQN"): self._message_count,
            (Group.PNR, "RCI"): self._pnr_locators,
            (Group.PNR, "SSR"): self._ssr,
            (Group.PNR, "DAT"): self._pnr_dates,
            (Group.PNR, "IFT"): self._ift,
            (Group.PNR, "ORG"): self._pnr_agency,
            (Group.PNR, "ADD"): self._add,
            (Group.PNR, "EBD"): self._excess,
            (Group.PNR, "LTS"): self._history_text,
            (Group.TRAVELLER, "FTI"): self._frequent_flyer,
            (Group.TRAVELLER, "IFT"): self._ift,
            (Group.TRAVELLER, "REF"): self._traveller_reference,
            (Group.TRAVELLER, "EBD"): self._excess,
            (Group.TRAVELLER, "FAR"): self._ignore,
            (Group.TRAVELLER, "SSR"): self._ssr,
            (Group.TRAVELLER, "ADD"): self._add,
            (Group.TICKET, "MON"): self._ticket_amounts,
            (Group.TICKET, "PTK"): self._ticket_issue,
            (Group.TICKET, "TXD"): self._ignore,
            (Group.TICKET, "DAT"): self._ticket_date,
            (Group.TICKET, "IFT"): self._ift,
            (Group.PAYMENT, "IFT"): self._payment_text,
            (Group.PAYMENT, "ADD"): self._add,
            (Group.SEGMENT, "TVL"): self._operating_flight,
            (Group.SEGMENT, "TRA"): self._operating_flight,
            (Group.SEGMENT, "RPI"): self._segment_status,
            (Group.SEGMENT, "APD"): self._segment_equipment,
            (Group.SEGMENT, "SSR"): self._ssr,
            (Group.SEGMENT, "RCI"): self._segment_locator,
            (Group.SEGMENT, "IFT"): self._ift,
            (Group.CHECKIN, "ORG"): self._ignore,
            (Group.CHECKIN_TRAVELLER, "TIF"): self._checked_in_traveller,
            (Group.CHECKIN_TRAVELLER, "SSD"): self._checked_in_seat,
            (Group.CHECKIN_TRAVELLER, "TBD"): self._checked_in_bags,
            (Group.SPLIT, "RCI"): self._split_locators,
            (Group.NON_AIR, "TVL"): self._non_air_segment,
            (Group.HISTORY, "DAT"): self._history_date,
            (Group.HISTORY_ITEM, "TIF"): self._history_detail,
            (Group.HISTORY_ITEM, "SSR"): self._history_detail,
            (Group.HISTORY_ITEM, "IFT"): self._history_detail,
            (Group.HISTORY_ITEM, "TBD"): self._history_detail,
            (Group.HISTORY_FLIGHT, "RPI"): self._history_detail,
        }
        self._starts: dict[Group, Handler] = {
            Group.PNR: self._start_pnr,
            Group.TRAVELLER: self._start_traveller,
            Group.TICKET: self._start_ticket,
            Group.PAYMENT: self._start_payment,
            Group.SEGMENT: self._start_segment,
            Group.CHECKIN: self._ignore,
            Group.CHECKIN_TRAVELLER: self._start_checked_in,
            Group.SPLIT: self._start_split,
            Group.NON_AIR: self._start_non_air,
            Group.HISTORY: self._start_history,
            Group.HISTORY_ITEM: self._start_history_item,
            Group.HISTORY_FLIGHT: self._history_detail,
        }

        self._by_group: dict[Group, dict[str, Handler]] = {group: {} for group in Group}
        for (group, tag), handler in self._members.items():
            self._by_group[group][tag] = handler
        self._route()

    # --- the walk ------------------------------------------------------------------------------------------

    def read(self, segments: tuple[Segment, ...]) -> None:
        limits, dispatch = MAX_ELEMENTS, self._dispatch
        for segment in segments:
            limit = limits.get(segment.tag)
            if limit is not None and len(segment.elements) > limit:
                for piece in self._pieces(segment):
                    dispatch(piece)
            else:
                dispatch(segment)
        self._close_pnr()
        missing = (
            ("MSG", "the message function (22 full push, 141 changes only) is unknown"),
            ("ORG", "the sender is not named"),
            ("TVL", "the flight is not given"),
        )
        for tag, what in missing:
            if tag not in self.seen:
                self.warnings.add(None, f"the message header has no {tag} segment: {what}")

    def _pieces(self, segment: Segment) -> Iterator[Segment]:
        split = split_glued(segment)
        if split is not None:
            head, tail = split
            self.warn(
                segment,
                f"{segment.tag} has more data elements than the guide allows and its last one ends with"
                f" {tail.tag}: read as {shown(head.raw)} and {shown(tail.raw)} (a segment terminator is missing)",
            )
            yield head
            yield from self._pieces(tail)
            return
        limit = MAX_ELEMENTS.get(segment.tag)
        if limit is not None and len(segment.elements) > limit:
            extra = ", ".join(shown(":".join(element)) for element in segment.elements[limit:])
            self.warn(
                segment,
                f"{segment.tag} has {len(segment.elements)} data elements where the guide allows {limit};"
                f" ignored: {extra}",
            )
            segment = segment._replace(elements=segment.elements[:limit])
        yield segment

    def _dispatch(self, segment: Segment) -> None:
        """Hand the segment to the innermost open group that takes it, closing the groups inside that one."""
        tag, stack = segment.tag, self.stack
        top = stack[-1]
        if tag == "TVL":
            depth = self._segment_depth[top]
            if depth is not None and _operating_only(segment):
                del stack[depth + 1 :]
                self._operating_flight(segment)
                return
        route = self._routes[top].get(tag)
        if route is None:
            if tag in KNOWN_TAGS:
                where = top.value
                self.warn(segment, f"{tag} does not belong here (in the {where} or any group around it); ignored")
            else:
                self.warn(segment, f"{tag} is not a PNRGOV segment; ignored")
            return
        depth, handler, child = route
        del stack[depth + 1 :]
        if child is not None:
            stack.append(child)
        handler(segment)

    def _route(self) -> None:
        """Work out, for every group that can be innermost and every tag, where a segment goes. The open groups
        are always the innermost one and its ancestors, so this depends on nothing else (but for the operating
        flight ``TVL``, which depends on the segment and is checked as it comes)."""
        self._routes: dict[Group, dict[str, tuple[int, Handler, Group | None]]] = {}
        self._segment_depth: dict[Group, int | None] = {}
        for top in Group:
            chain = [top]
            while chain[-1] in PARENT:
                chain.append(PARENT[chain[-1]])
            table: dict[str, tuple[int, Handler, Group | None]] = {}
            for distance, group in enumerate(chain):
                depth = len(chain) - 1 - distance
                for tag, handler in self._by_group[group].items():
                    if not (tag == "TVL" and group is Group.SEGMENT):
                        table.setdefault(tag, (depth, handler, None))
                for tag, child in STARTS.get(group, {}).items():
                    table.setdefault(tag, (depth, self._starts[child], child))
            self._routes[top] = table
            self._segment_depth[top] = len(chain) - 1 - chain.index(Group.SEGMENT) if Group.SEGMENT in chain else None

    # --- message header ------------------------------------------------------------------------------------

    def _message_function(self, segment: Segment) -> None:
        self.seen.add("MSG")
        self.function_code = segment.value(1, 2) or segment.value(1, 1) or None

    def _message_originator(self, segment: Segment) -> None:
        self.seen.add("ORG")
        self.originator = read_agency(self, segment)

    def _message_flight(self, segment: Segment) -> None:
        self.seen.add("TVL")
        travel = read_travel(self, segment)
        carrier, number = travel.carrier or "", travel.number or ""
        if not 2 <= len(carrier) <= 3 or not number or len(number) > 8:
            self.warn(segment, "the flight has no carrier and flight number; not kept")
            return
        self.flight = FlightLeg(
            carrier=carrier,
            flight_number=number,
            departure_airport=travel.origin if travel.origin and 3 <= len(travel.origin) <= 5 else None,
            arrival_airport=travel.destination if travel.destination and 3 <= len(travel.destination) <= 5 else None,
            scheduled_departure=travel.departure,
            scheduled_arrival=travel.arrival,
        )

    def _message_count(self, segment: Segment) -> None:
        count = segment.value(1)
        self.declared = int(count) if count.isdigit() else None

    # --- PNR -------------------------------------------------------------------------------------------------

    def _start_pnr(self, segment: Segment) -> None:
        self._close_pnr()
        self.pnr = PnrDraft(segment)
        self.traveller = None

    def _close_pnr(self) -> None:
        if self.pnr is None:
            return
        cancelled = self.pnr.org_empty and self.function_code == CHANGES_ONLY
        record = finish(self.pnr, cancelled=cancelled, warn=self.warn)
        if record is not None:
            self.pnrs.append(record)
        self.pnr = None


def _operating_only(segment: Segment) -> bool:
    """A ``TVL+++++303:Y``: nothing but the operating flight number of the codeshare flight before it."""
    return not any(part.strip() for element in segment.elements[:4] for part in element)
