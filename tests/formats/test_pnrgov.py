"""PNRGOV: every real message read, what each holds, how malformed ones are handled, and changes-only merges."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from perimeter.core.errors import InvalidInput, ParseError
from perimeter.formats.edifact import Separators, format_segment, read_interchange
from perimeter.formats.pnrgov import apply_pnr_changes, parse_pnrgov
from perimeter.records.pnr import Phone, Pnr, PnrMessage
from perimeter.records.travel import TravelDocument
from perimeter.records.watchlist import Gender

# version, message function, flight, PNRs, travellers, and warnings that must be there (substrings).
EXPECTED: dict[str, tuple[str, str | None, str, int, int, list[str]]] = {
    "gtas-loader__pnr-messages__2_pnrs_basic.edi": ("10.1", "22", "DL324", 2, 4, []),
    "gtas-loader__pnr-messages__3_pnrs.edi": ("11.1", "22", "TZ0006", 3, 13, []),
    "gtas-loader__pnr-messages__adult_and_infant.edi": ("11.1", "22", "AM498", 1, 2, []),
    "gtas-loader__pnr-messages__codeshare.edi": ("11.1", "22", "SQ609", 2, 2, ["five characters instead of six"]),
    "gtas-loader__pnr-messages__infant.edi": (
        "11.1",
        "22",
        "SQ602",
        1,
        2,
        ["722356 consecutive bag tags from 0123456787 is not plausible"],
    ),
    "gtas-loader__pnr-messages__multiple_flight_leg_pnr.txt": (
        "13.1",
        "22",
        "UA988",
        1,
        2,
        ["EQN declares 2 PNR(s) but the message holds 1"],
    ),
    "gtas-loader__pnr-messages__no_pnr_history.edi": ("11.1", "22", "LH474", 3, 4, []),
    "gtas-loader__pnr-messages__pnr1.txt": ("10.1", "22", "DL324", 1, 2, ["EQN declares 2"]),
    "gtas-loader__pnr-messages__pnr2.txt": ("10.1", "22", "DL324", 1, 2, ["EQN declares 2"]),
    "gtas-loader__pnr-messages__pnr3.txt": ("13.1", "22", "UA988", 1, 4, ["EQN declares 4"]),
    "gtas-loader__pnr-messages__pnr4.txt": ("13.1", "22", "UA988", 1, 1, []),
    "gtas-loader__pnr-messages__pnrMessageExample.txt": ("13.1", "22", "UA988", 1, 5, []),
    "gtas-loader__pnr-messages__pnr_split.edi": ("11.1", "22", "AM498", 2, 3, []),
    "gtas-parsers__pnr-messages__bigMessagePnr.txt": ("13.1", "22", "UA988", 1, 7, ["EQN declares 7"]),
    "gtas-parsers__pnr-messages__bigbigPnr.txt": (
        "13.1",
        "22",
        "XL1439",
        47,
        86,
        [
            "segment 20 'SSR+DOCS:HK::DL:::::/P/ERI/191259499/0/28MAY89/F/24JUL22/LAI/BI/DULCE': nationality '0' is"
            " not a known country code; left empty (the same for 85 more: segments 60, 73, 86,",
            "EQN declares 1 PNR(s) but the message holds 47",
        ],
    ),
    "gtas-parsers__pnr-messages__danglingMetaCharacter.txt": ("13.1", "22", "DL441", 1, 1, []),
    "gtas-parsers__pnr-messages__modifyPnr77ForCodeShare.txt": (
        "11.1",
        "22",
        "TZ0006",
        1,
        1,
        [
            "segment 28 'TVL+310513:0900:310513:4321+OOL+SIN+TZ+0002:S': arrival: '4321' is not a time",
            "segment 58 'RPI+1+HKIFT+4:19+GN FROM NONE TO ACME TEAM PARTY': RPI has more data elements than the"
            " guide allows and its last one ends with IFT: read as 'RPI+1+HK' and 'IFT+4:19+GN FROM NONE TO ACME",
        ],
    ),
    "gtas-parsers__pnr-messages__pnrAddressPhoneCTCM.txt": ("13.1", "22", "UA988", 1, 1, []),
    "gtas-parsers__pnr-messages__pnrBadFormat.txt": (
        "11.1",
        "22",
        "TZ0006",
        1,
        2,
        [
            "segment 28 'UNZ+1+00102181551362': UNZ has no segment terminator",
            "text after the interchange ignored: 'Modify above message to create bad message.'",
        ],
    ),
    "gtas-parsers__pnr-messages__pnrEdge.txt": ("13.1", "22", "UA988", 1, 1, []),
    "gtas-parsers__pnr-messages__pnrMessage.txt": ("10.1", "22", "DL324", 1, 2, []),
    "gtas-parsers__pnr-messages__pnrMessageExample.txt": ("13.1", "22", "UA988", 1, 5, []),
    "gtas-parsers__pnr-messages__pnrMessagePg75.txt": (
        "11.1",
        "22",
        "SQ609",
        2,
        2,
        ["ORG has more data elements than the guide allows and its last one ends with TIF"],
    ),
    "gtas-parsers__pnr-messages__pnrMessagePg76.txt": ("11.1", "22", "TZ0006", 1, 2, []),
    "gtas-parsers__pnr-messages__pnrMessagePg77.txt": ("11.1", "22", "TZ0006", 1, 1, ["RPI has more data elements"]),
    "gtas-parsers__pnr-messages__pnrNoOrgMsg.txt": (
        "13.1",
        None,
        "UA988",
        1,
        1,
        ["the message header has no MSG segment", "the message header has no ORG segment"],
    ),
    "gtas-parsers__pnr-messages__pnrPhoneCTCM.txt": ("13.1", "22", "UA988", 1, 1, []),
    "gtas-parsers__pnr-messages__pnrPhoneCTC_M.txt": ("13.1", "22", "UA988", 1, 1, []),
    "gtas-parsers__pnr-messages__pnrSeatFormats.txt": ("13.1", "22", "UA988", 1, 1, []),
    "gtas-parsers__pnr-messages__pnrWithBags.txt": ("13.1", "22", "UA988", 127, 268, ["EQN declares 1"]),
    "gtas-parsers__pnr-messages__pnrWithDoco.txt": ("13.1", "22", "UA988", 1, 1, []),
    "gtas-parsers__pnr-messages__pnrWithPrefixesAndBookingDetailBags.txt": ("13.1", "22", "UA988", 1, 2, []),
}


def _read(shared_data: Path, name: str) -> PnrMessage:
    path = shared_data / "messages" / "pnrgov" / name
    return parse_pnrgov(path.read_bytes(), name)


def _without_warnings(message: PnrMessage) -> dict[str, object]:
    return message.model_dump(exclude={"warnings"})


def test_every_real_pnrgov_message_reads(pnrgov_file: Path) -> None:
    assert pnrgov_file.name in EXPECTED, f"a new real message {pnrgov_file.name}: say what it holds in EXPECTED"
    version, function, flight, pnrs, travellers, warnings = EXPECTED[pnrgov_file.name]
    message = parse_pnrgov(pnrgov_file.read_bytes(), pnrgov_file.name)
    assert (message.version, message.function_code) == (version, function)
    assert message.flight is not None and message.flight.designator == flight
    assert len(message.pnrs) == pnrs
    assert sum(len(pnr.travellers) for pnr in message.pnrs) == travellers
    for text in warnings:
        assert any(text in warning for warning in message.warnings), (text, message.warnings)
    for pnr in message.pnrs:
        assert pnr.record_locator and pnr.travellers and not pnr.cancelled
        for payment in pnr.payments:  # never a whole card number
            assert payment.card_number is None or payment.card_number[:-4].strip("X") == ""


@pytest.mark.parametrize(
    "separators",
    [Separators(":", "(", ".", ")", " ", "-"), Separators("|", "^", ",", "!", "*", "~")],
    ids=["UNA:(.) -", "UNA|^,!*~"],
)
def test_other_separators_and_an_envelope_give_the_same_records(pnrgov_file: Path, separators: Separators) -> None:
    original = read_interchange(pnrgov_file.read_bytes(), pnrgov_file.name)
    segments = [format_segment(s.tag, [list(e) for e in s.elements], separators) for s in original.segments]
    variant = "\x01QK YULRMXH\r\n.LHRRMDL 091200\r\n\x02" + separators.una + "\r\n".join(segments) + "\x03"
    expected = parse_pnrgov(pnrgov_file.read_bytes(), pnrgov_file.name)
    assert _without_warnings(parse_pnrgov(variant.encode("utf-8"), "variant")) == _without_warnings(expected)


# --- what particular messages hold ---------------------------------------------------------------------------


def test_two_pnrs_in_full(shared_data: Path) -> None:
    message = _read(shared_data, "gtas-loader__pnr-messages__2_pnrs_basic.edi")
    assert message.is_full_push and message.declared_pnr_count == 2
    assert message.flight is not None and message.flight.scheduled_departure == datetime(2010, 12, 12, 9, 15)
    first = message.pnrs[0]
    assert (first.record_locator, first.carrier, first.last_modified) == ("MFN4TI", "DL", datetime(2010, 12, 6, 10, 10))
    smith = first.travellers[0]
    assert (smith.surname, smith.given_names, smith.reference) == ("SMITHJR", "JOHNMR", "1")
    assert (smith.birth_date, smith.gender, smith.nationality) == (date(1964, 7, 12), Gender.MALE, "GBR")
    assert smith.documents == (
        TravelDocument(type="P", number="123456789", issuing_country="GBR", expires_on=date(2019, 8, 23)),
    )
    assert smith.frequent_flyer[0].model_dump() == {"carrier": "DL", "number": "1234567890", "tier": "ELITE"}
    assert [seg.designator for seg in first.itinerary] == ["DL324", "DL330"]
    assert first.itinerary[1].model_dump(include={"status", "party_size", "equipment"}) == {
        "status": "HK",
        "party_size": 2,
        "equipment": "767",
    }
    checked_in = [seat for seat in first.seats if seat.checked_in]
    assert [(s.flight, s.number, s.traveller_reference, s.cabin) for s in checked_in] == [("DL324", "15A", "1", "Y")]
    assert len(first.seats) == 4
    assert first.non_air_segments[0].model_dump(include={"kind", "location", "name", "start", "end"}) == {
        "kind": "8",
        "location": "YVR",
        "name": "VANCOUVER ARMS",
        "start": date(2010, 12, 12),
        "end": date(2010, 12, 15),
    }
    assert [(split.carrier, split.record_locator, split.count) for split in first.splits] == [("DL", "ABCDEF", 1)]
    payment = first.payments[0]
    assert (payment.type, payment.card_type, payment.card_number, payment.card_expiry) == (
        "CC",
        "VI",
        "XXXXXXXX1186",
        "0211",
    )
    assert (payment.holder_name, payment.holder_phone, payment.ticket_number) == (
        "TIMOTHY SIMS",
        "7705632891",
        "0062120234533",
    )
    assert first.tickets[0].total_fare is not None and str(first.tickets[0].total_fare) == "2957.94"
    assert first.addresses[0].model_dump(include={"street", "city", "country", "postal_code"}) == {
        "street": "45 HIGHSTREET",
        "city": "SLOUGH",
        "country": "GBR",
        "postal_code": "SL1AA",
    }
    assert Phone(number="00441753637285", kind="address") in first.phones
    assert [entry.action for entry in first.history].count("X") == 6
    assert first.history[0].details == ("TVL+101210:0915::1230+LHR+JFK+DL+324:B", "RPI+2+K")
    agency = message.pnrs[1].booking_agency
    assert agency is not None and (agency.system, agency.iata_number, agency.city, agency.country) == (
        "1A",
        "12345678",
        "LON",
        "GBR",
    )


def test_infants_get_their_own_documents(shared_data: Path) -> None:
    """infant.edi sends the infant's passport under the adult's TIF: the names tie it to the infant."""
    pnr = _read(shared_data, "gtas-loader__pnr-messages__infant.edi").pnrs[0]
    adult, infant = pnr.travellers
    assert adult.with_infant and infant.traveller_type == "IN"
    assert [d.number for d in adult.documents] == ["509229987"] and adult.birth_date == date(1978, 7, 1)
    assert [d.number for d in infant.documents] == ["512731999"] and infant.birth_date == date(2012, 9, 20)
    assert {(seat.number, seat.traveller_reference) for seat in pnr.seats} == {("11D", "2"), ("11D", "3")}
    message = _read(shared_data, "gtas-loader__pnr-messages__adult_and_infant.edi")
    adult, infant = message.pnrs[0].travellers
    assert [d.number for d in infant.documents] == ["AO234000"] and infant.nationality == "COL"


def test_groups_addresses_and_infant_references(shared_data: Path) -> None:
    message = _read(shared_data, "gtas-loader__pnr-messages__3_pnrs.edi")
    assert message.pnrs[2].group_name == "ACME TEAM PARTY" and len(message.pnrs[2].travellers) == 9
    dye = message.pnrs[1]
    assert [t.reference for t in dye.travellers] == ["43577", "43578", "43578I"]
    assert dye.travellers[0].addresses[0].model_dump(include={"kind", "city", "country"}) == {
        "kind": "D",
        "city": "BROADBEACH",
        "country": "AUS",
    }
    assert {(p.kind, p.number) for p in message.pnrs[0].phones} == {
        ("home", "5555555555"),
        ("business", "1 555 555 5555"),
    }


def test_codeshare_flights(shared_data: Path) -> None:
    """The marketing flight comes first; the operating flight number follows in a TVL of its own (or a TRA)."""
    pnr = _read(shared_data, "gtas-loader__pnr-messages__codeshare.edi").pnrs[0]
    segment = pnr.itinerary[0]
    assert (segment.carrier, segment.flight_number, segment.operating_carrier, segment.operating_flight_number) == (
        "KE",
        "609",
        "SQ",
        "303",
    )
    assert segment.operating_locator == "EDP2RW" and pnr.other_locators[0].locator == "EDP2RW"
    assert pnr.bags[0].pool == "MP" and [tag.number for tag in pnr.bags[0].tags] == ["1026000001", "1026000002"]
    modified = _read(shared_data, "gtas-parsers__pnr-messages__modifyPnr77ForCodeShare.txt").pnrs[0]
    flights = [(s.carrier, s.flight_number, s.operating_carrier, s.operating_flight_number) for s in modified.itinerary]
    assert flights[:2] == [("SQ", "5678", "SK", "1524"), ("DL", "8976", "KL", "972")]


def test_visas_and_contacts(shared_data: Path) -> None:
    doco = _read(shared_data, "gtas-parsers__pnr-messages__pnrWithDoco.txt").pnrs[0].travellers[0]
    assert doco.birth_place == "HERE VA"
    assert doco.documents[1] == TravelDocument(
        type="V", number="8675309", issuing_country="LIE", issued_on=date(2006, 12, 22), issue_place="OTHER PLACE"
    )
    for name, number in (("pnrPhoneCTCM.txt", "123456789"), ("pnrAddressPhoneCTCM.txt", "5432109876")):
        pnr = _read(shared_data, f"gtas-parsers__pnr-messages__{name}").pnrs[0]
        assert Phone(number=number, kind="mobile", traveller_reference="1" if "Address" not in name else None) in (
            pnr.phones
        )
        assert pnr.emails[0].address.endswith("50BB@GMAIL.COM")
    edge = _read(shared_data, "gtas-parsers__pnr-messages__pnrEdge.txt").pnrs[0]
    assert edge.emails[0].address == "MOLLY_LOUUNT+50BB@GMAIL.COM"
    seats = _read(shared_data, "gtas-parsers__pnr-messages__pnrSeatFormats.txt").pnrs[0].seats
    assert [seat.number for seat in seats] == ["36K", "74E"]


def test_a_dash_element_separator_and_star_terminator(shared_data: Path) -> None:
    """danglingMetaCharacter.txt (UNA:-.? *) breaks parsers that build regular expressions from separators."""
    pnr = _read(shared_data, "gtas-parsers__pnr-messages__danglingMetaCharacter.txt").pnrs[0]
    assert pnr.record_locator == "BGXFR4" and pnr.travellers[0].documents[0].number == "9173574"
    assert pnr.booking_agency is not None and (pnr.booking_agency.name, pnr.booking_agency.city) == (
        "CARLSON WAGONLIT TVL",
        "SEA",
    )
    assert [seg.designator for seg in pnr.itinerary] == ["VS138", "BA117", "DL441"]


# --- malformed messages: what is read, what is skipped, and why -----------------------------------------------


def test_pnr_bad_format_is_read_up_to_its_junk_tail(shared_data: Path) -> None:
    """pnrBadFormat.txt is pnrMessagePg76.txt with an unterminated UNZ followed by a line of prose. Decision: the
    interchange is complete up to UNZ, so it is read, and the tail is skipped with a warning quoting it."""
    bad = _read(shared_data, "gtas-parsers__pnr-messages__pnrBadFormat.txt")
    good = _read(shared_data, "gtas-parsers__pnr-messages__pnrMessagePg76.txt")
    assert _without_warnings(bad) == _without_warnings(good)
    assert set(bad.warnings) - set(good.warnings) == {
        "segment 28 'UNZ+1+00102181551362': text after the interchange ignored: 'Modify above message to create bad"
        " message.'"
    }


def test_dangling_meta_character_is_a_clean_message(shared_data: Path) -> None:
    """danglingMetaCharacter.txt is well-formed EDIFACT with unusual separators: nothing is skipped."""
    message = _read(shared_data, "gtas-parsers__pnr-messages__danglingMetaCharacter.txt")
    assert all("UNT" in warning or "UNZ reference" in warning for warning in message.warnings)


def test_missing_terminators_are_repaired_when_a_tag_shows_where(shared_data: Path) -> None:
    """Pg75 ends two segments with a typographic apostrophe and runs an ORG into the next TIF: the traveller KIM is
    recovered, with warnings saying so."""
    message = _read(shared_data, "gtas-parsers__pnr-messages__pnrMessagePg75.txt")
    kim = message.pnrs[1].travellers[0]
    assert (kim.surname, kim.given_names, kim.reference) == ("KIM", "KONG CHUN MRS", "3")
    assert message.pnrs[1].booking_agency is not None and message.pnrs[1].booking_agency.agent_id == "HJGS"


def _pnr4(shared_data: Path) -> str:
    return (shared_data / "messages/pnrgov/gtas-loader__pnr-messages__pnr4.txt").read_text()


def test_a_truncated_pnr_message_fails_naming_the_segment(shared_data: Path) -> None:
    text = _pnr4(shared_data)
    cut = text[: text.index("SSR+DOCS") + 20]
    with pytest.raises(ParseError, match=r"segment 17 'SSR\+DOCS:HK::DL:::::': the data ends inside this segment"):
        parse_pnrgov(cut.encode(), "cut.edi")


def test_segments_out_of_place_or_unknown_are_skipped_with_a_warning(shared_data: Path) -> None:
    text = _pnr4(shared_data).replace("RCI+UA:0995F0::270719:1120'", "RCI+UA:0995F0::270719:1120'SSD+12A'ZZZ+1'")
    message = parse_pnrgov(text.encode(), "moved.edi")
    assert "segment 9 'SSD+12A': SSD does not belong here (in the PNR (SRC) or any group around it); ignored" in (
        message.warnings
    )
    assert "segment 10 'ZZZ+1': ZZZ is not a PNRGOV segment; ignored" in message.warnings
    assert message.pnrs[0].seats[0].number == "48E"


def test_extra_elements_are_named_when_ignored(shared_data: Path) -> None:
    text = (
        _pnr4(shared_data).replace("RPI+", "RPI+1+HK+EXTRA+MORE'RPI+", 1).replace("APD+388'", "APD+388'RPI+1+HK+X+Y'")
    )
    message = parse_pnrgov(text.encode(), "extra.edi")
    assert any("RPI has 4 data elements where the guide allows 2; ignored: 'X', 'Y'" in w for w in message.warnings)


def test_a_changes_only_push_marks_cancelled_records(shared_data: Path) -> None:
    text = (
        _pnr4(shared_data)
        .replace("MSG+:22'", "MSG+:141'")
        .replace("ORG+DL:IAD+70379193:LON+++A+GB:GBP+D050517'", "ORG'")
    )
    message = parse_pnrgov(text.encode(), "update.edi")
    assert message.is_changes_only and message.pnrs[0].cancelled and message.pnrs[0].booking_agency is None
    # In a full push an empty ORG means nothing of the kind (bigbigPnr sends one).
    assert not parse_pnrgov(text.replace("MSG+:141'", "MSG+:22'").encode(), "full.edi").pnrs[0].cancelled


def test_two_digit_years_follow_today(shared_data: Path) -> None:
    text = _pnr4(shared_data)
    assert parse_pnrgov(text.encode(), "t").pnrs[0].travellers[0].birth_date == date(1964, 9, 9)
    early = parse_pnrgov(text.encode(), "t", today=date(1964, 1, 1)).pnrs[0].travellers[0].birth_date
    assert early == date(1864, 9, 9)


# --- applying changes ----------------------------------------------------------------------------------------


def _stored(shared_data: Path) -> Pnr:
    return _read(shared_data, "gtas-loader__pnr-messages__2_pnrs_basic.edi").pnrs[0]


def test_a_change_replaces_the_booking_and_keeps_what_was_learnt(shared_data: Path) -> None:
    stored = _stored(shared_data)
    smith = stored.travellers[0]
    new_passport = TravelDocument(type="P", number="999", issuing_country="GBR")
    change = stored.model_copy(
        update={
            "last_modified": datetime(2010, 12, 8, 9, 0),
            "itinerary": stored.itinerary[:1],
            "phones": (Phone(number="07700 900123", kind="mobile"),),
            "travellers": (smith.model_copy(update={"documents": (new_passport,), "birth_date": None}),),
            "history": (),
        }
    )
    merged = apply_pnr_changes(stored, change)
    assert merged.itinerary == stored.itinerary[:1]
    assert len(merged.travellers) == 1
    assert [d.number for d in merged.travellers[0].documents] == ["123456789", "999"]
    assert merged.travellers[0].birth_date == date(1964, 7, 12)
    assert merged.phones == (*stored.phones, Phone(number="07700 900123", kind="mobile"))
    assert merged.history == stored.history and merged.last_modified == datetime(2010, 12, 8, 9, 0)


def test_a_stale_change_does_not_undo_a_newer_record(shared_data: Path) -> None:
    stored = _stored(shared_data)
    stale = stored.model_copy(update={"last_modified": datetime(2010, 1, 1), "itinerary": ()})
    older = stale.model_copy(update={"itinerary": stored.itinerary[1:]})
    merged = apply_pnr_changes(stored, older)
    assert merged.itinerary == stored.itinerary and merged.last_modified == stored.last_modified


def test_a_cancellation_keeps_the_record_but_marks_it(shared_data: Path) -> None:
    stored = _stored(shared_data)
    merged = apply_pnr_changes(stored, Pnr(record_locator="MFN4TI", carrier="DL", cancelled=True))
    assert merged.cancelled and merged.travellers == stored.travellers


def test_changes_apply_to_the_same_record_only(shared_data: Path) -> None:
    with pytest.raises(InvalidInput, match="PNR DL/OTHER1 is not PNR DL/MFN4TI"):
        apply_pnr_changes(_stored(shared_data), Pnr(record_locator="OTHER1", carrier="DL"))


def test_an_unexpected_version_is_kept_and_warned_about(shared_data: Path) -> None:
    text = _pnr4(shared_data).replace("PNRGOV:13:1:IA", "PNRGOV:15:1:IA")
    message = parse_pnrgov(text.encode(), "v15.edi")
    assert message.version == "15.1" and len(message.pnrs) == 1
    assert any("PNRGOV version 15.1 is not one of 10.1 to 13.1" in warning for warning in message.warnings)
