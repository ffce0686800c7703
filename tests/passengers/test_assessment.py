"""The disposition policy, data-quality findings and masking: pure functions, table-driven."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from perimeter.passengers.assessment import (
    Disposition,
    DispositionPolicy,
    DocumentFinding,
    RuleMatch,
    WatchlistHit,
    decide,
)
from perimeter.passengers.masking import MASK, mask_pnr, mask_traveller
from perimeter.passengers.quality import assess
from perimeter.records.passenger import TravelDocument, Traveller, TravellerRole
from perimeter.settings import Settings

POLICY = DispositionPolicy(review_score=0.8, refer_score=0.95)


def _hit(score: float, alerts: bool = True) -> WatchlistHit:
    return WatchlistHit("un:X", "un", "us-cbp", "sanctions", "ERIC BADEGE", score, ("name",), None, alerts)


STOLEN = DocumentFinding("USA", "123", "stolen", "us-state")
REVIEW_RULE = RuleMatch("late-cash", 2, "Late cash", "review", {"pnr.paid_cash": True})
REFER_RULE = RuleMatch("route", 1, "Route", "refer", {"itinerary.airports": ["X"]})


@pytest.mark.parametrize(
    ("hits", "documents", "rules", "disposition", "reason"),
    [
        ([], [], [], Disposition.NO_ACTION, "no watch-list hit"),
        ([_hit(0.85)], [], [], Disposition.REVIEW, "un entry un:X (ERIC BADEGE) scores 0.85"),
        ([_hit(0.97)], [], [], Disposition.REFER, "scores 0.97"),
        ([_hit(0.99, alerts=False)], [], [], Disposition.NO_ACTION, "no watch-list hit"),
        ([_hit(0.5)], [], [], Disposition.NO_ACTION, "no watch-list hit"),
        ([], [STOLEN], [], Disposition.REFER, "document USA 123 is reported stolen"),
        ([], [], [REVIEW_RULE], Disposition.REVIEW, "rule late-cash v2 (Late cash) fired"),
        ([], [], [REFER_RULE, REVIEW_RULE], Disposition.REFER, "rule route v1 (Route) fired; rule late-cash v2"),
    ],
)
def test_disposition_policy(
    hits: list[WatchlistHit],
    documents: list[DocumentFinding],
    rules: list[RuleMatch],
    disposition: Disposition,
    reason: str,
) -> None:
    found, why = decide(POLICY, hits, documents, rules)
    assert found is disposition and reason in why


def test_the_policy_comes_from_settings() -> None:
    policy = DispositionPolicy.from_settings(Settings(alert_threshold=0.7, disposition_refer_score=0.9))
    assert policy == DispositionPolicy(0.7, 0.9)
    assert decide(policy, [_hit(0.92)], [], [])[0] is Disposition.REFER


def test_quality_findings() -> None:
    complete = Traveller(
        role=TravellerRole.PASSENGER,
        surname="A",
        birth_date=date(1980, 1, 1),
        nationality="USA",
        documents=(TravelDocument(type="P", number="1"),),
    )
    bare = Traveller(role=TravellerRole.CREW, surname="B")
    received = datetime(2026, 3, 10, 17, 0, tzinfo=UTC)
    found = assess([complete, bare], datetime(2026, 3, 10, 17, 25), received, 60, (1, 2), ["w"])
    assert found.minutes_before_departure == 25 and found.late
    assert found.incomplete_travellers == 1 and found.count_mismatch
    assert found.findings == (
        "received 25 minutes before departure (less than 60)",
        "1 traveller(s) without document",
        "1 traveller(s) without birth date",
        "1 traveller(s) without nationality",
        "declares 2 crew(s), holds 1",
        "1 warning(s) reading the message",
    )
    on_time = assess([complete], datetime(2026, 3, 10, 20, 0), received, 60, (1, None))
    assert not on_time.late and not on_time.count_mismatch and on_time.findings == ()


def test_masking_hides_people_but_keeps_the_journey() -> None:
    pnr = {
        "record_locator": "ABC123",
        "travellers": [
            {
                "surname": "SMITH",
                "given_names": "JOHN",
                "birth_date": "1964-07-12",
                "documents": [{"type": "P", "number": "123456789", "issuing_country": "GBR"}],
                "frequent_flyer": [{"carrier": "DL", "number": "1234567890"}],
                "addresses": [],
            }
        ],
        "phones": [{"number": "0044"}],
        "emails": [{"address": "a@b.c"}],
        "payments": [{"type": "CC", "card_number": "XXXX1186", "holder_name": "TIM SIMS"}],
        "remarks": [{"kind": "28", "text": "VIP"}],
        "itinerary": [{"departure_airport": "LHR", "arrival_airport": "JFK"}],
        "history": [{"action": "A", "details": ["TVL+..."]}],
    }
    masked = mask_pnr(pnr)
    text = repr(masked)
    for secret in ("SMITH", "JOHN", "1964", "123456789", "1234567890", "0044", "a@b.c", "1186", "TIM", "VIP", "TVL"):
        assert secret not in text, secret
    assert (
        masked["itinerary"] == pnr["itinerary"] and masked["travellers"][0]["documents"][0]["issuing_country"] == "GBR"
    )
    assert pnr["travellers"][0]["surname"] == "SMITH"  # the stored record is untouched
    traveller = mask_traveller(
        {"surname": "A", "given_names": None, "nationality": "USA", "documents": [], "references": []}
    )
    assert traveller["surname"] == MASK and traveller["given_names"] is None and traveller["nationality"] == "USA"
