"""Hit notifications, the owners' answers within the deadline, confirmed hits, and case disclosures, over two nodes
that work real cases through their outboxes and inboxes."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from perimeter.core.access import Actor, Role
from perimeter.reports import queries
from perimeter.services import cases, reports
from perimeter.services.node import Node
from perimeter.store.tables.base import utc_now
from perimeter.store.tables.cases import cases as cases_table
from tests.conftest import NodeFactory
from tests.reports.loaded import PERIOD
from tests.reports.test_figures import figures_of, value
from tests.services.case_network import FOUND_AT, LIAISON, link, listed_hit

US, CA = "us-cbp", "ca-cbsa"
CA_OFFICER = Actor.user("claire", Role.OFFICER)


def watch_list_figure(node: Node, block: str, key: str) -> int | float:
    return value(figures_of(node), "watch-lists", block, key)


def test_notifications_answers_and_confirmed_hits(make_node: NodeFactory, admin: Actor) -> None:
    network = link(make_node, US, CA)
    us, ca = network.nodes[US], network.nodes[CA]
    found = [cases.notify_owner(ca, CA_OFFICER, listed_hit(), "CAYYZ", FOUND_AT, "Referred") for _ in range(3)]
    network.deliver(CA)
    confirmed, rejected, silent = (case.case_id for case in found)
    cases.confirm_identity(us, LIAISON, confirmed, handling="Refuse entry")
    cases.reject_identity(us, LIAISON, rejected, "Another person: birth year differs")
    cases.release(us, LIAISON, confirmed, ["names", "category"])
    network.deliver(US)
    for node in (us, ca):  # the third case's deadline passes unanswered
        with node.db.write() as connection:
            connection.execute(
                update(cases_table)
                .where(cases_table.c.case_id == silent)
                .values(response_due_at=utc_now() - timedelta(hours=1))
            )

    expected_finder = {
        ("hit-notifications", "sent"): 3,
        ("hit-notifications", "sent/answered-in-time"): 2,
        ("hit-notifications", "sent/answered-late"): 0,
        ("hit-notifications", "sent/overdue"): 1,
        ("hit-notifications", "received"): 0,
        ("identities", "confirmed"): 1,
        ("identities", "not-the-person"): 1,
        ("identities", "we-confirmed"): 0,
    }
    assert {key: watch_list_figure(ca, *key) for key in expected_finder} == expected_finder
    expected_owner = {
        ("hit-notifications", "received"): 3,
        ("hit-notifications", "received/answered-in-time"): 2,
        ("hit-notifications", "received/overdue"): 1,
        ("hit-notifications", "sent"): 0,
        ("identities", "we-confirmed"): 1,
        ("identities", "we-rejected"): 1,
        ("identities", "confirmed"): 0,
    }
    assert {key: watch_list_figure(us, *key) for key in expected_owner} == expected_owner
    figures = figures_of(us)
    with us.db.read() as connection:
        for block in figures.section("watch-lists").blocks:  # type: ignore[union-attr]
            for figure in block.figures:
                assert queries.reproduce(connection, us.node_id, figure.source, figure.key) == figure

    # The owner's disclosures: the release under its clause; the finder's: the three notifications.
    owner_rows = reports.disclosure_report(us, admin, PERIOD)
    assert [(r.partner, r.clause, r.kind, r.disclosed) for r in owner_rows] == [
        (CA, "watchlist-summary-on-hit", "case-release", 1)
    ]
    finder_rows = reports.disclosure_report(ca, admin, PERIOD)
    assert [(r.partner, r.kind, r.disclosed, r.refused) for r in finder_rows] == [(US, "hit-notification", 3, 0)]
