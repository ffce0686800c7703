"""The migrations and the table definitions must describe the same schema, on both backends."""

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from perimeter.services.node import Node
from perimeter.store import migrate
from perimeter.store.database import Database, sqlite_url
from perimeter.store.tables import metadata


def test_database_is_at_head(node: Node) -> None:
    assert migrate.current_revision(node.db) == migrate.head_revision()


def test_tables_and_migrations_agree(node: Node) -> None:
    with node.db.read() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, metadata)
    assert differences == [], "write a migration for these schema changes (docs/development.md)"


def test_the_head_read_from_the_scripts_is_alembics() -> None:
    assert migrate.script_head() is not None and migrate.script_head() == migrate.head_revision()


def test_ensure_head_leaves_a_database_at_head_alone(node: Node, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(db: Database, revision: str = "head") -> None:
        raise AssertionError("upgrade called on a database at head")

    monkeypatch.setattr(migrate, "upgrade", fail)
    migrate.ensure_head(node.db)


def test_ensure_head_upgrades_a_database_behind(tmp_path: Path) -> None:
    db = Database(sqlite_url(tmp_path / "behind.db"))
    try:
        migrate.upgrade(db, "0003")
        migrate.ensure_head(db)
        assert migrate.current_revision(db) == migrate.head_revision()
    finally:
        db.dispose()
