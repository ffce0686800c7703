"""Schema migrations (Alembic), run in-process: ``perimeter init`` and every start bring the schema to head.

Alembic (and every migration script) is imported only when there is something to do: opening a node whose schema
is already at head costs one query (:func:`ensure_head`), which keeps a command-line call quick.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from perimeter.store.database import Database

if TYPE_CHECKING:
    from alembic.config import Config

_SCRIPTS = Path(__file__).parent / "migrations"
_REVISION = re.compile(r"^revision(?:\s*:\s*str)?\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision(?:\s*:[^=]+)?\s*=\s*(.+)$", re.MULTILINE)


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_SCRIPTS))
    return config


def upgrade(db: Database, revision: str = "head") -> None:
    from alembic import command

    with db.write() as connection:
        config = _config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def ensure_head(db: Database) -> None:
    """Upgrade the schema to head, unless the stored revision already is the head (then Alembic is not loaded)."""
    head = script_head()
    if head is None or _stored_revision(db) != head:
        upgrade(db)


@cache
def script_head() -> str | None:
    """The head revision read from the scripts' text, or ``None`` when it cannot be told so simply.

    Only plain ``revision = "..."`` / ``down_revision = "..." | None`` scripts with one head are understood;
    anything else (a merge, a computed value) gives ``None`` and the caller runs Alembic itself.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in (_SCRIPTS / "versions").glob("*.py"):
        source = script.read_text(encoding="utf-8")
        revision = _REVISION.findall(source)
        down = _DOWN_REVISION.findall(source)
        if len(revision) != 1 or len(down) != 1:
            return None
        parent = down[0].strip()
        if parent != "None":
            match = re.fullmatch(r"['\"]([^'\"]+)['\"]", parent)
            if match is None:
                return None
            parents.add(match.group(1))
        revisions.add(revision[0])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def _stored_revision(db: Database) -> str | None:
    """The revision recorded in ``alembic_version``; ``None`` when the table is missing or holds not one row."""
    try:
        with db.read() as connection:
            rows = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except SQLAlchemyError:
        return None
    return str(rows[0]) if len(rows) == 1 else None


def current_revision(db: Database) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with db.read() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head()


def revision(db: Database, message: str) -> None:
    """Write a new migration script from the difference between the schema and the database (developers only)."""
    from alembic import command

    with db.write() as connection:
        config = _config()
        config.attributes["connection"] = connection
        command.revision(config, message=message, autogenerate=True)
