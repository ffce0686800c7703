"""The one place that knows the difference between SQLite and PostgreSQL.

SQLite: WAL journal, foreign keys on, and every write transaction taken with ``BEGIN IMMEDIATE`` under one
process-wide lock, so there is exactly one writer and no "database is locked" surprises halfway through a load.
PostgreSQL: plain transactions; an optional schema (``search_path``) lets several nodes share one test database.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Insert, Table, create_engine, event, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

_SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA busy_timeout=10000",
    "PRAGMA cache_size=-65536",
)

# SQLite refuses statements with more than 32,766 bound variables; PostgreSQL allows 65,535.
_MAX_VARIABLES = {"sqlite": 32_000, "postgresql": 60_000}


def normalise_url(url: str) -> str:
    """Accept ``postgresql://`` URLs as people write them and use the psycopg 3 driver for them."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


class Database:
    """An engine plus the writer discipline. ``read()`` for queries, ``write()`` for a transaction that changes data."""

    def __init__(self, url: str, *, schema: str | None = None, echo: bool = False) -> None:
        self.url = normalise_url(url)
        self.schema = schema
        self.dialect_name = make_url(self.url).get_backend_name()
        self._write_lock = threading.RLock()
        self.engine = self._create_engine(echo)

    @property
    def is_sqlite(self) -> bool:
        return self.dialect_name == "sqlite"

    @property
    def max_variables(self) -> int:
        return _MAX_VARIABLES.get(self.dialect_name, 30_000)

    def _create_engine(self, echo: bool) -> Engine:
        if self.is_sqlite:
            engine = create_engine(
                self.url, echo=echo, connect_args={"check_same_thread": False, "timeout": 30}, pool_size=8
            )

            @event.listens_for(engine, "connect")
            def _on_connect(dbapi_connection: Any, _record: Any) -> None:
                # Let SQLAlchemy's "begin" event below issue BEGIN itself, so writes can ask for IMMEDIATE.
                dbapi_connection.isolation_level = None
                cursor = dbapi_connection.cursor()
                for pragma in _SQLITE_PRAGMAS:
                    cursor.execute(pragma)
                cursor.close()

            @event.listens_for(engine, "begin")
            def _on_begin(connection: Connection) -> None:
                mode = connection.get_execution_options().get("sqlite_begin", "BEGIN")
                connection.exec_driver_sql(mode)

            return engine
        connect_args: dict[str, Any] = {}
        if self.schema:
            connect_args["options"] = f"-csearch_path={self.schema}"
        return create_engine(self.url, echo=echo, connect_args=connect_args, pool_pre_ping=True, pool_size=10)

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection in a read transaction (a consistent snapshot on both backends)."""
        with self.engine.connect() as connection, connection.begin():
            yield connection

    @contextmanager
    def write(self, *, wait_for_disk: bool = True) -> Iterator[Connection]:
        """A write transaction: committed when the block ends, rolled back whole if it raises.

        ``wait_for_disk=False`` lets PostgreSQL answer before the commit is flushed (``synchronous_commit = off``),
        the durability SQLite's WAL with ``synchronous=NORMAL`` gives every commit: a crash of the machine may lose
        the last fraction of a second of such transactions, never corrupt them. For appends that must not slow
        a query down (the audit entry of a document check); changes to holdings always wait.
        """
        with self._write_lock, self.engine.connect() as connection:
            if self.is_sqlite:
                connection = connection.execution_options(sqlite_begin="BEGIN IMMEDIATE")
            with connection.begin():
                if not wait_for_disk and not self.is_sqlite:
                    connection.exec_driver_sql("SET LOCAL synchronous_commit = off")
                yield connection

    def insert(self, table: Table) -> Insert:
        """The dialect's own INSERT, which offers ``on_conflict_do_nothing`` / ``on_conflict_do_update``."""
        if self.is_sqlite:
            return sqlite.insert(table)
        return postgresql.insert(table)

    def rows_per_statement(self, columns: int) -> int:
        """How many rows one multi-row statement can carry without passing the backend's variable limit."""
        return max(1, self.max_variables // max(1, columns))

    def dispose(self) -> None:
        self.engine.dispose()


def create_schema_if_missing(url: str, schema: str) -> None:
    """Create a PostgreSQL schema (used to give each test or demo node its own namespace)."""
    engine = create_engine(normalise_url(url), poolclass=NullPool)
    with engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    engine.dispose()


def drop_schema(url: str, schema: str) -> None:
    engine = create_engine(normalise_url(url), poolclass=NullPool)
    with engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()
