"""Two and three nodes in one process work a shared case through their real routes, outboxes and inboxes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from perimeter.core.access import Actor, Role
from perimeter.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from perimeter.records.cases import CaseState, RecordKind, StepAction
from perimeter.services import case_inbox, cases
from perimeter.services.case_terms import NoAgreement
from perimeter.services.node import Node
from perimeter.store import audit_log
from perimeter.store import cases as case_store
from perimeter.store.tables.base import utc_now
from perimeter.store.tables.cases import case_steps
from perimeter.store.tables.cases import cases as cases_table
from tests.conftest import NodeFactory
from tests.services.case_network import FOUND_AT, LIAISON, OFFICER, STOLEN, TERRORIST, Network, link, listed_hit

US, CA, MX = "us-cbp", "ca-cbsa", "mx-inm"
CA_OFFICER = Actor.user("claire", Role.OFFICER)
CA_LIAISON = Actor.user("cam", Role.LIAISON)


@pytest.fixture
def pair(make_node: NodeFactory) -> Network:
    return link(make_node, US, CA)


def notify(network: Network, finder: str = CA, **extra: Any) -> cases.Case:
    return cases.notify_owner(
        network.nodes[finder], CA_OFFICER, listed_hit(), "CAYYZ", FOUND_AT, "Referred to secondary inspection", **extra
    )


def actions(node: Node, prefix: str = "case.") -> list[tuple[str, str | None, dict[str, Any]]]:
    with node.db.read() as connection:
        return [(e.action, e.target, e.details) for e in audit_log.entries(connection, action_prefix=prefix)]


def count(node: Node, table: Any) -> int:
    with node.db.read() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


def test_a_notification_opens_the_same_case_on_the_owner(pair: Network) -> None:
    sent = notify(pair)
    assert sent.state is CaseState.NOTIFIED and sent.direction == "sent"
    assert sent.agreement_id == "us-ca-perimeter" and sent.purpose == "border-screening"
    assert sent.response_due_at - sent.notified_at == timedelta(hours=12)  # the clause's deadline
    assert pair.deliver(CA).delivered == 1
    received = cases.get_case(pair.nodes[US], LIAISON, sent.case_id)
    assert received.case.direction == "received" and received.case.partner_node == CA
    assert received.case.response_due_at == sent.response_due_at
    assert received.notification.subject["name"] == "Brett Pat Oortmeijer"
    [(_, target, details)] = actions(pair.nodes[US], "case.received")
    assert target == sent.case_id and details["record_held"] is True and details["partner"] == CA
    assert "Brett" not in str(actions(pair.nodes[US])) and "Brett" not in str(actions(pair.nodes[CA]))


def test_the_owner_confirms_and_releases_the_summary_the_clause_allows(pair: Network) -> None:
    case_id = notify(pair).case_id
    pair.deliver(CA)
    us = pair.nodes[US]
    cases.confirm_identity(us, LIAISON, case_id, handling="Refuse entry; call the U.S. liaison desk")
    with pytest.raises(PermissionDenied, match="does not release documents, remarks"):
        cases.release(us, LIAISON, case_id, ["names", "documents", "remarks"])
    refused = actions(us, "case.release.refused")
    assert refused[0][2]["refused"] == ["documents", "remarks"]
    assert refused[0][2]["clause"] == "watchlist-summary-on-hit"
    released = cases.release(us, LIAISON, case_id, ["names", "birth_dates", "category", "handling"])
    assert released.released["category"] == "criminal" and released.released_at is not None
    assert pair.deliver(US).delivered == 2
    seen = cases.get_case(pair.nodes[CA], CA_OFFICER, case_id)
    assert seen.case.state is CaseState.IDENTITY_CONFIRMED
    assert seen.case.handling_requested == "Refuse entry; call the U.S. liaison desk"
    assert seen.case.released["names"][0]["full"] == "Brett Oortmeijer"
    assert set(seen.case.released) == {"names", "birth_dates", "category", "handling"}
    assert [step.action for step in seen.thread] == [StepAction.CONFIRM, StepAction.RELEASE]
    received = [a for a, _, _ in actions(pair.nodes[CA]) if a.endswith(".received")]
    assert received == ["case.confirm.received", "case.release.received"]


def test_a_thread_of_replies_and_the_close_reach_both_sides(pair: Network) -> None:
    case_id = notify(pair).case_id
    pair.deliver(CA)
    cases.reply(pair.nodes[US], LIAISON, case_id, "Please send the photo page.")
    pair.deliver(US)
    cases.reply(pair.nodes[CA], CA_LIAISON, case_id, "Photo page scanned; sending through the liaison desk.")
    cases.record_officer_action(pair.nodes[CA], CA_LIAISON, case_id, "Traveller held in secondary.")
    cases.close(pair.nodes[CA], CA_LIAISON, case_id, "Entry refused")
    pair.deliver(CA)
    for node in pair.nodes.values():
        detail = cases.get_case(node, LIAISON, case_id)
        assert detail.case.state is CaseState.CLOSED
        assert [s.action.value for s in detail.thread] == ["reply", "reply", "officer-action", "close"]


def test_redelivery_duplicates_nothing(pair: Network) -> None:
    case_id = notify(pair).case_id
    pair.deliver(CA)
    cases.confirm_identity(pair.nodes[US], LIAISON, case_id)
    pair.deliver(US)
    again_ca, again_us = pair.redeliver_all(CA), pair.redeliver_all(US)
    assert (again_ca.duplicates, again_us.duplicates) == (1, 1)
    assert count(pair.nodes[US], cases_table) == 1 and count(pair.nodes[CA], case_steps) == 1
    assert len(actions(pair.nodes[US], "case.received")) == 1
    assert len(actions(pair.nodes[CA], "case.confirm.received")) == 1


def test_a_partner_down_receives_everything_in_order_when_it_returns(pair: Network) -> None:
    pair.router.down.add("us-cbp")
    case_id = notify(pair).case_id
    cases.reply(pair.nodes[CA], CA_LIAISON, case_id, "Subject is in secondary now.")
    report = pair.deliver(CA)
    assert report.failed == 1 and report.delivered == 0
    with pytest.raises(NotFound):
        cases.get_case(pair.nodes[US], LIAISON, case_id)
    pair.router.down.clear()
    assert pair.redeliver_all(CA).delivered == 2
    detail = cases.get_case(pair.nodes[US], LIAISON, case_id)
    assert [s.action for s in detail.thread] == [StepAction.REPLY]


def test_steps_the_rules_forbid_are_refused_before_anything_is_sent(pair: Network) -> None:
    case_id = notify(pair).case_id
    pair.deliver(CA)
    with pytest.raises(PermissionDenied, match="cases:write"):
        cases.confirm_identity(pair.nodes[US], OFFICER, case_id)  # an officer may not answer for the owner
    with pytest.raises(PermissionDenied, match="only the owner may confirm"):
        cases.confirm_identity(pair.nodes[CA], CA_LIAISON, case_id)  # the finder may not confirm
    with pytest.raises(PermissionDenied, match="only the owner"):
        cases.release(pair.nodes[CA], CA_LIAISON, case_id, ["names"])
    with pytest.raises(Conflict, match="allowed only when identity-confirmed"):
        cases.release(pair.nodes[US], LIAISON, case_id, ["names"])
    assert pair.deliver(CA).delivered == 0 and pair.deliver(US).delivered == 0


def test_hit_no_hit_agreements_release_nothing_and_cover_only_terrorism(make_node: NodeFactory) -> None:
    network = link(make_node, US, MX)
    mx, us = network.nodes[MX], network.nodes[US]
    with pytest.raises(NoAgreement, match="covers only the categories terrorism"):
        cases.notify_owner(mx, OFFICER, listed_hit(), "MXTIJ", FOUND_AT, "Held at the gate")
    assert actions(mx, "case.notify.refused")[0][2]["partner"] == US
    case = cases.notify_owner(mx, OFFICER, listed_hit(TERRORIST), "MXTIJ", FOUND_AT, "Held at the gate")
    network.deliver(MX)
    cases.confirm_identity(us, LIAISON, case.case_id, handling="Detain; the U.S. liaison desk will call")
    with pytest.raises(PermissionDenied, match="it releases: nothing beyond hit/no-hit"):
        cases.release(us, LIAISON, case.case_id, ["category"])
    network.deliver(US)
    seen = cases.get_case(mx, OFFICER, case.case_id).case
    assert seen.state is CaseState.IDENTITY_CONFIRMED and seen.released == {}
    assert seen.core_data_due_at is None  # nothing can be released, so no core-data deadline runs
    assert cases.escalate(mx, LIAISON, utc_now() + timedelta(days=30)) == []


def test_a_stolen_document_hit_notifies_the_issuing_country(make_node: NodeFactory) -> None:
    network = link(make_node, US, MX)
    hit = cases.Hit(RecordKind.DOCUMENT_STATUS, "MEX/passport/G07654321", MX, subject={"number": STOLEN["number"]})
    case = cases.notify_owner(network.nodes[US], OFFICER, hit, "USSYS", FOUND_AT, "Document seized")
    assert case.agreement_id == "us-mx-perimeter"
    network.deliver(US)
    [(_, _, details)] = actions(network.nodes[MX], "case.received")
    assert details["record_held"] is True and details["record_kind"] == "document-status"


def test_escalation_reminds_the_owner_once_per_level(pair: Network) -> None:
    case = notify(pair)
    pair.deliver(CA)
    later = case.response_due_at + timedelta(minutes=5)
    [first] = cases.escalate(pair.nodes[CA], CA_LIAISON, later)
    assert first.step == "reminder" and cases.escalate(pair.nodes[CA], CA_LIAISON, later) == []
    assert cases.escalate(pair.nodes[US], LIAISON, later)[0].step == "reminder"  # the owner's side sees it too
    pair.deliver(CA)
    thread = cases.get_case(pair.nodes[US], LIAISON, case.case_id).thread
    assert [s.action for s in thread] == [StepAction.REMINDER] and "response deadline" in (thread[0].text or "")
    [second] = cases.escalate(pair.nodes[CA], CA_LIAISON, later + timedelta(hours=24))
    assert second.step == "supervisor"
    overdue = cases.list_cases(pair.nodes[CA], CA_LIAISON, overdue=True, now=utc_now() + timedelta(days=2))
    assert overdue[0] == 1
    assert cases.list_cases(pair.nodes[CA], CA_LIAISON, overdue=True)[0] == 0


def test_notify_is_idempotent_with_a_case_id(pair: Network) -> None:
    first = notify(pair, case_id="0b8f5a52-8f2c-4b4e-9d7e-6f1f0c3a9e11")
    again = notify(pair, case_id="0b8f5a52-8f2c-4b4e-9d7e-6f1f0c3a9e11")
    assert again == first and pair.deliver(CA).delivered == 1


@dataclass(frozen=True)
class Delivered:
    sender: str
    agreement_id: str
    payload: dict[str, Any]


def test_the_inbox_refuses_steps_and_notifications_in_another_nodes_name(make_node: NodeFactory) -> None:
    network = link(make_node, US, CA, MX)
    case = notify(network)
    network.deliver(CA)
    us = network.nodes[US]
    step = {
        "step_id": "6c1d2f0e-1b7a-4c55-9a51-0d3b8f2e7a10",
        "case_id": case.case_id,
        "action": "close",
        "side": "finder",
        "node_id": CA,
        "officer": "mallory",
        "at": FOUND_AT.isoformat(),
    }
    with us.db.write() as connection, pytest.raises(PermissionDenied, match="mx-inm sent a step in the name of"):
        case_inbox.receive_step(us, connection, Delivered(MX, "us-mx-perimeter", step))
    with us.db.write() as connection, pytest.raises(PermissionDenied, match="not the other party"):
        case_inbox.receive_step(us, connection, Delivered(MX, "us-mx-perimeter", {**step, "node_id": MX}))
    notification = {**case_store_notification(network.nodes[CA], case.case_id), "case_id": str(uuid.uuid4())}
    with us.db.write() as connection, pytest.raises(PermissionDenied, match="in the name of ca-cbsa"):
        case_inbox.receive_notification(us, connection, Delivered(MX, "us-ca-perimeter", notification))
    with us.db.write() as connection, pytest.raises(InvalidInput, match="hit notification: case_id"):
        case_inbox.receive_notification(us, connection, Delivered(CA, "us-ca-perimeter", {"case_id": "x"}))
    assert cases.get_case(us, LIAISON, case.case_id).case.state is CaseState.NOTIFIED


def case_store_notification(node: Node, case_id: str) -> dict[str, Any]:
    with node.db.read() as connection:
        found = case_store.get_notification(connection, case_id)
    assert found is not None
    return found.model_dump(mode="json")
