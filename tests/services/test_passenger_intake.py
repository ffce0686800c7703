"""Receiving PAXLST and PNRGOV messages: every real message stored, repeats recognised, bad ones leave nothing."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from perimeter.core.access import Actor, Role
from perimeter.core.errors import ParseError, PermissionDenied
from perimeter.formats.paxlst import parse_paxlst
from perimeter.formats.pnrgov import parse_pnrgov
from perimeter.services import passenger_intake, passenger_records
from perimeter.services.node import Node
from perimeter.store import audit_log
from perimeter.store.tables.passengers import manifest_travellers, manifests, passenger_messages, pnrs
from tests.services.passenger_helpers import passenger, paxlst

ANALYST = Actor.user("ana", Role.ANALYST)
MESSAGES = "messages/pnrgov"


def count(node: Node, table: object) -> int:
    with node.db.read() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


def actions(node: Node) -> list[str]:
    with node.db.read() as connection:
        return [entry.action for entry in audit_log.entries(connection)]


def test_every_real_paxlst_message_is_stored_with_its_travellers(node: Node, paxlst_file: Path) -> None:
    data = paxlst_file.read_bytes()
    expected = parse_paxlst(data, paxlst_file.name)
    receipt = passenger_intake.receive(node, ANALYST, data, paxlst_file.name)
    assert receipt.kind == "paxlst" and not receipt.already_received and receipt.manifest_id
    stored = passenger_records.get_manifest(node, ANALYST, receipt.manifest_id)
    assert len(stored["travellers"]) == len(expected.travellers)
    assert [t["role"] for t in stored["travellers"]] == [t.role.value for t in expected.travellers]
    assert stored["flight"] == expected.flights[0].designator or any(
        leg.designator == stored["flight"] for leg in expected.flights
    )
    assert stored["masked"]  # every real message is of a flight years ago: its segments quoted are masked too
    assert stored["quality"]["warnings"] == [re.sub(r"'[^']*'", "'***'", text) for text in expected.warnings]
    listed = passenger_records.list_manifests(node, ANALYST)
    assert listed[0]["quality"]["warnings"] == len(expected.warnings)
    assert all(t["disposition"] in ("no-action", "review", "refer") for t in stored["travellers"])
    assert actions(node)[-2:] == ["manifest.receive", "manifest.view"]
    assert not any(name and name in repr(listed) for name in (t.surname for t in expected.travellers))


def test_every_real_pnrgov_message_is_stored_with_its_records(node: Node, pnrgov_file: Path) -> None:
    data = pnrgov_file.read_bytes()
    expected = parse_pnrgov(data, pnrgov_file.name)
    receipt = passenger_intake.receive(node, ANALYST, data, pnrgov_file.name)
    assert receipt.kind == "pnrgov" and not receipt.already_received
    assert count(node, pnrs) == len({pnr.record_locator for pnr in expected.pnrs})
    assert sum(receipt.pnrs.values()) == len({pnr.record_locator for pnr in expected.pnrs})
    live = sum(len(pnr.travellers) for pnr in expected.pnrs if not pnr.cancelled)
    if expected.flight is not None:
        assert count(node, manifest_travellers) == live
    assert list(receipt.warnings) == list(expected.warnings)


@pytest.mark.parametrize(
    ("mangle", "reason"),
    [
        (lambda data: data[: len(data) // 2], "UNZ"),
        (lambda data: data.replace(b"UNH+", b"UNX+", 1), ""),
        (lambda data: b"this is not EDIFACT", ""),
    ],
)
def test_a_broken_message_fails_clearly_and_leaves_nothing(
    node: Node, shared_data: Path, mangle: object, reason: str
) -> None:
    data = (shared_data / "messages/paxlst/gtas-loader__apis-messages__Test1.txt").read_bytes()
    with pytest.raises(ParseError) as error:
        passenger_intake.receive(node, ANALYST, mangle(data), "broken.edi")  # type: ignore[operator]
    assert error.value.message.startswith("broken.edi") and reason in error.value.message
    assert [count(node, table) for table in (passenger_messages, manifests, manifest_travellers, pnrs)] == [0, 0, 0, 0]
    with node.db.read() as connection:
        entry = list(audit_log.entries(connection))[-1]
    assert entry.action == "manifest.reject" and entry.target == "broken.edi"
    location = entry.details["location"]  # the segment's number, never its text (it may hold a name)
    assert location is None or re.fullmatch(r"segment \d+", location)


def test_the_malformed_real_pnr_messages_are_read_as_far_as_is_safe_with_warnings(
    node: Node, shared_data: Path
) -> None:
    for name, warned in (("pnrBadFormat", "text after the interchange ignored"), ("danglingMetaCharacter", "")):
        path = shared_data / MESSAGES / f"gtas-parsers__pnr-messages__{name}.txt"
        receipt = passenger_intake.receive(node, ANALYST, path.read_bytes(), path.name)
        assert not receipt.already_received
        assert warned in " ".join(receipt.warnings)


def test_a_message_received_twice_is_stored_once(node: Node) -> None:
    data = paxlst([passenger("DOE", "JANE", date(1980, 1, 2), "USA", ("USA", "123456789"))])
    first = passenger_intake.receive(node, ANALYST, data, "a.edi")
    again = passenger_intake.receive(node, ANALYST, data, "a-again.edi")
    assert again.already_received and again.manifest_id == first.manifest_id and again.message_id == first.message_id
    summary = passenger_intake.receipt_summary(again)
    assert summary["message"].startswith("already received")
    # the same manifest in another envelope (other separators, line breaks) is the same message
    reenveloped = data.replace(b"'", b"'\r\n")
    assert passenger_intake.receive(node, ANALYST, reenveloped, "b.edi").already_received
    assert count(node, passenger_messages) == 1 and count(node, manifest_travellers) == 1
    assert actions(node)[-2:] == ["manifest.duplicate", "manifest.duplicate"]


def test_a_reused_reference_with_other_content_is_kept_with_a_warning(node: Node) -> None:
    passenger_intake.receive(node, ANALYST, paxlst([passenger("DOE", "JANE")]), "a.edi")
    second = passenger_intake.receive(node, ANALYST, paxlst([passenger("ROE", "RICHARD")]), "b.edi")
    assert not second.already_received and "already received on" in second.warnings[-1]
    assert count(node, manifests) == 2


def test_a_changes_only_push_is_applied_to_the_stored_record(node: Node, shared_data: Path) -> None:
    folder = shared_data / MESSAGES
    full = (folder / "gtas-loader__pnr-messages__3_pnrs.edi").read_bytes()
    # Page 77 of the guide: booking W9TEND re-ticketed, a phone and history added; sent as a changes-only push.
    change = (folder / "gtas-parsers__pnr-messages__pnrMessagePg77.txt").read_bytes().replace(b"MSG+:22'", b"MSG+:141'")
    assert parse_pnrgov(change, "pg77").is_changes_only
    first = passenger_intake.receive(node, ANALYST, full, "3_pnrs.edi")
    assert first.pnrs["added"] == 3
    second = passenger_intake.receive(node, ANALYST, change, "pg77")
    assert second.pnrs == {"added": 0, "changed": 1, "unchanged": 0, "cancelled": 0}
    with node.db.read() as connection:
        row = connection.execute(select(pnrs).where(pnrs.c.record_locator == "W9TEND")).one()
    assert row.version == 2 and row.first_message_id == first.message_id and row.last_message_id == second.message_id
    assert row.data["tickets"][0]["issued_at"] == "2013-05-29T21:24:00"
    assert "1 555555 5555" in [phone["number"] for phone in row.data["phones"]]  # contacts accumulate
    assert count(node, pnrs) == 3


def test_late_and_incomplete_manifests_are_reported_per_carrier(node: Node) -> None:
    crew = passenger("ROE", "RICHARD")  # no birth date, nationality or document
    data = paxlst([passenger("DOE", "JANE", date(1980, 1, 2), "USA", ("USA", "1")), crew], declared_passenger_count=3)
    departure = datetime(2017, 1, 27, 17, 25, tzinfo=UTC)
    receipt = passenger_intake.receive(node, ANALYST, data, "a.edi", received_at=departure.replace(hour=17, minute=0))
    assert receipt.quality is not None and receipt.quality.late and receipt.quality.minutes_before_departure == 25
    report = passenger_records.carrier_quality(node, ANALYST)
    assert report == [
        {
            "carrier": "UA",
            "manifests": 1,
            "late": 1,
            "count_mismatches": 1,
            "incomplete_travellers": 1,
            "travellers": 2,
            "referred": 0,
            "reviewed": 0,
            "earliest_minutes_before_departure": 25,
            "latest_minutes_before_departure": 25,
        }
    ]


def test_an_officer_may_read_but_not_send_manifests(node: Node) -> None:
    with pytest.raises(PermissionDenied, match="manifests:write"):
        passenger_intake.receive(node, Actor.user("olga", Role.OFFICER), paxlst([passenger("A", "B")]), "a.edi")
    assert passenger_records.list_manifests(node, Actor.user("olga", Role.OFFICER)) == []
