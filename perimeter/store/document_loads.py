"""Applying a load file to the registry as one set-based delta, inside the caller's transaction.

The lines are copied into a temporary stage table (``executemany`` in chunks on SQLite, ``COPY`` on PostgreSQL),
each stage row is classified against the registry by primary-key lookups (add, change, remove or nothing), and then
three statements do the work: the change feed rows, the deletions, the insertions. Nothing is read back into
Python but counts and a few ids for the report, so a load of millions of lines costs seconds, not minutes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Date,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    and_,
    case,
    exists,
    func,
    literal,
    select,
    tuple_,
)

from perimeter.formats.document_status import StatusLine
from perimeter.store.documents import CONTENT_COLUMNS, KEY_COLUMNS
from perimeter.store.tables.changes import holding_changes
from perimeter.store.tables.documents import document_status

DOCUMENT_KIND = "document-status"
CLEARED = "cleared"  # the stage's status for a line that clears its document
_SAMPLE = 20
_CHUNK = 5000

_stage_metadata = MetaData()
stage = Table(
    "document_status_stage",
    _stage_metadata,
    Column("line", Integer, nullable=False),
    *(Column(name, String(100), nullable=False) for name in KEY_COLUMNS),
    Column("number", String(64), nullable=False),
    Column("status", String(12), nullable=False),
    Column("reported_on", Date, nullable=False),
    Column("reporting_authority", String(500)),
    Column("holder_surname", String(500)),
    Column("holder_given_names", String(500)),
    Column("holder_birth_date", String(10)),
    Column("remarks", Text),
    Column("sensitivity", String(20)),
    Column("retain_until", Date),
    Column("op", String(10)),
    prefixes=["TEMPORARY"],
)
_STAGE_COLUMNS = [column.name for column in stage.columns if column.name != "op"]


@dataclass
class Delta:
    """What a load did: counts per operation and the first ids of each (record ids as in the change feed)."""

    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    not_held: int = 0  # lines clearing a document the registry did not hold
    samples: dict[str, list[str]] = field(default_factory=dict)

    @property
    def changed_anything(self) -> bool:
        return bool(self.added or self.changed or self.removed)


def stage_row(item: StatusLine, owner_node: str, shared: dict[Any, Any] | None = None) -> tuple[Any, ...]:
    """The stage tuple of a parsed line, in ``_STAGE_COLUMNS`` order.

    ``shared`` (one dict per load) keeps one copy of the values that repeat from line to line (countries,
    authorities, dates, ...), which halves the memory a large file takes before it is written.
    """
    one = (shared if shared is not None else {}).setdefault
    ref, record = item.reference, item.record
    country = one(ref.issuing_country, ref.issuing_country)
    key = (item.line, ref.number_key, country, ref.document_type.value, owner_node, ref.number)
    if record is None:
        return (*key, CLEARED, one(item.reported_on, item.reported_on), None, None, None, None, None, None, None)
    birth = str(record.holder_birth_date) if record.holder_birth_date else None
    return (
        *key,
        record.status.value,
        one(record.reported_on, record.reported_on),
        one(record.reporting_authority, record.reporting_authority),
        one(record.holder_surname, record.holder_surname),
        one(record.holder_given_names, record.holder_given_names),
        one(birth, birth),
        one(record.remarks, record.remarks),
        record.sensitivity.value,
        one(record.retain_until, record.retain_until),
    )


def apply(connection: Connection, rows: Iterable[tuple[Any, ...]], now: datetime) -> Delta:
    """Stage ``rows`` and apply them as a delta; the caller's transaction makes it all or nothing."""
    _create_stage(connection)
    copy_rows(connection, stage.name, _STAGE_COLUMNS, rows)
    _classify(connection)
    delta = _count(connection)
    if delta.changed_anything:
        _record_changes(connection, now)
        _delete_replaced(connection)
        _insert_new(connection, now)
    stage.drop(connection)
    return delta


