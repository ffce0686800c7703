"""A node loaded with known records and audit events, so that every figure of the report has an exact expected value.

Dates are relative to today (the audit log records the real time of checks), and the period is the last 100 days.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from perimeter.audit.chain import AuditEvent
from perimeter.core.access import Actor, Role
from perimeter.reports.model import Period
from perimeter.services import document_checks, document_incidents, document_registry
from perimeter.services import watchlist_entries as entries
from perimeter.services.node import Node
from perimeter.store import audit_log

OFFICER = Actor.user("olga", Role.OFFICER)
TODAY = datetime.now(UTC).date()
PERIOD = Period(TODAY - timedelta(days=100), TODAY)
BEFORE = TODAY - timedelta(days=150)  # a day before the period


def _record(node: Node, admin: Actor, number: str, status: str, reported_on: date) -> None:
    document_registry.add(
        node,
        admin,
        {
            "issuing_country": node.identity.country,
            "document_type": "P",
            "number": number,
            "status": status,
            "reported_on": reported_on.isoformat(),
        },
    )


def _incident(node: Node, kind: str, day: date, number: str) -> None:
    data: dict[str, Any] = {
        "kind": kind,
        "observed": "Laminate lifted at the photo's edge.",
        "indicators": ["laminate-tampered"],
        "location": "USBLA",
        "occurred_at": datetime.combine(day, time(12), tzinfo=UTC).isoformat(),
        "document": {"issuing_country": "UTO", "document_type": "P", "number": number},
        "outcome": "refused-entry",
    }
    document_incidents.record_incident(node, OFFICER, data)


def load(node: Node, admin: Actor) -> None:
    """What the expected figures below describe."""
    _record(node, admin, "S1000001", "stolen", TODAY - timedelta(days=30))
    _record(node, admin, "S1000002", "stolen", TODAY - timedelta(days=3))
    _record(node, admin, "L2000001", "lost", TODAY - timedelta(days=60))
    _record(node, admin, "R3000001", "revoked", TODAY - timedelta(days=10))
    _record(node, admin, "L2000009", "lost", BEFORE)  # outside the period
    country = node.identity.country
    for number in ("S1000001", "L2000001", "A0000001", "A0000002", "A0000003"):  # two hits, three misses
        document_checks.check(node, OFFICER, country, number)
    for kind, days in (("counterfeit", 5), ("counterfeit", 40), ("impostor", 20)):
        _incident(node, kind, TODAY - timedelta(days=days), f"C{days:07d}")
    _incident(node, "forged-page", BEFORE, "F0000001")  # outside the period
    entries.create_list(node, admin, "national-lookout")
    for record_id, category in (("n-1", "terrorism"), ("n-2", "terrorism"), ("n-3", "criminal")):
        entries.add_entry(
            node,
            admin,
            "national-lookout",
            {
                "id": record_id,
                "category": category,
                "subject_type": "person",
                "names": [{"full": f"Person {record_id}"}],
            },
        )
    entries.remove_entry(node, admin, "national-lookout", "n-3")
    with node.db.write() as connection:
        for hits in (["n-1", "n-2"], [], []):
            node.audit(connection, OFFICER, "port-of-entry.check", "UTO/X", decision="refer", screened=True, hits=hits)
        node.audit(connection, OFFICER, "port-of-entry.check", "UTO/Y", decision="admit", screened=False, hits=[])
        node.audit(connection, OFFICER, "screen.person", "fp-1", hits=1, suppressed=0)
        node.audit(connection, OFFICER, "screen.batch", "q.jsonl", queries=10, alerted=2, hits=3)
        for partner, clauses, times in (
            ("ca-cbsa", ["lost-stolen-documents:full"], 3),
            ("mx-inm", ["terrorism-hits:hit-no-hit", "lost-stolen-documents:summary"], 1),
        ):
            for _ in range(times):
                node.audit(
                    connection,
                    f"partner:{partner}",
                    "federation.disclose",
                    "document-status",
                    kind="document-status",
                    agreement=f"us-{partner[:2]}-documents",
                    purpose="border-screening",
                    clauses=clauses,
                    withheld=0,
                )
        for hit in (True, False, False):
            node.audit(connection, OFFICER, "federation.query", "ca-cbsa", kind="screening.person", hit=hit)
        for _ in range(2):
            node.audit(
                connection,
                "partner:mx-inm",
                "federation.refuse",
                "watchlist-entry",
                channel="query",
                error="permission-denied",
                reason="no clause lets mx-inm query watchlist-entry",
            )
        outside = datetime.combine(BEFORE, time(9), tzinfo=UTC)
        event = AuditEvent("partner:ca-cbsa", "federation.disclose", None, {"clauses": ["x:full"], "kind": "k"})
        audit_log.append(connection, event, at=outside)


#: (section, block, figure key) -> the value the loaded records must give for PERIOD.
EXPECTED: dict[tuple[str, str, str], int] = {
    ("document-integrity", "documents-reported", "stolen"): 2,
    ("document-integrity", "documents-reported", "lost"): 1,
    ("document-integrity", "documents-reported", "revoked"): 1,
    ("document-integrity", "documents-reported", "invalidated"): 0,
    ("document-integrity", "document-checks", "checks"): 5,
    ("document-integrity", "document-checks", "hits"): 2,
    ("document-integrity", "port-of-entry-checks", "refer"): 3,
    ("document-integrity", "port-of-entry-checks", "admit"): 1,
    ("document-integrity", "fraud-incidents", "counterfeit"): 2,
    ("document-integrity", "fraud-incidents", "impostor"): 1,
    ("document-integrity", "fraud-incidents", "forged-page"): 0,
    ("document-integrity", "fraud-incidents", "fraudulently-obtained"): 0,
    ("immigration", "screenings", "screenings"): 3 + 1 + 10,
    ("immigration", "screenings", "screenings-with-hits"): 1 + 1 + 2,
    ("immigration", "screenings", "hits"): 2 + 1 + 3,
    ("watch-lists", "holdings-by-list", "national-lookout"): 2,
    ("watch-lists", "holdings-by-category", "terrorism"): 2,
    ("watch-lists", "list-changes", "add"): 3,
    ("watch-lists", "list-changes", "remove"): 1,
    ("watch-lists", "list-changes", "change"): 0,
    ("law-enforcement", "disclosures", "ca-cbsa/lost-stolen-documents"): 3,
    ("law-enforcement", "disclosures", "mx-inm/lost-stolen-documents"): 1,
    ("law-enforcement", "disclosures", "mx-inm/terrorism-hits"): 1,
    ("law-enforcement", "refusals", "mx-inm/permission-denied"): 2,
    ("law-enforcement", "partner-queries", "ca-cbsa/asked"): 3,
    ("law-enforcement", "partner-queries", "ca-cbsa/hits"): 1,
    ("oversight", "audit-chain", "broken-links"): 0,
}
