"""Users, passwords and API tokens: creating them, and turning a presented credential into an :class:`Actor`."""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from perimeter.core.access import Actor, Permission, Role
from perimeter.core.errors import AuthenticationRequired, Conflict, InvalidInput, NotFound
from perimeter.core.secrets import hash_password, hash_secret, new_token, split_token, verify_password
from perimeter.services.node import Node
from perimeter.store import users as store
from perimeter.store.tables.base import utc_now

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,62}$")
_TOUCH_INTERVAL = timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    token_id: str
    token: str  # shown once, never stored
    username: str
    expires_at: datetime | None


def add_user(
    node: Node, actor: Actor, username: str, role: Role, display_name: str = "", password: str | None = None
) -> store.UserRow:
    actor.require(Permission.USERS_MANAGE)
    if not _USERNAME.match(username):
        raise InvalidInput(f"username {username!r} must be 2 to 63 lower-case letters, digits, '.', '_' or '-'")
    row = store.UserRow(
        username=username,
        display_name=display_name or username,
        role=role,
        password_hash=hash_password(password) if password else None,
        disabled=False,
        created_at=utc_now(),
    )
    with node.db.write() as connection:
        if store.get_user(connection, username):
            raise Conflict(f"user {username!r} already exists")
        store.insert_user(connection, row)
        node.audit(connection, actor, "user.add", username, role=role.value)
    return row


def set_password(node: Node, actor: Actor, username: str, password: str) -> None:
    actor.require(Permission.USERS_MANAGE)
    with node.db.write() as connection:
        _existing(connection, username)
        store.update_user(connection, username, password_hash=hash_password(password))
        node.audit(connection, actor, "user.password", username)


def set_disabled(node: Node, actor: Actor, username: str, disabled: bool) -> None:
    actor.require(Permission.USERS_MANAGE)
    with node.db.write() as connection:
        _existing(connection, username)
        store.update_user(connection, username, disabled=disabled)
        node.audit(connection, actor, "user.disable" if disabled else "user.enable", username)


def list_users(node: Node, actor: Actor) -> list[store.UserRow]:
    actor.require(Permission.USERS_MANAGE)
    with node.db.read() as connection:
        return store.list_users(connection)


def create_token(
    node: Node, actor: Actor, username: str, label: str = "", valid_days: int | None = None
) -> IssuedToken:
    actor.require(Permission.USERS_MANAGE)
    days = node.settings.token_ttl_days if valid_days is None else valid_days
    now = utc_now()
    expires = now + timedelta(days=days) if days > 0 else None
    token_id, token, secret_hash = new_token()
    with node.db.write() as connection:
        user = _existing(connection, username)
        if user.disabled:
            raise Conflict(f"user {username!r} is disabled")
        store.insert_token(connection, store.TokenRow(token_id, username, secret_hash, label, now, expires, None, None))
        node.audit(connection, actor, "token.create", username, token_id=token_id, expires_at=str(expires))
    return IssuedToken(token_id, token, username, expires)


def revoke_token(node: Node, actor: Actor, token_id: str) -> None:
    actor.require(Permission.USERS_MANAGE)
    with node.db.write() as connection:
        token = store.get_token(connection, token_id)
        if token is None:
            raise NotFound(f"no token {token_id!r}")
        store.update_token(connection, token_id, revoked_at=utc_now())
        node.audit(connection, actor, "token.revoke", token.username, token_id=token_id)


def list_tokens(node: Node, actor: Actor, username: str | None = None) -> list[store.TokenRow]:
    actor.require(Permission.USERS_MANAGE)
    with node.db.read() as connection:
        return store.list_tokens(connection, username)


def authenticate_token(node: Node, token: str) -> Actor:
    """The actor a bearer token stands for, or :class:`AuthenticationRequired` saying why it is refused."""
    parts = split_token(token)
    if parts is None:
        raise AuthenticationRequired("the bearer token is malformed; tokens look like prm_<id>_<secret>")
    token_id, secret = parts
    now = utc_now()
    with node.db.read() as connection:
        row = store.get_token(connection, token_id)
        user = store.get_user(connection, row.username) if row else None
    if row is None or user is None or not hmac.compare_digest(row.secret_hash, hash_secret(secret)):
        raise AuthenticationRequired("unknown or wrong token")
    if row.revoked_at is not None:
        raise AuthenticationRequired(f"token {token_id} was revoked")
    if row.expires_at is not None and row.expires_at <= now:
        raise AuthenticationRequired(f"token {token_id} expired on {row.expires_at:%Y-%m-%d}")
    if user.disabled:
        raise AuthenticationRequired(f"user {user.username!r} is disabled")
    if row.last_used_at is None or now - row.last_used_at > _TOUCH_INTERVAL:
        with node.db.write() as connection:
            store.update_token(connection, token_id, last_used_at=now)
    return Actor.user(user.username, user.role)


def authenticate_password(node: Node, username: str, password: str) -> Actor:
    with node.db.read() as connection:
        user = store.get_user(connection, username)
    if user is None or user.password_hash is None or not verify_password(password, user.password_hash):
        raise AuthenticationRequired("wrong username or password")
    if user.disabled:
        raise AuthenticationRequired(f"user {username!r} is disabled")
    return Actor.user(user.username, user.role)


def _existing(connection: object, username: str) -> store.UserRow:
    user = store.get_user(connection, username)  # type: ignore[arg-type]
    if user is None:
        raise NotFound(f"no user {username!r}")
    return user
