"""The migrations and the table definitions must describe the same schema, on both backends."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from perimeter.services.node import Node
from perimeter.store import migrate
from perimeter.store.tables import metadata


def test_database_is_at_head(node: Node) -> None:
    assert migrate.current_revision(node.db) == migrate.head_revision()


def test_tables_and_migrations_agree(node: Node) -> None:
    with node.db.read() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, metadata)
    assert differences == [], "write a migration for these schema changes (docs/development.md)"
