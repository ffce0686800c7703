"""The case store on both backends: round trips, the list filters (direction, state, overdue, partner), steps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from perimeter.records.cases import (
    CaseState,
    CaseStep,
    HitNotification,
    RecordKind,
    Side,
    StepAction,
    new_id,
    open_case,
)
from perimeter.services.node import Node
from perimeter.store import cases as store

T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def notification(finder: str, owner: str, hours_ago: int = 0, **extra: Any) -> HitNotification:
    at = T0 - timedelta(hours=hours_ago)
    return HitNotification(
        case_id=new_id(),
        finder_node=finder,
        owner_node=owner,
        record_kind=RecordKind.WATCHLIST_ENTRY,
        record_id="us-lookout-1",
        agreement_id="us-ca-perimeter",
        purpose="border-screening",
        location="CAYYZ",
        found_at=at,
        officer="claire",
        officer_action="Referred to secondary",
        subject={"name": "Brett Oortmeijer", "birth_date": "1977-10-23"},
        notified_at=at,
        response_due_at=at + timedelta(hours=12),
        **extra,
    )


def test_cases_round_trip_and_filter(node: Node) -> None:
    sent = notification("us-cbp", "ca-cbsa", hours_ago=20)  # overdue at T0
    received = notification("mx-inm", "us-cbp", hours_ago=1)
    confirmed = notification("ca-cbsa", "us-cbp", hours_ago=100)
    with node.db.write() as connection:
        store.insert_case(connection, open_case(sent, Side.FINDER), sent)
        store.insert_case(connection, open_case(received, Side.OWNER, "us-lookout-1"), received)
        late = open_case(confirmed, Side.OWNER).model_copy(
            update={"state": CaseState.IDENTITY_CONFIRMED, "core_data_due_at": T0 - timedelta(hours=1)}
        )
        store.insert_case(connection, late, confirmed)
    with node.db.read() as connection:
        assert store.get_case(connection, sent.case_id) == open_case(sent, Side.FINDER)
        assert store.get_notification(connection, sent.case_id) == sent
        total, found = store.list_cases(connection, store.CaseFilter(direction="received"))
        assert total == 2 and {case.case_id for case in found} == {received.case_id, confirmed.case_id}
        overdue = store.list_cases(connection, store.CaseFilter(overdue_at=T0))[1]
        assert {case.case_id for case in overdue} == {sent.case_id, confirmed.case_id}
        by_state = store.list_cases(connection, store.CaseFilter(state=CaseState.IDENTITY_CONFIRMED))[1]
        assert [case.case_id for case in by_state] == [confirmed.case_id]
        assert store.list_cases(connection, store.CaseFilter(partner="mx-inm"))[1][0].case_id == received.case_id
        total, page = store.list_cases(connection, store.CaseFilter(limit=1, offset=1))
        assert total == 3 and len(page) == 1
        assert len(store.open_cases(connection)) == 3
        assert len(store.notified_between(connection, T0 - timedelta(hours=24), T0)) == 2


def test_steps_keep_their_order_and_fields(node: Node) -> None:
    sent = notification("us-cbp", "ca-cbsa")
    steps = [
        CaseStep(
            step_id=new_id(),
            case_id=sent.case_id,
            action=action,
            side=Side.OWNER,
            node_id="ca-cbsa",
            officer="cam",
            at=T0 + timedelta(minutes=minute),
            text="ok",
            fields=fields,
        )
        for minute, (action, fields) in enumerate(
            [(StepAction.CONFIRM, {}), (StepAction.RELEASE, {"names": [{"full": "Brett Oortmeijer"}]})]
        )
    ]
    with node.db.write() as connection:
        store.insert_case(connection, open_case(sent, Side.FINDER), sent)
        for step in steps:
            store.add_step(connection, step, T0)
    with node.db.read() as connection:
        assert store.steps(connection, sent.case_id) == steps
        assert store.has_step(connection, steps[1].step_id) and not store.has_step(connection, new_id())
