"""Storing the PNRs of a push: planned on a read (so the flight can be screened with the records as they will be),
written in the intake's short write transaction.

A record already held is merged with :func:`~perimeter.formats.pnrgov.apply_pnr_changes` (a full push and a
changes-only push alike: the newer state wins, facts accumulate); an unchanged record is left alone; each change
counts the version up. When another message changed a record between the plan and the write, the write merges
again with the record as it then stands.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection

from perimeter.formats.pnrgov import apply_pnr_changes
from perimeter.records.pnr import Pnr, PnrMessage
from perimeter.store import pnrs as store


@dataclass(frozen=True)
class PnrPlan:
    pnr_id: str
    carrier: str
    incoming: Pnr
    merged: Pnr
    stored_version: int | None  # None: not held yet
    outcome: str  # added, changed, unchanged, cancelled


def plan(connection: Connection, message: PnrMessage) -> list[PnrPlan]:
    plans: list[PnrPlan] = []
    planned: dict[tuple[str, str], PnrPlan] = {}
    for pnr in message.pnrs:
        carrier = (pnr.carrier or (message.flight.carrier if message.flight else ""))[:3]
        key = (carrier, pnr.record_locator)
        earlier = planned.get(key)
        if earlier is not None:  # the same record twice in one push: the second applies to the first
            merged = apply_pnr_changes(earlier.merged, pnr)
            step = replace(earlier, incoming=pnr, merged=merged)
        else:
            step = _plan_one(connection, carrier, pnr)
        planned[key] = step
        plans.append(step)
    return plans


def _plan_one(connection: Connection, carrier: str, pnr: Pnr) -> PnrPlan:
    row = store.get_by_locator(connection, carrier, pnr.record_locator)
    if row is None:
        return PnrPlan(str(uuid.uuid4()), carrier, pnr, pnr, None, "cancelled" if pnr.cancelled else "added")
    stored = Pnr.model_validate(row.data)
    merged = apply_pnr_changes(stored, pnr)
    outcome = "unchanged" if merged == stored else ("cancelled" if pnr.cancelled else "changed")
    return PnrPlan(row.pnr_id, carrier, pnr, merged, row.version, outcome)


def write(
    connection: Connection, plans: list[PnrPlan], message: PnrMessage, message_id: str, now: datetime
) -> tuple[dict[str, str], dict[str, int]]:
    """Apply the plans; the stored PNR id for each locator, and the counts of what happened."""
    counts = {"added": 0, "changed": 0, "unchanged": 0, "cancelled": 0}
    ids: dict[str, str] = {}
    for step in _final(connection, plans):
        ids[step.incoming.record_locator] = step.pnr_id
        counts[step.outcome] += 1
        row = store.get(connection, step.pnr_id)
        if row is None:
            store.insert(
                connection,
                {
                    "pnr_id": step.pnr_id,
                    "carrier": step.carrier,
                    "record_locator": step.incoming.record_locator,
                    "data": step.merged.model_dump(mode="json"),
                    "flight_date": last_flight_date(step.merged, message),
                    "version": 1,
                    "first_message_id": message_id,
                    "last_message_id": message_id,
                    "created_at": now,
                    "updated_at": now,
                },
            )
        elif step.outcome != "unchanged":
            values: dict[str, Any] = {
                "data": step.merged.model_dump(mode="json"),
                "flight_date": last_flight_date(step.merged, message) or row.flight_date,
                "version": row.version + 1,
                "last_message_id": message_id,
                "updated_at": now,
            }
            store.replace(connection, step.pnr_id, values)
    return ids, counts


def _final(connection: Connection, plans: list[PnrPlan]) -> list[PnrPlan]:
    """The plans, re-made for records another message changed since they were planned; one step per record."""
    final: dict[tuple[str, str], PnrPlan] = {}
    for step in plans:
        key = (step.carrier, step.incoming.record_locator)
        if key in final:
            earlier = final[key]
            merged = apply_pnr_changes(earlier.merged, step.incoming)
            final[key] = PnrPlan(
                earlier.pnr_id, step.carrier, step.incoming, merged, earlier.stored_version, earlier.outcome
            )
            continue
        row = store.get_by_locator(connection, step.carrier, step.incoming.record_locator)
        current = None if row is None else row.version
        final[key] = step if current == step.stored_version else _plan_one(connection, step.carrier, step.incoming)
    return list(final.values())


def last_flight_date(pnr: Pnr, message: PnrMessage) -> date | None:
    dates = [segment.departure.date() for segment in pnr.itinerary if segment.departure]
    if dates:
        return max(dates)
    departure = message.flight.scheduled_departure if message.flight else None
    return departure.date() if departure else None
