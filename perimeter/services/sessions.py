"""Browser sessions: signing in with a password, resolving the session cookie, signing out."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select, update

from perimeter.core.access import Actor
from perimeter.core.secrets import hash_secret
from perimeter.services import users
from perimeter.services.node import Node
from perimeter.store import users as user_store
from perimeter.store.tables.base import utc_now
from perimeter.store.tables.sessions import ui_sessions

_TOUCH_INTERVAL = timedelta(minutes=1)


@dataclass(frozen=True)
class Session:
    actor: Actor
    csrf_token: str
    display_name: str


def sign_in(node: Node, username: str, password: str) -> tuple[str, Session]:
    """Check the password and open a session; returns the cookie value (shown once) and the session."""
    try:
        actor = users.authenticate_password(node, username, password)
    except Exception:
        with node.db.write() as connection:
            node.audit(connection, f"user:{username}", "session.sign-in.refused", username)
        raise
    cookie = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(24)
    now = utc_now()
    with node.db.write() as connection:
        connection.execute(
            ui_sessions.insert().values(
                session_hash=hash_secret(cookie),
                username=actor.name,
                csrf_token=csrf,
                created_at=now,
                expires_at=now + timedelta(minutes=node.settings.session_idle_minutes),
                last_seen_at=now,
            )
        )
        connection.execute(delete(ui_sessions).where(ui_sessions.c.expires_at < now))
        node.audit(connection, actor, "session.sign-in", actor.name)
        user = user_store.get_user(connection, actor.name)
    return cookie, Session(actor, csrf, user.display_name if user else actor.name)


def resolve(node: Node, cookie: str) -> Session | None:
    """The session a cookie stands for, sliding its expiry; ``None`` when unknown, expired or the user disabled."""
    now = utc_now()
    key = hash_secret(cookie)
    with node.db.read() as connection:
        row = connection.execute(select(ui_sessions).where(ui_sessions.c.session_hash == key)).first()
        user = user_store.get_user(connection, row.username) if row else None
    if row is None or user is None or user.disabled or row.expires_at <= now:
        return None
    if now - row.last_seen_at > _TOUCH_INTERVAL:
        with node.db.write() as connection:
            connection.execute(
                update(ui_sessions)
                .where(ui_sessions.c.session_hash == key)
                .values(last_seen_at=now, expires_at=now + timedelta(minutes=node.settings.session_idle_minutes))
            )
    return Session(Actor.user(user.username, user.role), row.csrf_token, user.display_name)


def sign_out(node: Node, cookie: str) -> None:
    with node.db.write() as connection:
        row = connection.execute(
            select(ui_sessions.c.username).where(ui_sessions.c.session_hash == hash_secret(cookie))
        ).first()
        if row is not None:
            connection.execute(delete(ui_sessions).where(ui_sessions.c.session_hash == hash_secret(cookie)))
            node.audit(connection, f"user:{row.username}", "session.sign-out", row.username)
