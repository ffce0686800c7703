"""Users and API tokens in the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select, update

from perimeter.core.access import Role
from perimeter.store.tables.users import api_tokens, users


@dataclass(frozen=True)
class UserRow:
    username: str
    display_name: str
    role: Role
    password_hash: str | None
    disabled: bool
    created_at: datetime


@dataclass(frozen=True)
class TokenRow:
    token_id: str
    username: str
    secret_hash: str
    label: str
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None


def _user(row: object) -> UserRow:
    r = row._mapping  # type: ignore[attr-defined]
    return UserRow(
        r["username"], r["display_name"], Role(r["role"]), r["password_hash"], r["disabled"], r["created_at"]
    )


def get_user(connection: Connection, username: str) -> UserRow | None:
    row = connection.execute(select(users).where(users.c.username == username)).first()
    return _user(row) if row else None


def list_users(connection: Connection) -> list[UserRow]:
    return [_user(row) for row in connection.execute(select(users).order_by(users.c.username))]


def insert_user(connection: Connection, user: UserRow) -> None:
    connection.execute(
        users.insert().values(
            username=user.username,
            display_name=user.display_name,
            role=user.role.value,
            password_hash=user.password_hash,
            disabled=user.disabled,
            created_at=user.created_at,
        )
    )


def update_user(connection: Connection, username: str, **values: object) -> None:
    connection.execute(update(users).where(users.c.username == username).values(**values))


def get_token(connection: Connection, token_id: str) -> TokenRow | None:
    row = connection.execute(select(api_tokens).where(api_tokens.c.token_id == token_id)).first()
    return TokenRow(**row._mapping) if row else None


def list_tokens(connection: Connection, username: str | None = None) -> list[TokenRow]:
    query = select(api_tokens).order_by(api_tokens.c.created_at)
    if username:
        query = query.where(api_tokens.c.username == username)
    return [TokenRow(**row._mapping) for row in connection.execute(query)]


def insert_token(connection: Connection, token: TokenRow) -> None:
    connection.execute(api_tokens.insert().values(**token.__dict__))


def update_token(connection: Connection, token_id: str, **values: object) -> None:
    connection.execute(update(api_tokens).where(api_tokens.c.token_id == token_id).values(**values))
