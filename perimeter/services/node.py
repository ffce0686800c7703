"""A running node: its settings, database and identity, and the one place audit events are emitted."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from perimeter.audit.chain import AuditEntry, AuditEvent
from perimeter.core.access import Actor
from perimeter.core.errors import Conflict
from perimeter.federation.identity import NodeIdentity, create_identity, load_identity
from perimeter.settings import SETTINGS_FILE, Settings, documented_settings
from perimeter.store import audit_log, migrate
from perimeter.store.database import Database
from perimeter.store.tables.base import utc_now
from perimeter.store.tables.identity import node_identity


@dataclass
class Node:
    settings: Settings
    db: Database
    identity: NodeIdentity

    @property
    def node_id(self) -> str:
        return self.identity.node_id

    @property
    def home(self) -> Path:
        return self.settings.home

    def audit(
        self,
        connection: Connection,
        actor: Actor | str,
        action: str,
        target: str | None = None,
        **details: Any,
    ) -> AuditEntry:
        """Record an event in the hash-chained audit log, inside the caller's transaction.

        Every change to holdings, every query, disclosure, refusal and decision goes through here. ``details``
        carries identifiers and counts, never secrets.
        """
        name = actor.audit_name if isinstance(actor, Actor) else actor
        return audit_log.append(connection, AuditEvent(name, action, target, details))

    def close(self) -> None:
        self.db.dispose()


def open_database(settings: Settings) -> Database:
    return Database(settings.resolved_database_url, schema=settings.database_schema or None)


def open_node(settings: Settings) -> Node:
    """Open an initialised node, bringing its schema up to date."""
    identity = load_identity(settings.home)
    db = open_database(settings)
    migrate.ensure_head(db)
    with db.read() as connection:
        stored = connection.execute(select(node_identity.c.node_id)).scalar()
    if stored is not None and stored != identity.node_id:
        db.dispose()
        raise Conflict(
            f"the database at {settings.resolved_database_url} belongs to node {stored!r}, not {identity.node_id!r}"
        )
    return Node(settings, db, identity)


def init_node(settings: Settings, node_id: str, country: str, name: str) -> Node:
    """Create the home, the key pair, the database and the identity row; audited as the chain's first entry."""
    settings.home.mkdir(parents=True, exist_ok=True)
    identity = create_identity(settings.home, node_id, country, name)
    settings_file = settings.home / SETTINGS_FILE
    if not settings_file.exists():
        settings_file.write_text(_settings_template())
    db = open_database(settings)
    migrate.upgrade(db)
    node = Node(settings, db, identity)
    with db.write() as connection:
        existing = connection.execute(select(node_identity.c.node_id)).scalar()
        if existing is not None:
            raise Conflict(f"the database already belongs to node {existing!r}")
        connection.execute(
            node_identity.insert().values(
                node_id=identity.node_id,
                country=identity.country,
                name=identity.name,
                public_key=identity.public_key_pem,
                created_at=utc_now(),
            )
        )
        node.audit(connection, Actor.system(), "node.init", identity.node_id, country=identity.country)
    return node


def _settings_template() -> str:
    lines = ["# Node settings. Environment variables PERIMETER_<NAME> override these.", "[node]"]
    for name, default, help_text in documented_settings():
        if name in ("home", "database_url", "database_schema"):
            continue
        value = f'"{default}"' if isinstance(default, str) else default
        lines.append(f"# {help_text}")
        lines.append(f"# {name} = {value}")
    return "\n".join(lines) + "\n"