def copy_rows(
    connection: Connection,
    table: str,
    columns: Sequence[str],
    rows: Iterable[tuple[Any, ...]],
    *,
    driver_ready: bool = False,
) -> int:
    """Bulk-insert tuples with the driver's fastest path: ``COPY`` on PostgreSQL, chunked ``executemany`` on SQLite.

    Dates and timestamps are turned into the text SQLite stores them as, unless ``driver_ready`` says the values
    already are (a bulk build passing text saves a type test per value).
    """
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    count = 0
    if connection.dialect.name == "postgresql":
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        return count
    statement = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    chunk: list[tuple[Any, ...]] = []
    for row in rows:
        chunk.append(row if driver_ready else tuple(_sqlite_value(value) for value in row))
        if len(chunk) >= _CHUNK:
            cursor.executemany(statement, chunk)
            count += len(chunk)
            chunk.clear()
    if chunk:
        cursor.executemany(statement, chunk)
        count += len(chunk)
    return count


def _sqlite_value(value: Any) -> Any:
    """A value as SQLAlchemy stores it in SQLite: dates as ``YYYY-MM-DD``, timestamps in UTC without the zone."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _create_stage(connection: Connection) -> None:
    stage.drop(connection, checkfirst=True)
    stage.create(connection)


def _same_key(table: Table) -> Any:
    return and_(*(table.c[name] == stage.c[name] for name in KEY_COLUMNS))


def _classify(connection: Connection) -> None:
    held = exists().where(_same_key(document_status))
    same = exists().where(
        _same_key(document_status),
        *(document_status.c[name].is_not_distinct_from(stage.c[name]) for name in CONTENT_COLUMNS),
    )
    op = case(
        (~held, case((stage.c.status == CLEARED, "absent"), else_="add")),
        (stage.c.status == CLEARED, "remove"),
        (same, "same"),
        else_="change",
    )
    connection.execute(stage.update().values(op=op))


def _count(connection: Connection) -> Delta:
    counts: dict[str, int] = dict(connection.execute(select(stage.c.op, func.count()).group_by(stage.c.op)).all())
    delta = Delta(
        added=counts.get("add", 0),
        changed=counts.get("change", 0),
        removed=counts.get("remove", 0),
        unchanged=counts.get("same", 0),
        not_held=counts.get("absent", 0),
    )
    for op in ("add", "change", "remove"):
        if counts.get(op):
            query = select(_record_id()).where(stage.c.op == op).order_by(stage.c.line).limit(_SAMPLE)
            delta.samples[op] = list(connection.execute(query).scalars())
    return delta


def _record_id() -> Any:
    return stage.c.issuing_country + "/" + stage.c.document_type + "/" + stage.c.number_key


def _record_changes(connection: Connection, now: datetime) -> None:
    feed = (
        select(
            literal(DOCUMENT_KIND),
            stage.c.owner_node,
            _record_id(),
            stage.c.op,
            literal(now, holding_changes.c.at.type),
        )
        .where(stage.c.op.in_(("add", "change", "remove")))
        .order_by(stage.c.line)
    )
    columns = ["kind", "owner_node", "record_id", "op", "at"]
    connection.execute(holding_changes.insert().from_select(columns, feed))


def _delete_replaced(connection: Connection) -> None:
    replaced = select(*(stage.c[name] for name in KEY_COLUMNS)).where(stage.c.op.in_(("change", "remove")))
    key = tuple_(*(document_status.c[name] for name in KEY_COLUMNS))
    connection.execute(document_status.delete().where(key.in_(replaced)))


def _insert_new(connection: Connection, now: datetime) -> None:
    columns = [*KEY_COLUMNS, *CONTENT_COLUMNS]
    new = select(*(stage.c[name] for name in columns), literal(now, document_status.c.updated_at.type)).where(
        stage.c.op.in_(("add", "change"))
    )
    connection.execute(document_status.insert().from_select([*columns, "updated_at"], new))
