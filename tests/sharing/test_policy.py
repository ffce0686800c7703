"""Disclosure decisions name their clause or say precisely why nothing is disclosed."""

from __future__ import annotations

from datetime import date

import pytest

from perimeter.core.errors import InvalidInput, PermissionDenied
from perimeter.sharing.agreements import Level, Mode
from perimeter.sharing.policy import DisclosureRequest, decide
from perimeter.sharing.redaction import redact
from perimeter.sharing.signing import parse
from tests.federation.conftest import agreement_text

SIGNED = parse(
    agreement_text(
        ["us-cbp", "mx-inm"],
        in_force=date(2026, 1, 1),
        expires=date(2027, 1, 1),
        extra_clauses="""  - id: terrorism-hits
    record_kind: watchlist-entry
    level: hit-no-hit
    categories: [terrorism]
    purposes: [border-screening]
    retention_days: 0
    response_deadline_hours: 48
""",
    )
)
ON = date(2026, 6, 1)


def request(**changes: object) -> DisclosureRequest:
    values: dict[str, object] = {
        "requester": "mx-inm",
        "owner": "us-cbp",
        "record_kind": "document-status",
        "purpose": "border-screening",
        "on": ON,
    }
    values.update(changes)
    return DisclosureRequest(**values)  # type: ignore[arg-type]


def test_full_disclosure_names_the_clause_and_releases_its_fields_only() -> None:
    decision = decide(SIGNED.agreement, request())
    assert decision.allowed and decision.clause == "documents" and decision.level is Level.FULL
    record = {"status": "stolen", "number": "X1", "holder_surname": "DOE", "issuing_country": "USA"}
    assert redact(record, decision) == {"issuing_country": "USA", "number": "X1", "status": "stolen"}
    summary = decide(SIGNED.agreement, request(level=Level.SUMMARY))
    assert redact(record, summary) == {"issuing_country": "USA", "status": "stolen"}


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"purpose": "marketing"}, "purpose 'marketing' is not among the purposes of clause documents"),
        ({"purpose": ""}, "states no purpose"),
        ({"on": date(2027, 2, 1)}, "expired on 2027-01-01"),
        ({"on": date(2025, 2, 1)}, "not in force before 2026-01-01"),
        ({"requester": "ca-cbsa"}, "ca-cbsa is not a party"),
        ({"queries_today": 1000}, "daily query limit of clause documents (1000) is reached"),
        ({"record_kind": "watchlist-entry", "category": "criminal"}, "covers only the categories terrorism"),
        ({"record_kind": "pnr"}, "no clause of agreement us-ca-2026 v1 lets us-cbp disclose pnr"),
        ({"record_kind": "watchlist-entry", "category": "terrorism", "mode": Mode.REPLICATED}, "queries only"),
    ],
)
def test_refusals_say_why(changes: dict[str, object], reason: str) -> None:
    decision = decide(SIGNED.agreement, request(**changes))
    assert not decision.allowed and reason in decision.reason and not decision.fields
    with pytest.raises(PermissionDenied):
        redact({"status": "stolen"}, decision)


def test_hit_no_hit_releases_nothing() -> None:
    decision = decide(SIGNED.agreement, request(record_kind="watchlist-entry", category="terrorism"))
    assert decision.allowed and decision.level is Level.HIT_NO_HIT and decision.clause == "terrorism-hits"
    assert redact({"name": "X", "category": "terrorism"}, decision) == {}


def test_bad_agreements_are_refused_precisely() -> None:
    text = agreement_text(["us-cbp", "mx-inm"]).replace("full: [status, issuing_country", "full: [issuing_country")
    with pytest.raises(InvalidInput, match="full must release every summary field; missing \\['status'\\]"):
        parse(text)
    with pytest.raises(InvalidInput, match="parties"):
        parse(agreement_text(["us-cbp"]))
    with pytest.raises(InvalidInput, match="not valid YAML"):
        parse("agreement: [")
