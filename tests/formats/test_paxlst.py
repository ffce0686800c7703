"""PAXLST: every real message read into a manifest, variants of them, breakages, and the writer's round trip."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pytest

from perimeter.core.errors import InvalidInput, ParseError
from perimeter.formats.edifact import Separators, format_segment, read_interchange
from perimeter.formats.paxlst import parse_paxlst, parse_paxlst_all
from perimeter.formats.paxlst_writer import write_paxlst
from perimeter.records.passenger import Gender, Manifest, TravellerRole


@dataclass(frozen=True)
class Expected:
    flights: list[tuple[str, str, str]]  # designator, departure, arrival
    passengers: int
    crew: int
    document_type: str
    declared: tuple[int | None, int | None]  # CNT+42, CNT+41
    warnings: list[str] = field(default_factory=list)


EXPECTED = {
    "gtas-loader__apis-messages__Test1.txt": Expected(
        [("UA0989", "FRA", "IAD")], 0, 8, "250", (None, 8), ["'CNT+41+8': count written as CNT+41+8"]
    ),
    # The data README says 260 travellers: all passengers (NAD+FL), in part 1 of a multi-part message whose CNT
    # claims 206 crew members.
    "gtas-loader__apis-messages__Test3.txt": Expected(
        [("UA0989", "FRA", "IAD")],
        260,
        0,
        "745",
        (None, 206),
        [
            "segment 3132 'CNT+41:206': CNT+41 declares 206 crew members but the message holds 0 (and 260"
            " passengers); parts of the message are missing",
            "segment 852 'NAD+FL+++Nov\\x87k:Jeffrey:Pat': characters outside the declared character set UNOA",
        ],
    ),
    "gtas-loader__apis-messages__airline2.edi": Expected(
        [("TN506", "BRE", "YEU")],
        10,
        0,
        "745",
        (136, None),
        ["segment 112 'CNT*42:136': CNT+42 declares 136 passengers but the message holds 10; parts of the message"],
    ),
    "gtas-loader__apis-messages__multiple_flight_leg_apis.txt": Expected(
        [("QQ877", "MIA", "IAD"), ("QQ827", "IAD", "JFK"), ("QQ827", "JFK", "CDG")], 2, 0, "745", (2, None)
    ),
    "gtas-parsers__apis-messages__apisMessage.txt": Expected(
        [("AA123", "ATL", "ORD"), ("AA124", "ORD", "JFK")], 2, 0, "745", (2, None)
    ),
}


def _without_warnings(manifest: Manifest) -> dict[str, object]:
    return manifest.model_dump(exclude={"warnings"})


def test_every_real_paxlst_message_reads(paxlst_file: Path) -> None:
    assert paxlst_file.name in EXPECTED, f"a new real message {paxlst_file.name}: say what it holds in EXPECTED"
    expected = EXPECTED[paxlst_file.name]
    manifest = parse_paxlst(paxlst_file.read_bytes(), paxlst_file.name)
    assert [(f.designator, f.departure_airport, f.arrival_airport) for f in manifest.flights] == expected.flights
    assert [f.leg for f in manifest.flights] == list(range(1, len(expected.flights) + 1))
    assert (len(manifest.passengers), len(manifest.crew)) == (expected.passengers, expected.crew)
    assert manifest.document_type == expected.document_type
    assert (manifest.declared_passenger_count, manifest.declared_crew_count) == expected.declared
    for text in expected.warnings:
        assert any(text in warning for warning in manifest.warnings), (text, manifest.warnings)
    for traveller in manifest.travellers:
        assert traveller.surname and traveller.birth_date and traveller.gender
        assert traveller.birth_date < date(2000, 1, 1)


def test_every_real_paxlst_message_round_trips_through_the_writer(paxlst_file: Path) -> None:
    manifest = parse_paxlst(paxlst_file.read_bytes(), paxlst_file.name)
    for options in ({}, {"travellers_per_part": 3}, {"segment_terminator": "~", "line_break": "\r\n"}):
        written = write_paxlst(
            manifest,
            sender=manifest.sender,
            receiver=manifest.receiver,
            reference=manifest.message_reference,
            version="D05B" if manifest.version == "D05B" else "D02B",
            **options,
        )
        again = parse_paxlst(written, "written")
        assert _without_warnings(again) == _without_warnings(manifest), options
        assert not [w for w in again.warnings if "UNT" in w or "multi-part" in w]


def test_a_type_b_envelope_changes_nothing(paxlst_file: Path) -> None:
    data = paxlst_file.read_bytes()
    wrapped = b"\x01QK WASCBXH YYZCBXH\r\n.DCAXYXS 011200\r\n\x02" + data + b"\r\n\x03"
    assert parse_paxlst(wrapped, paxlst_file.name) == parse_paxlst(data, paxlst_file.name)


@pytest.mark.parametrize(
    "separators",
    [Separators(), Separators(":", "(", ".", ")", " ", "-"), Separators("|", "^", ",", "!", "*", "~")],
    ids=["defaults", "UNA:(.) -", "UNA|^,!*~"],
)
def test_other_separators_give_the_same_manifest(paxlst_file: Path, separators: Separators) -> None:
    original = read_interchange(paxlst_file.read_bytes(), paxlst_file.name)
    segments = [format_segment(s.tag, [list(e) for e in s.elements], separators) for s in original.segments]
    una = "" if separators == Separators() else separators.una
    variant = (una + "\n".join(segments)).encode("utf-8")
    assert _without_warnings(parse_paxlst(variant, "variant")) == _without_warnings(
        parse_paxlst(paxlst_file.read_bytes(), paxlst_file.name)
    )


# --- particular files ------------------------------------------------------------------------------------------


def _real(shared_data: Path, name: str) -> Manifest:
    path = shared_data / "messages" / "paxlst" / name
    return parse_paxlst(path.read_bytes(), name)


def test_the_260_traveller_manifest(shared_data: Path) -> None:
    manifest = _real(shared_data, "gtas-loader__apis-messages__Test3.txt")
    assert len(manifest.travellers) == 260
    assert manifest.message_reference == "ABC01"  # the common access reference of its parts
    first = manifest.travellers[0]
    assert (first.surname, first.given_names, first.birth_date) == ("Kuchel", "Rachel Pat", date(1977, 10, 19))
    assert (first.gender, first.nationality, first.residence_country) == (Gender.FEMALE, "USA", "USA")
    assert (first.embarkation_airport, first.debarkation_airport, first.clearance_airport) == ("FRA", "IAD", "IAD")
    assert first.birth_place == "Hartford USA"
    assert first.documents[0].model_dump() == {
        "type": "P",
        "number": "12345678",
        "issuing_country": "USA",
        "expires_on": date(2019, 12, 18),
        "issued_on": None,
        "issue_place": None,
    }
    assert manifest.flights[0].scheduled_departure == datetime(2017, 1, 27, 17, 25)
    assert manifest.flights[0].scheduled_arrival == datetime(2017, 1, 28, 7, 10)
    assert manifest.reporting_party is not None and manifest.reporting_party.telephone == "404 773 2971"
    assert "Nov\x87k" in {traveller.surname for traveller in manifest.travellers}


def test_a_crew_list(shared_data: Path) -> None:
    manifest = _real(shared_data, "gtas-loader__apis-messages__Test1.txt")
    assert manifest.is_crew_list and all(t.role is TravellerRole.CREW for t in manifest.travellers)
    # Expiry '610218' is put in the century nearest the message (2014): 2061, not 1961.
    assert manifest.travellers[0].documents[0].expires_on == date(2061, 2, 18)


def test_a_multi_leg_itinerary(shared_data: Path) -> None:
    manifest = _real(shared_data, "gtas-loader__apis-messages__multiple_flight_leg_apis.txt")
    assert [flight.border_crossing for flight in manifest.flights] == [False, False, True]
    assert manifest.flights[2].scheduled_arrival == datetime(2008, 8, 11, 6, 30)
    assert [ref.model_dump() for ref in manifest.references] == [
        {"qualifier": "TN", "value": "BART34567890", "revision": "1"}
    ]
    barrett = manifest.travellers[0]
    assert (barrett.booking_reference, barrett.embarkation_airport, barrett.debarkation_airport) == (
        "GJIO3RT",
        "MIA",
        "CDG",
    )


def test_travellers_without_documents(shared_data: Path) -> None:
    manifest = _real(shared_data, "gtas-parsers__apis-messages__apisMessage.txt")
    michael = manifest.travellers[0]
    assert michael.documents == () and michael.nationality is None
    assert [ref.qualifier for ref in michael.references] == ["AVF", "ABO", "AEA", "CR"]


# --- built messages --------------------------------------------------------------------------------------------


def _message(*body: str, prepared: str = "140601:1200") -> bytes:
    segments = ["BGM+745", "TDT+20+XX100+++XX", "LOC+125+AAA", "DTM+189:1406021000:201", "LOC+87+BBB", *body]
    text = f"UNB+UNOA:4+SENDER+RECEIVER+{prepared}+R1'UNH+M1+PAXLST:D:05B:UN:IATA'"
    text += "".join(segment + "'" for segment in segments)
    text += f"UNT+{len(segments) + 2}+M1'UNZ+1+R1'"
    return text.encode()


TRAVELLER = ["NAD+FL+++DOE:JANE", "ATT+2++F", "DTM+329:150101", "NAT+2+CAN", "DOC+P:110:111+AB123", "DTM+36:300101"]


def test_two_digit_birth_years_are_never_in_the_future() -> None:
    data = _message(*TRAVELLER, "CNT+42:1")
    assert parse_paxlst(data, "t").travellers[0].birth_date == date(1915, 1, 1)  # message prepared 2014
    assert parse_paxlst(data, "t", today=date(2016, 1, 1)).travellers[0].birth_date == date(2015, 1, 1)
    assert parse_paxlst(data, "t", today=date(2015, 1, 1)).travellers[0].birth_date == date(2015, 1, 1)
    assert parse_paxlst(data, "t", today=date(2014, 12, 31)).travellers[0].birth_date == date(1915, 1, 1)
    # Other dates go to the nearest century: expiry '300101' is 2030.
    assert parse_paxlst(data, "t").travellers[0].documents[0].expires_on == date(2030, 1, 1)


def test_a_four_digit_year_needs_no_inference_and_a_bad_date_is_left_empty() -> None:
    body = [*TRAVELLER[:2], "DTM+329:19730229:102", *TRAVELLER[3:], "CNT+42:1"]
    manifest = parse_paxlst(_message(*body), "t")
    assert manifest.travellers[0].birth_date is None
    assert "segment 10 'DTM+329:19730229:102': birth date: '19730229' is not a calendar date; left empty" in (
        manifest.warnings
    )
    body = [*TRAVELLER[:2], "DTM+329:19730228:102", *TRAVELLER[3:], "CNT+42:1"]
    assert parse_paxlst(_message(*body), "t").travellers[0].birth_date == date(1973, 2, 28)


def test_counts_that_disagree_are_a_warning_giving_both_numbers() -> None:
    manifest = parse_paxlst(_message(*TRAVELLER, *TRAVELLER, "CNT+42:3"), "t")
    assert len(manifest.travellers) == 2 and manifest.declared_passenger_count == 3
    assert manifest.warnings == ("segment 20 'CNT+42:3': CNT+42 declares 3 passengers but the message holds 2",)


def test_an_unknown_country_is_a_warning_not_a_failure() -> None:
    body = [*TRAVELLER[:3], "NAT+2+XYZ", *TRAVELLER[4:], "LOC+91+GBR", "CNT+42:1"]
    manifest = parse_paxlst(_message(*body), "t")
    assert manifest.travellers[0].nationality is None
    assert manifest.travellers[0].documents[0].issuing_country == "GBR"
    assert manifest.warnings == ("segment 11 'NAT+2+XYZ': nationality 'XYZ' is not a known country code; left empty",)


def test_segments_that_cannot_be_attributed_break_the_message() -> None:
    cases = {
        ("NAT+2+CAN", *TRAVELLER): "segment 8 'NAT+2+CAN': NAT describes a traveller, but no traveller",
        (*TRAVELLER, "TDT+20+XX200"): "segment 14 'TDT+20+XX200': TDT (flight details) after the first traveller",
        ("NAD+FL+++DOE", "DTM+36:300101"): "segment 9 'DTM+36:300101': DTM+36 (expiry date) belongs to a travel",
        ("NAD+MS+++DESK", *TRAVELLER): "segment 8 'NAD+MS+++DESK': NAD+MS (reporting party) must come before",
        ("BGM+745",): "segment 8 'BGM+745': BGM must come once, first in the message",
    }
    for body, expected in cases.items():
        with pytest.raises(ParseError) as caught:
            parse_paxlst(_message(*body), "broken.edi")
        assert expected in str(caught.value), str(caught.value)


def test_an_unknown_segment_is_skipped_with_a_warning() -> None:
    manifest = parse_paxlst(_message(*TRAVELLER, "XYZ+1+2", "CNT+42:1"), "t")
    assert len(manifest.travellers) == 1
    assert manifest.warnings == ("segment 14 'XYZ+1+2': XYZ is not a PAXLST segment; ignored",)


def test_a_truncated_message_fails_naming_where() -> None:
    data = _message(*TRAVELLER, "CNT+42:1")
    cut = data[: data.index(b"DTM+329:15") + len(b"DTM+329:15")]
    with pytest.raises(ParseError, match=r"segment 10 'DTM\+329:15': the data ends inside this segment"):
        parse_paxlst(cut, "cut.edi")


def test_in_transit_travellers_and_addresses() -> None:
    body = ["NAD+DDT+++ROE:RICHARD:MILES+1 HIGH STREET+OTTAWA+ON+K1A0B1+CAN", "NAD+DDU+++POE:ANN", "CNT+42:1"]
    manifest = parse_paxlst(_message(*body), "t")
    transit, crew = manifest.travellers
    assert (transit.role, transit.in_transit, transit.given_names) == (TravellerRole.PASSENGER, True, "RICHARD MILES")
    assert transit.address is not None and transit.address.model_dump() == {
        "kind": None,
        "street": "1 HIGH STREET",
        "city": "OTTAWA",
        "region": "ON",
        "postal_code": "K1A0B1",
        "country": "CAN",
        "text": None,
    }
    assert (crew.role, crew.in_transit) == (TravellerRole.CREW, True)
    assert "the message is a passenger list (BGM+745) but 1 are crew members" in manifest.warnings[0]
    written = write_paxlst(manifest, sender="SENDER", receiver="RECEIVER", reference="M1", version="D05B")
    assert _without_warnings(parse_paxlst(written, "w")) == _without_warnings(manifest)


def test_parts_that_only_continue_the_traveller_list_are_read_on() -> None:
    """Some senders repeat the header in every part; others send it once and continue with travellers."""
    head = "UNB+UNOA:4+S+R+140601:1200+R1'"
    first = ["BGM+745", "TDT+20+XX100+++XX", "LOC+125+AAA", "LOC+87+BBB", *TRAVELLER]
    second = [*TRAVELLER, "CNT+42:2"]
    text = head
    for number, (body, status) in enumerate(((first, "01:C"), (second, "02:F")), start=1):
        text += f"UNH+P{number}+PAXLST:D:05B:UN:IATA+CAR9+{status}'" + "".join(s + "'" for s in body)
        text += f"UNT+{len(body) + 2}+P{number}'"
    manifest = parse_paxlst((text + "UNZ+2+R1'").encode(), "parts")
    assert manifest.message_reference == "CAR9" and len(manifest.travellers) == 2 and not manifest.warnings


def test_more_than_one_message_needs_parse_paxlst_all() -> None:
    one = _message(*TRAVELLER, "CNT+42:1").decode()
    message = one[one.index("UNH") : one.index("UNZ")]
    text = one[: one.index("UNH")] + message + message.replace("M1", "M2") + "UNZ+2+R1'"
    with pytest.raises(ParseError, match="the interchange holds 2 PAXLST messages \\('M1', 'M2'\\); expected one"):
        parse_paxlst(text.encode(), "two.edi")
    assert [m.message_reference for m in parse_paxlst_all(text.encode(), "two.edi")] == ["M1", "M2"]
    with pytest.raises(ParseError, match="holds no PAXLST message \\(message types: PNRGOV\\)"):
        parse_paxlst(text.replace("PAXLST:D:05B:UN:IATA", "PNRGOV:13:1:IA").encode(), "pnr.edi")


def test_the_writer_needs_a_date_and_writes_utf8_when_it_must() -> None:
    manifest = parse_paxlst(_message(*TRAVELLER, "CNT+42:1"), "t")
    with pytest.raises(InvalidInput, match="no preparation date"):
        write_paxlst(
            manifest.model_copy(update={"prepared_at": None}), sender="S", receiver="R", reference="1", version="D05B"
        )
    renamed = manifest.model_copy(
        update={"travellers": (manifest.travellers[0].model_copy(update={"surname": "DOÑA"}),)}
    )
    written = write_paxlst(renamed, sender="S", receiver="R", reference="M1", version="D05B")
    assert b"UNB+UNOY:4+" in written and "DOÑA".encode() in written
    assert parse_paxlst(written, "w").travellers[0].surname == "DOÑA"


def test_another_directory_is_read_as_d05b_and_said_so() -> None:
    data = _message(*TRAVELLER, "CNT+42:1").replace(b"PAXLST:D:05B", b"PAXLST:D:12B")
    manifest = parse_paxlst(data, "d12b.edi")
    assert manifest.version == "D12B" and len(manifest.travellers) == 1
    assert manifest.warnings == (
        "segment 2 'UNH+M1+PAXLST:D:12B:UN:IATA': PAXLST version D12B is neither D02B nor D05B; read as D05B",
    )
