"""Reading and writing shared cases and their steps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, and_, func, or_, select

from perimeter.records.cases import OPEN_STATES, Case, CaseState, CaseStep, HitNotification, Side
from perimeter.store import pnrs
from perimeter.store.tables.cases import case_steps, cases

_CASE_FIELDS = tuple(Case.model_fields)


@dataclass(frozen=True)
class CaseFilter:
    direction: str | None = None  # sent (this node is the finder) or received (this node owns the record)
    state: CaseState | None = None
    overdue_at: datetime | None = None  # only cases whose running deadline has passed at this moment
    partner: str | None = None
    limit: int = 100
    offset: int = 0


def _row(case: Case) -> dict[str, Any]:
    values = case.model_dump(mode="python")
    values["side"] = case.side.value
    values["state"] = case.state.value
    values["record_kind"] = case.record_kind.value
    values["partner_node"] = case.partner_node
    return values


def _case(row: Row[Any]) -> Case:
    mapping = row._mapping
    return Case.model_validate({name: mapping[name] for name in _CASE_FIELDS})


def insert_case(connection: Connection, case: Case, notification: HitNotification) -> None:
    connection.execute(cases.insert().values(**_row(case), notification=notification.model_dump(mode="json")))


def update_case(connection: Connection, case: Case) -> None:
    """Store the case's new state; closing it lets the passenger data linked to it be deleted when due."""
    values = _row(case)
    del values["case_id"]
    connection.execute(cases.update().where(cases.c.case_id == case.case_id).values(**values))
    if case.state is CaseState.CLOSED:  # a closed case is never reopened; links are made open
        pnrs.set_case_open(connection, case.case_id, False)


def get_case(connection: Connection, case_id: str, *, for_update: bool = False) -> Case | None:
    query = select(cases).where(cases.c.case_id == case_id)
    if for_update and connection.dialect.name == "postgresql":
        query = query.with_for_update()
    row = connection.execute(query).first()
    return _case(row) if row else None


def get_notification(connection: Connection, case_id: str) -> HitNotification | None:
    value = connection.execute(select(cases.c.notification).where(cases.c.case_id == case_id)).scalar()
    return HitNotification.model_validate(value) if value is not None else None


def _overdue(now: datetime) -> Any:
    unanswered = [CaseState.NOTIFIED.value, CaseState.ACKNOWLEDGED.value]
    return or_(
        and_(cases.c.state.in_(unanswered), cases.c.response_due_at < now),
        and_(
            cases.c.state == CaseState.IDENTITY_CONFIRMED.value,
            cases.c.released_at.is_(None),
            cases.c.core_data_due_at < now,
        ),
    )


def _where(filters: CaseFilter) -> list[Any]:
    conditions: list[Any] = []
    if filters.direction:
        conditions.append(cases.c.side == (Side.FINDER if filters.direction == "sent" else Side.OWNER).value)
    if filters.state:
        conditions.append(cases.c.state == filters.state.value)
    if filters.partner:
        conditions.append(cases.c.partner_node == filters.partner)
    if filters.overdue_at:
        conditions.append(_overdue(filters.overdue_at))
    return conditions


def list_cases(connection: Connection, filters: CaseFilter) -> tuple[int, list[Case]]:
    """The total number of matching cases and one page of them, most recently changed first."""
    conditions = _where(filters)
    total = connection.execute(select(func.count()).select_from(cases).where(*conditions)).scalar_one()
    query = (
        select(cases)
        .where(*conditions)
        .order_by(cases.c.updated_at.desc(), cases.c.case_id)
        .limit(filters.limit)
        .offset(filters.offset)
    )
    return total, [_case(row) for row in connection.execute(query)]


def open_cases(connection: Connection) -> list[Case]:
    states = [state.value for state in OPEN_STATES]
    return [_case(row) for row in connection.execute(select(cases).where(cases.c.state.in_(states)))]


def notified_between(connection: Connection, start: datetime, end: datetime) -> list[Case]:
    query = select(cases).where(cases.c.notified_at.between(start, end)).order_by(cases.c.notified_at)
    return [_case(row) for row in connection.execute(query)]


def has_step(connection: Connection, step_id: str) -> bool:
    return connection.execute(select(case_steps.c.step_id).where(case_steps.c.step_id == step_id)).first() is not None


def add_step(connection: Connection, step: CaseStep, recorded_at: datetime) -> None:
    position = connection.execute(
        select(func.coalesce(func.max(case_steps.c.position), 0)).where(case_steps.c.case_id == step.case_id)
    ).scalar_one()
    values = step.model_dump(mode="python")
    values.update(action=step.action.value, side=step.side.value, fields=step.model_dump(mode="json")["fields"])
    connection.execute(case_steps.insert().values(**values, position=position + 1, recorded_at=recorded_at))


def steps(connection: Connection, case_id: str) -> list[CaseStep]:
    query = select(case_steps).where(case_steps.c.case_id == case_id).order_by(case_steps.c.position)
    names = tuple(CaseStep.model_fields)
    return [CaseStep.model_validate({n: row._mapping[n] for n in names}) for row in connection.execute(query)]
