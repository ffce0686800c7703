"""Received passenger messages, the screened manifests they give, their travellers and the rules that fired."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Integer, Row, delete, func, select, update

from perimeter.store.tables.passengers import manifest_travellers, manifests, passenger_messages, rule_hits

_M = manifests.c
_T = manifest_travellers.c
_R = passenger_messages.c


def find_message(connection: Connection, content_sha256: str, record_sha256: str) -> Row[Any] | None:
    """A message already received with these bytes, or that read to the same manifest or PNRs."""
    same = (_R.content_sha256 == content_sha256) | (_R.record_sha256 == record_sha256)
    return connection.execute(select(passenger_messages).where(same)).first()


def same_reference(connection: Connection, kind: str, sender: str, interchange: str, message: str) -> Row[Any] | None:
    """An earlier message of the sender with the same interchange and message references."""
    query = select(passenger_messages).where(
        _R.kind == kind, _R.sender == sender, _R.interchange_reference == interchange, _R.message_reference == message
    )
    return connection.execute(query.order_by(_R.received_at)).first()


def insert_message(connection: Connection, row: dict[str, Any]) -> None:
    connection.execute(passenger_messages.insert().values(**row))


def manifest_for_message(connection: Connection, message_id: str) -> str | None:
    found: str | None = connection.execute(select(_M.manifest_id).where(_M.message_id == message_id)).scalar()
    return found


def insert_manifest(connection: Connection, row: dict[str, Any], travellers: Sequence[dict[str, Any]]) -> list[int]:
    """The manifest row and its travellers (one multi-row statement); the travellers' ids, in position order."""
    connection.execute(manifests.insert().values(**row))
    if travellers:
        connection.execute(manifest_travellers.insert(), [{**t, "manifest_id": row["manifest_id"]} for t in travellers])
    query = select(_T.traveller_id).where(_T.manifest_id == row["manifest_id"]).order_by(_T.position)
    return [int(found) for found in connection.execute(query).scalars()]


def insert_rule_hits(connection: Connection, hits: Sequence[dict[str, Any]]) -> None:
    if hits:
        connection.execute(rule_hits.insert(), list(hits))


def get_manifest(connection: Connection, manifest_id: str) -> Row[Any] | None:
    return connection.execute(select(manifests).where(_M.manifest_id == manifest_id)).first()


def travellers_of(connection: Connection, manifest_id: str) -> list[Row[Any]]:
    query = select(manifest_travellers).where(_T.manifest_id == manifest_id).order_by(_T.position)
    return list(connection.execute(query))


def list_manifests(
    connection: Connection,
    *,
    carrier: str | None = None,
    flight_date: date | None = None,
    since: datetime | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[Row[Any]]:
    query = select(manifests).order_by(_M.received_at.desc(), _M.manifest_id).limit(limit).offset(offset)
    if carrier:
        query = query.where(_M.carrier == carrier)
    if flight_date:
        query = query.where(_M.flight_date == flight_date)
    if since:
        query = query.where(_M.received_at >= since)
    return list(connection.execute(query))


def manifests_for_backtest(connection: Connection, since: datetime | None, limit: int) -> list[Row[Any]]:
    query = select(manifests).order_by(_M.received_at.desc()).limit(limit)
    if since:
        query = query.where(_M.received_at >= since)
    return list(connection.execute(query))


def carrier_quality(connection: Connection, since: datetime | None, until: datetime | None) -> list[Row[Any]]:
    """Per carrier: manifests, late ones, with a count mismatch, incomplete travellers, travellers, referrals."""
    query = (
        select(
            _M.carrier,
            func.count().label("manifests"),
            func.sum(func.cast(_M.late, Integer)).label("late"),
            func.sum(func.cast(_M.count_mismatch, Integer)).label("count_mismatches"),
            func.sum(_M.incomplete_travellers).label("incomplete_travellers"),
            func.sum(_M.passenger_count + _M.crew_count).label("travellers"),
            func.sum(_M.refer_count).label("referred"),
            func.sum(_M.review_count).label("reviewed"),
            func.min(_M.minutes_before_departure).label("earliest_minutes"),
            func.max(_M.minutes_before_departure).label("latest_minutes"),
        )
        .group_by(_M.carrier)
        .order_by(_M.carrier)
    )
    if since:
        query = query.where(_M.received_at >= since)
    if until:
        query = query.where(_M.received_at < until)
    return list(connection.execute(query))


def expired_manifests(connection: Connection, before: date) -> list[str]:
    query = select(_M.manifest_id).where(_M.flight_date < before)
    return [row[0] for row in connection.execute(query)]


def delete_manifests(connection: Connection, manifest_ids: Sequence[str]) -> int:
    """Delete manifests with their travellers and rule hits; the message receipts stay (they hold no person)."""
    if not manifest_ids:
        return 0
    traveller_ids = select(_T.traveller_id).where(_T.manifest_id.in_(manifest_ids))
    connection.execute(delete(rule_hits).where(rule_hits.c.traveller_id.in_(traveller_ids)))
    travellers = connection.execute(delete(manifest_travellers).where(_T.manifest_id.in_(manifest_ids))).rowcount
    connection.execute(delete(manifests).where(_M.manifest_id.in_(manifest_ids)))
    return int(travellers)


def update_assessments(connection: Connection, manifest_id: str, changes: Sequence[dict[str, Any]]) -> None:
    """Store re-decided assessments (``traveller_id``, ``disposition``, ``disposition_reason``, ``assessment``) and
    the manifest's refer and review counts that follow from all its travellers."""
    for change in changes:
        values = {key: change[key] for key in ("disposition", "disposition_reason", "assessment")}
        connection.execute(update(manifest_travellers).where(_T.traveller_id == change["traveller_id"]).values(values))
    counts: dict[str, int] = dict(
        connection.execute(
            select(_T.disposition, func.count()).where(_T.manifest_id == manifest_id).group_by(_T.disposition)
        ).all()
    )
    connection.execute(
        update(manifests)
        .where(_M.manifest_id == manifest_id)
        .values(refer_count=counts.get("refer", 0), review_count=counts.get("review", 0))
    )
