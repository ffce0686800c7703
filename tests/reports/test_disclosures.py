"""The disclosure report per agreement, from the federation's audit entries."""

from __future__ import annotations

import pytest

from perimeter.core.access import Actor, Role
from perimeter.core.errors import PermissionDenied
from perimeter.reports import queries
from perimeter.services import reports
from perimeter.services.node import Node
from perimeter.store import audit_log
from tests.reports.loaded import PERIOD, load


def test_what_went_to_whom_under_which_clause_and_how_often_it_was_refused(node: Node, admin: Actor) -> None:
    load(node, admin)
    rows = reports.disclosure_report(node, Actor.user("ada", Role.AUDITOR), PERIOD)
    assert [(r.agreement, r.partner, r.clause, r.kind, r.disclosed, r.refused) for r in rows] == [
        ("-", "mx-inm", "permission-denied", "watchlist-entry", 0, 2),
        ("us-ca-documents", "ca-cbsa", "lost-stolen-documents", "document-status", 3, 0),
        ("us-mx-documents", "mx-inm", "lost-stolen-documents", "document-status", 1, 0),
        ("us-mx-documents", "mx-inm", "terrorism-hits", "document-status", 1, 0),
    ]
    assert rows[0].refusal_rate == 1.0 and rows[1].refusal_rate == 0.0
    with node.db.read() as connection:
        last = audit_log.latest(connection, limit=1)[0]
    assert (last.actor, last.action, last.details["rows"]) == ("user:ada", "report.disclosures", 4)


def test_the_disclosure_report_is_for_oversight(node: Node) -> None:
    with pytest.raises(PermissionDenied, match="audit:read"):
        reports.disclosure_report(node, Actor.user("olga", Role.OFFICER), PERIOD)


def test_an_answer_that_released_no_record_is_counted_as_such(node: Node) -> None:
    with node.db.write() as connection:
        node.audit(connection, "partner:ca-cbsa", "federation.disclose", "screening.person", kind="screening.person",
                   agreement="us-ca", clauses=[], withheld=0)  # fmt: skip
    rows = reports.disclosure_report(node, Actor.user("ada", Role.AUDITOR), PERIOD)
    assert [(r.partner, r.clause, r.disclosed) for r in rows] == [("ca-cbsa", "nothing-released", 1)]
    with node.db.read() as connection:
        [figure] = queries.run(queries.QueryContext(connection, PERIOD, node.node_id), "audit.disclosures")
    assert (figure.key, figure.label, figure.value) == (
        "ca-cbsa/nothing-released",
        "answered ca-cbsa, no record released",
        1,
    )
