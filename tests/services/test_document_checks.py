"""The document check: found by its number key, reported with status, owner and date, audited, and fast."""

import pytest

from perimeter.core.access import Actor, Role
from perimeter.core.errors import InvalidInput, UnknownCountry
from perimeter.services import document_checks, document_registry
from perimeter.services.node import Node
from perimeter.store import audit_log


@pytest.fixture
def registry(uto_node: Node, admin: Actor) -> Node:
    document_registry.add(
        uto_node,
        admin,
        {
            "issuing_country": "UTO",
            "document_type": "P",
            "number": "L898902C3",
            "status": "stolen",
            "reported_on": "2024-05-01",
            "reporting_authority": "Utopia Police",
        },
    )
    return uto_node


@pytest.mark.parametrize("typed", ["L898902C3", "L8989O2C3", "l898 902 c3", "L898-902-C3", "  L898902C3<<"])
def test_a_misread_or_mistyped_number_still_finds_its_record(registry: Node, admin: Actor, typed: str) -> None:
    result = document_checks.check(registry, admin, "uto", typed)
    assert result.found and result.status == "stolen"
    summary = result.summary()
    assert summary["number"] == typed and summary["number_key"] == "L898902C3"
    record = summary["records"][0]  # type: ignore[index]
    assert record["owner_node"] == "uto-pass" and record["reported_on"] == "2024-05-01"
    assert record["reporting_authority"] == "Utopia Police"


def test_an_unreported_document_is_not_found(registry: Node, admin: Actor) -> None:
    result = document_checks.check(registry, admin, "UTO", "L898902C4")
    assert not result.found and result.status is None and result.records == []
    assert not document_checks.check(registry, admin, "CAN", "L898902C3").found


def test_the_type_narrows_the_check(registry: Node, admin: Actor) -> None:
    assert document_checks.check(registry, admin, "UTO", "L898902C3", "P").found
    assert document_checks.check(registry, admin, "UTO", "L898902C3", "passport").found
    assert not document_checks.check(registry, admin, "UTO", "L898902C3", "V").found


def test_every_check_is_audited_with_what_was_asked_and_found(registry: Node) -> None:
    officer = Actor.user("olga", Role.OFFICER)
    document_checks.check(registry, officer, "UTO", "L8989O2C3")
    document_checks.check(registry, officer, "UTO", "NAUGHT1")
    with registry.db.read() as connection:
        events = [e for e in audit_log.entries(connection) if e.action == "document.check"]
    assert [(e.actor, e.target, e.details["found"], e.details["statuses"]) for e in events] == [
        ("user:olga", "UTO/L898902C3", True, ["stolen"]),
        ("user:olga", "UTO/NAUGHT1", False, []),
    ]


def test_the_answer_says_how_long_the_node_took(registry: Node, admin: Actor) -> None:
    result = document_checks.check(registry, admin, "UTO", "L898902C3")
    assert 0 < result.lookup_ms < 1000 and 0 < result.audit_ms < 1000


def test_a_bad_query_is_refused(registry: Node, admin: Actor) -> None:
    with pytest.raises(UnknownCountry, match="issuing country 'ZZZ'"):
        document_checks.check(registry, admin, "ZZZ", "L898902C3")
    with pytest.raises(InvalidInput, match="a document number is needed"):
        document_checks.check(registry, admin, "UTO", "  ")
