"""PNR protection: masked after the masking period, unmasked only with a role and a reason (audited), deleted after
the deletion period unless an open case holds it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from perimeter.core.access import Actor, Role
from perimeter.core.errors import InvalidInput, PermissionDenied
from perimeter.passengers.masking import MASK
from perimeter.services import passenger_intake, passenger_records, pnr_protection
from perimeter.services.node import Node
from perimeter.store import audit_log
from perimeter.store.tables.passengers import manifest_travellers, manifests, pnrs, rule_hits
from tests.conftest import NodeFactory

ANALYST = Actor.user("ana", Role.ANALYST)
OFFICER = Actor.user("olga", Role.OFFICER)
PNR_FILE = "messages/pnrgov/gtas-loader__pnr-messages__2_pnrs_basic.edi"  # flight DL324 on 2010-12-12


@pytest.fixture
def loaded(node: Node, shared_data: Path) -> Node:
    passenger_intake.receive(node, ANALYST, (shared_data / PNR_FILE).read_bytes(), "2_pnrs_basic.edi")
    return node


def _pnr_id(node: Node, locator: str) -> str:
    with node.db.read() as connection:
        return str(connection.execute(select(pnrs.c.pnr_id).where(pnrs.c.record_locator == locator)).scalar_one())


def _count(node: Node, table: object) -> int:
    with node.db.read() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


def test_an_old_pnr_is_masked_for_ordinary_users(loaded: Node) -> None:
    view = passenger_records.get_pnr(loaded, OFFICER, _pnr_id(loaded, "MFN4TI"))
    record = view["record"]
    assert view["masked"] and record["travellers"][0]["surname"] == MASK
    assert record["travellers"][0]["documents"][0]["number"] == MASK
    assert record["travellers"][0]["frequent_flyer"][0]["number"] == MASK
    assert {payment["holder_name"] for payment in record["payments"]} == {MASK}
    assert {remark["text"] for remark in record["remarks"]} == {MASK}
    assert record["itinerary"][0]["departure_airport"] == "LHR"  # the journey stays readable
    assert "SMITH" not in repr(view) and "TIMOTHY" not in repr(view)
    flight = passenger_records.list_manifests(loaded, OFFICER)[0]
    travellers = passenger_records.get_manifest(loaded, OFFICER, flight["manifest_id"])["travellers"]
    assert {traveller["surname"] for traveller in travellers} == {MASK}


def test_unmasking_needs_the_role_and_a_reason_and_is_audited(loaded: Node) -> None:
    pnr_id = _pnr_id(loaded, "MFN4TI")
    with pytest.raises(PermissionDenied, match="pnr:unmask"):
        passenger_records.get_pnr(loaded, OFFICER, pnr_id, unmask_reason="case 2026-17, judge's order")
    with pytest.raises(InvalidInput, match="reason"):
        passenger_records.get_pnr(loaded, ANALYST, pnr_id, unmask_reason="  ")
    view = passenger_records.get_pnr(loaded, ANALYST, pnr_id, unmask_reason="case 2026-17, judge's order")
    assert not view["masked"] and view["record"]["travellers"][0]["surname"] == "SMITHJR"
    with loaded.db.read() as connection:
        entry = list(audit_log.entries(connection, action_prefix="pnr.unmask"))[-1]
    assert (
        entry.actor == "user:ana"
        and entry.target == pnr_id
        and entry.details == {"reason": "case 2026-17, judge's order"}
    )


def test_a_recent_pnr_is_not_masked(make_node: NodeFactory, shared_data: Path) -> None:
    node = make_node(pnr_mask_after_days=36500, pnr_delete_after_days=36600)
    passenger_intake.receive(node, ANALYST, (shared_data / PNR_FILE).read_bytes(), "2_pnrs_basic.edi")
    view = passenger_records.get_pnr(node, OFFICER, _pnr_id(node, "MFN4TI"))
    assert not view["masked"] and view["record"]["travellers"][0]["surname"] == "SMITHJR"
    report = pnr_protection.apply_retention(node, Actor.system())
    assert (report.masked, report.pnrs_deleted, report.manifests_deleted) == (0, 0, 0)


def test_retention_masks_then_deletes_what_no_open_case_holds(loaded: Node) -> None:
    kept = _pnr_id(loaded, "MFN4TI")
    pnr_protection.link_to_case(loaded, ANALYST, "pnr", kept, "case-17")
    mid_period = pnr_protection.apply_retention(loaded, Actor.system(), today=date(2012, 1, 1))
    assert (mid_period.masked, mid_period.pnrs_deleted, mid_period.manifests_deleted) == (2, 0, 0)
    report = pnr_protection.apply_retention(loaded, Actor.system())  # today: more than five years after 2010
    assert (report.masked, report.pnrs_deleted, report.manifests_deleted) == (0, 1, 1)
    assert report.travellers_deleted == 4 and report.kept_for_cases == 1
    assert _count(loaded, pnrs) == 1 and _count(loaded, manifests) == 0
    assert _count(loaded, manifest_travellers) == 0 and _count(loaded, rule_hits) == 0
    pnr_protection.set_case_open(loaded, ANALYST, "case-17", False)
    closed = pnr_protection.apply_retention(loaded, Actor.system())
    assert closed.pnrs_deleted == 1 and _count(loaded, pnrs) == 0
    with loaded.db.read() as connection:
        entries = list(audit_log.entries(connection, action_prefix="pnr.retention"))
    assert [e.details["pnrs_deleted"] for e in entries] == [0, 1, 1] and entries[1].details["kept_for_cases"] == 1
