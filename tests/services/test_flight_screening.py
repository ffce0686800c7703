"""Screening whole flights against the real UN list, the document registry and targeting rules."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from perimeter.core.access import Actor, Role
from perimeter.formats.paxlst import parse_paxlst
from perimeter.services import (
    document_registry,
    manifest_export,
    passenger_intake,
    passenger_records,
    screening_decisions,
    targeting_rules,
)
from perimeter.services.flight_screening import screen_manifest
from perimeter.services.node import Node
from perimeter.store import audit_log
from perimeter.store.tables.passengers import rule_hits
from tests.conftest import NodeFactory
from tests.services.passenger_helpers import LEG, load_un, passenger, paxlst

ANALYST = Actor.user("ana", Role.ANALYST)
TEST3 = "messages/paxlst/gtas-loader__apis-messages__Test3.txt"


@pytest.fixture
def screened_node(make_node: NodeFactory, shared_data: Path) -> Node:
    """A node with the UN list, keeping the 2017 test flights unmasked (masking is tested on its own)."""
    node = make_node(pnr_mask_after_days=36500, pnr_delete_after_days=36600)
    load_un(node, shared_data)
    return node


def test_each_traveller_gets_a_disposition_with_its_reasons(screened_node: Node) -> None:
    node = screened_node
    document_registry.add(
        node,
        Actor.system(),
        {
            "issuing_country": "USA",
            "document_type": "P",
            "number": "555000111",
            "status": "stolen",
            "reported_on": "2016-05-01",
        },
    )
    targeting_rules.add(
        node, ANALYST, "young-iad", "Under 25 to Dulles", 'traveller.age < 25 && "IAD" in itinerary.airports'
    )
    targeting_rules.activate(node, ANALYST, "young-iad")
    travellers = [
        passenger("BADEGE", "ERIC", date(1971, 3, 3), "COD", ("COD", "OB1234567")),  # UN CDi.001, born 1971
        passenger("SMITH", "JOHN", date(1980, 1, 2), "USA", ("USA", "555000111")),  # a stolen passport
        passenger("NGUYEN", "LINH", date(2000, 6, 1), "VNM", ("VNM", "C1234567")),  # 16 years old: the rule
        passenger("KUCHEL", "RACHEL", date(1977, 10, 19), "USA", ("USA", "12345678")),  # nothing
    ]
    receipt = passenger_intake.receive(node, ANALYST, paxlst(travellers), "flight.edi")
    assert receipt.assessment is not None and receipt.assessment.watchlists_screened
    summary = passenger_intake.receipt_summary(receipt)
    by_name = {row["surname"]: row for row in summary["travellers"]}
    badege = by_name["BADEGE"]
    assert badege["disposition"] == "refer" and badege["hits"][0]["record_id"] == "un:CDi.001"
    assert "un entry un:CDi.001 (ERIC BADEGE) scores" in badege["reason"] and badege["hits"][0]["explanation"]
    assert by_name["SMITH"]["disposition"] == "refer"
    assert by_name["SMITH"]["documents"] == [
        {"issuing_country": "USA", "number": "555000111", "status": "stolen", "owner_node": "us-cbp"}
    ]
    nguyen = by_name["NGUYEN"]
    assert nguyen["disposition"] == "review" and nguyen["reason"] == "rule young-iad v1 (Under 25 to Dulles) fired"
    assert nguyen["rule_matches"] == [
        {
            "rule_id": "young-iad",
            "version": 1,
            "name": "Under 25 to Dulles",
            "action": "review",
            "fields": {"traveller.age": 16, "itinerary.airports": ["FRA", "IAD"]},
        }
    ]
    assert by_name["KUCHEL"]["disposition"] == "no-action" and by_name["KUCHEL"]["hits"] == []
    assert summary["dispositions"] == {"no-action": 1, "review": 1, "refer": 2}
    # stored: the flight's page lists its travellers with their dispositions; the rule hit names rule and fields
    assert receipt.manifest_id is not None
    stored = passenger_records.get_manifest(node, ANALYST, receipt.manifest_id, disposition="refer")
    assert [t["surname"] for t in stored["travellers"]] == ["BADEGE", "SMITH"]
    assert stored["refer"] == 2 and stored["review"] == 1
    with node.db.read() as connection:
        hits = connection.execute(select(rule_hits)).all()
        entry = [e for e in audit_log.entries(connection) if e.action == "manifest.receive"][-1]
    assert [(h.rule_id, h.rule_version, h.fields["traveller.age"]) for h in hits] == [("young-iad", 1, 16)]
    assert entry.details["refer"] == 2 and "BADEGE" not in repr(entry.details)


def test_a_hit_an_analyst_marked_a_false_match_does_not_alert_again(screened_node: Node) -> None:
    traveller = passenger("BADEGE", "ERIC", date(1971, 3, 3), "COD")
    first = passenger_intake.receive(screened_node, ANALYST, paxlst([traveller], "REF1"), "first.edi")
    assert first.assessment is not None
    assessment = first.assessment.assessments[0]
    assert assessment.disposition.value == "refer" and assessment.fingerprint
    screening_decisions.mark_false_match(
        screened_node, ANALYST, assessment.fingerprint, "us-cbp", "un:CDi.001", "a namesake: born in Kinshasa"
    )
    second = passenger_intake.receive(
        screened_node, ANALYST, paxlst([traveller, passenger("DOE", "JANE")], "REF2"), "second.edi"
    )
    assert second.assessment is not None
    again = second.assessment.assessments[0]
    assert again.disposition.value == "no-action" and again.hits and not again.hits[0].alerts


def test_the_260_traveller_manifest_is_screened_whole(screened_node: Node, shared_data: Path) -> None:
    # Its speed (under 1 s end to end) is measured by bench/manifest_screening.py, not timed here.
    receipt = passenger_intake.receive(screened_node, ANALYST, (shared_data / TEST3).read_bytes(), "Test3.txt")
    assert receipt.assessment is not None and len(receipt.assessment.assessments) == 260


def test_screening_without_storing_is_audited(screened_node: Node, shared_data: Path) -> None:
    manifest = parse_paxlst((shared_data / TEST3).read_bytes(), "Test3.txt")
    result = screen_manifest(screened_node, Actor.user("olga", Role.OFFICER), manifest)
    assert sum(result.counts().values()) == 260
    with screened_node.db.read() as connection:
        entry = [e for e in audit_log.entries(connection)][-1]
    assert entry.action == "manifest.screen" and entry.target == "UA0989" and entry.details["travellers"] == 260
    assert passenger_records.list_manifests(screened_node, ANALYST) == []


def test_a_manifest_traveller_is_screened_with_the_booking_they_came_on(screened_node: Node, shared_data: Path) -> None:
    pnr = shared_data / "messages/pnrgov/gtas-loader__pnr-messages__2_pnrs_basic.edi"  # DL324 LHR-JFK, MFN4TI
    passenger_intake.receive(screened_node, ANALYST, pnr.read_bytes(), pnr.name)
    targeting_rules.add(
        screened_node,
        ANALYST,
        "agency-card",
        "Agency 52519950, card",
        'pnr.present && pnr.agency.iata_number == "52519950" && "VI" in pnr.card_types && "YVR" in itinerary.airports',
        "refer",
    )
    targeting_rules.activate(screened_node, ANALYST, "agency-card")
    leg = LEG.model_copy(
        update={"carrier": "DL", "flight_number": "324", "departure_airport": "LHR", "arrival_airport": "JFK"}
    )
    leg = leg.model_copy(update={"scheduled_departure": datetime(2010, 12, 12, 9, 15)})
    travellers = [
        passenger("SMITHJR", "JOHN", date(1964, 7, 12), "GBR", ("GBR", "123456789"), booking="MFN4TI"),
        passenger("OTHER", "ONE", date(1964, 7, 12), "GBR", booking="ZZZZZZ"),
    ]
    receipt = passenger_intake.receive(screened_node, ANALYST, paxlst(travellers, leg=leg), "dl324.edi")
    assert receipt.assessment is not None
    smith, other = receipt.assessment.assessments
    assert smith.disposition.value == "refer" and other.disposition.value == "no-action"
    assert smith.rule_matches[0].fields == {
        "pnr.present": True,
        "pnr.agency.iata_number": "52519950",
        "pnr.card_types": ["VI"],
        "itinerary.airports": ["LHR", "JFK", "YVR"],
    }
    assert receipt.assessment.pnr_ids[0] is not None and receipt.assessment.pnr_ids[1] is None


def test_a_stored_manifest_is_exported_as_paxlst_that_reads_back(screened_node: Node, shared_data: Path) -> None:
    data = (shared_data / TEST3).read_bytes()
    receipt = passenger_intake.receive(screened_node, ANALYST, data, "Test3.txt")
    assert receipt.manifest_id is not None
    exported = manifest_export.export_paxlst(screened_node, ANALYST, receipt.manifest_id, "CBSA")
    again = parse_paxlst(exported, "exported")
    original = parse_paxlst(data, "Test3.txt")
    assert again.travellers == original.travellers and again.flights == original.flights
    assert (again.sender, again.receiver) == ("us-cbp", "CBSA")
    with screened_node.db.read() as connection:
        entry = list(audit_log.entries(connection))[-1]
    assert entry.action == "manifest.export" and entry.details["travellers"] == 260
