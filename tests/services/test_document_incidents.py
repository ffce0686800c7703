"""Document-fraud incidents: recording them, their effect on the document's status, and the trend figures."""

from datetime import date
from typing import Any

import pytest

from perimeter.core.access import Actor, Role
from perimeter.core.errors import InvalidInput, PermissionDenied
from perimeter.services import document_checks, document_incidents, document_registry
from perimeter.services.node import Node
from perimeter.store import audit_log, changes

OFFICER = Actor.user("olga", Role.OFFICER)


def incident(
    kind: str = "counterfeit", country: str = "UTO", number: str = "L898902C3", **extra: Any
) -> dict[str, Any]:
    return {
        "kind": kind,
        "observed": "Intaglio printing absent on the data page; microtext blurred under magnification.",
        "indicators": ["security-feature-missing", "printing-defect"],
        "location": "USBLA",
        "occurred_at": "2026-03-14T16:20:00Z",
        "document": {"issuing_country": country, "document_type": "P", "number": number},
        "traveller_nationality": "UTO",
        "outcome": "refused-entry",
        **extra,
    }


def test_an_incident_is_recorded_with_what_was_seen(uto_node: Node) -> None:
    recorded = document_incidents.record_incident(uto_node, OFFICER, incident())
    saved = recorded.incident
    assert saved.incident_id.startswith("inc-") and saved.owner_node == "uto-pass" and saved.officer == "olga"
    assert saved.indicators == ("security-feature-missing", "printing-defect") and recorded.status_change is None
    listed = document_incidents.incidents(uto_node, OFFICER, date(2026, 3, 1), date(2026, 3, 31))
    assert [item.incident_id for item in listed] == [saved.incident_id]
    assert listed[0].document.record_id == "UTO/passport/L898902C3"
    assert document_checks.check(uto_node, OFFICER, "UTO", "L898902C3").incidents == 1


def test_a_counterfeit_invalidates_the_number_when_the_officer_asks(uto_node: Node) -> None:
    recorded = document_incidents.record_incident(uto_node, OFFICER, incident(), apply_status="invalidated")
    assert recorded.status_change == "add" and recorded.incident.status_applied == "invalidated"
    record = document_checks.check(uto_node, OFFICER, "UTO", "L898902C3").records[0]
    assert record.status == "invalidated" and record.reported_on == date(2026, 3, 14)
    assert record.remarks is not None and recorded.incident.incident_id in record.remarks
    with uto_node.db.read() as connection:
        kinds = [(c.kind, c.op) for c in changes.since(connection, "document-status", 0)]
        kinds += [(c.kind, c.op) for c in changes.since(connection, "document-incident", 0)]
        events = [e for e in audit_log.entries(connection) if e.action.startswith("document.incident")]
    assert kinds == [("document-status", "add"), ("document-incident", "add")]
    assert [(e.action, e.details["status_applied"], e.details["registry"]) for e in events] == [
        ("document.incident.add", "invalidated", "add")
    ]


def test_an_incident_amends_an_existing_record(uto_node: Node, admin: Actor) -> None:
    document_registry.add(
        uto_node,
        admin,
        {
            "issuing_country": "UTO",
            "document_type": "P",
            "number": "L898902C3",
            "status": "lost",
            "reported_on": "2025-01-01",
            "remarks": "lost abroad",
        },
    )
    recorded = document_incidents.record_incident(uto_node, OFFICER, incident("impostor"), apply_status="stolen")
    assert recorded.status_change == "change"
    record = document_checks.check(uto_node, OFFICER, "UTO", "L898902C3").records[0]
    assert record.status == "stolen" and record.reported_on == date(2025, 1, 1)
    assert record.remarks is not None and record.remarks.startswith("lost abroad; impostor incident")


def test_the_kind_decides_which_status_an_incident_may_give(uto_node: Node) -> None:
    with pytest.raises(InvalidInput, match="a counterfeit incident may make the document invalidated, not revoked"):
        document_incidents.record_incident(uto_node, OFFICER, incident(), apply_status="revoked")
    with pytest.raises(InvalidInput, match="fraudulently-obtained incident may make the document revoked, not"):
        document_incidents.record_incident(
            uto_node, OFFICER, incident("fraudulently-obtained"), apply_status="invalidated"
        )


