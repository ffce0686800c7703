"""Storage: SQLAlchemy Core schema, repositories and migrations. SQLite by default, PostgreSQL by URL."""
