"""PNR pushes planned on a read and written later: a record another push changed meanwhile is merged again."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from perimeter.core.access import Actor, Role
from perimeter.formats.pnrgov import parse_pnrgov
from perimeter.services import passenger_intake, pnr_storage
from perimeter.services.node import Node
from perimeter.store.tables.base import utc_now
from perimeter.store.tables.passengers import pnrs

ANALYST = Actor.user("ana", Role.ANALYST)
FOLDER = "messages/pnrgov"


def test_a_record_changed_between_plan_and_write_is_merged_again(node: Node, shared_data: Path) -> None:
    full = (shared_data / FOLDER / "gtas-loader__pnr-messages__3_pnrs.edi").read_bytes()
    pg77 = (shared_data / FOLDER / "gtas-parsers__pnr-messages__pnrMessagePg77.txt").read_bytes()
    passenger_intake.receive(node, ANALYST, full, "3_pnrs.edi")
    late = parse_pnrgov(pg77, "pg77")
    with node.db.read() as connection:
        plans = pnr_storage.plan(connection, late)
    assert [(plan.outcome, plan.stored_version) for plan in plans] == [("changed", 1)]
    # meanwhile another push changes W9TEND (the same change, sent as changes-only under another reference)
    meanwhile = pg77.replace(b"MSG+:22'", b"MSG+:141'").replace(b"00102181551362", b"00102181559999")
    passenger_intake.receive(node, ANALYST, meanwhile, "meanwhile")
    with node.db.write() as connection:
        ids, counts = pnr_storage.write(connection, plans, late, "m-late", utc_now())
        row = connection.execute(select(pnrs).where(pnrs.c.record_locator == "W9TEND")).one()
    # merged again with version 2: nothing new left to change, so the record stays at version 2
    assert counts == {"added": 0, "changed": 0, "unchanged": 1, "cancelled": 0}
    assert ids == {"W9TEND": row.pnr_id} and row.version == 2 and row.last_message_id != "m-late"


def test_the_same_record_twice_in_one_push_is_one_record(node: Node, shared_data: Path) -> None:
    message = parse_pnrgov((shared_data / FOLDER / "gtas-loader__pnr-messages__pnr1.txt").read_bytes(), "pnr1")
    twice = message.model_copy(update={"pnrs": (message.pnrs[0], message.pnrs[0])})
    with node.db.read() as connection:
        plans = pnr_storage.plan(connection, twice)
    with node.db.write() as connection:
        _, counts = pnr_storage.write(connection, plans, twice, "m1", datetime.now().astimezone())
        rows = connection.execute(select(pnrs)).all()
    assert counts["added"] == 1 and len(rows) == 1 and rows[0].version == 1