def test_only_the_issuing_authority_revokes(uto_node: Node) -> None:
    with pytest.raises(PermissionDenied, match="documents:write"):
        document_incidents.record_incident(uto_node, OFFICER, incident("fraudulently-obtained"), apply_status="revoked")
    manager = Actor.user("lena", Role.LIST_MANAGER)
    with pytest.raises(PermissionDenied, match="incidents:write"):
        document_incidents.record_incident(uto_node, manager, incident("fraudulently-obtained"))
    admin = Actor.user("root", Role.ADMIN)
    recorded = document_incidents.record_incident(
        uto_node, admin, incident("fraudulently-obtained"), apply_status="revoked"
    )
    assert document_checks.check(uto_node, admin, "UTO", "L898902C3").status == "revoked"
    assert recorded.status_change == "add"


def test_a_foreign_documents_status_is_its_issuers_to_set(uto_node: Node) -> None:
    with pytest.raises(PermissionDenied, match="only the issuing country's node may set the status of a MEX document"):
        document_incidents.record_incident(uto_node, OFFICER, incident(country="MEX"), apply_status="invalidated")
    recorded = document_incidents.record_incident(uto_node, OFFICER, incident(country="MEX"))
    assert recorded.incident.document.issuing_country == "MEX"
    assert not document_checks.check(uto_node, OFFICER, "MEX", "L898902C3").found


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": "lookalike"}, "kind: Input should be 'impostor', 'counterfeit'"),
        ({"indicators": ["smells-odd"]}, "indicators.0: Input should be"),
        ({"occurred_at": "2026-03-14T16:20:00"}, "occurred_at: Input should have timezone info"),
        ({"document": {"issuing_country": "ZZZ", "number": "A1"}}, "document.issuing_country: issuing country 'ZZZ'"),
        ({"incident_id": "mine"}, "incident_id is set by the node"),
        ({"observed": ""}, "observed: String should have at least 1 character"),
    ],
)
def test_a_bad_incident_is_refused_with_the_field(uto_node: Node, change: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidInput, match=message.replace("(", r"\(")):
        document_incidents.record_incident(uto_node, OFFICER, {**incident(), **change})


def test_trend_figures_by_kind_country_and_month(uto_node: Node) -> None:
    when = ["2026-01-05T10:00:00Z", "2026-01-31T22:30:00-05:00", "2026-02-11T08:00:00Z", "2026-04-01T00:00:00Z"]
    kinds = ["counterfeit", "impostor", "counterfeit", "forged-page"]
    countries = ["UTO", "MEX", "CAN", "UTO"]
    for at, kind, country in zip(when, kinds, countries, strict=True):
        document_incidents.record_incident(uto_node, OFFICER, incident(kind, country, occurred_at=at))
    analyst = Actor.user("ana", Role.ANALYST)
    figures = document_incidents.trends(uto_node, analyst, date(2026, 1, 1), date(2026, 3, 31))
    assert figures.total == 3
    assert figures.by_kind == {"counterfeit": 2, "impostor": 1}
    assert figures.by_issuing_country == {"CAN": 1, "MEX": 1, "UTO": 1}
    assert figures.by_month == {"2026-01": 1, "2026-02": 2}  # 22:30 at UTC-5 on 31 January is in February (UTC)
    assert figures.by_month_and_kind == {"2026-01": {"counterfeit": 1}, "2026-02": {"counterfeit": 1, "impostor": 1}}
    assert figures.by_outcome == {"refused-entry": 3}
    with pytest.raises(PermissionDenied, match="reports:read"):
        document_incidents.trends(uto_node, OFFICER, date(2026, 1, 1), date(2026, 3, 31))
    with pytest.raises(InvalidInput, match="ends"):
        document_incidents.trends(uto_node, analyst, date(2026, 3, 1), date(2026, 1, 1))
