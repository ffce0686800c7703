"""People and the API tokens they use."""

from sqlalchemy import Boolean, Column, ForeignKey, String, Table, Text

from perimeter.store.tables.base import UTCDateTime, metadata

users = Table(
    "users",
    metadata,
    Column("username", String(100), primary_key=True),
    Column("display_name", String(200), nullable=False),
    Column("role", String(30), nullable=False),
    Column("password_hash", Text, nullable=True, comment="scrypt; empty for token-only accounts"),
    Column("disabled", Boolean, nullable=False, default=False),
    Column("created_at", UTCDateTime, nullable=False),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("token_id", String(32), primary_key=True),
    Column("username", String(100), ForeignKey("users.username", ondelete="CASCADE"), nullable=False, index=True),
    Column("secret_hash", String(64), nullable=False, comment="SHA-256 of the secret; the secret is never stored"),
    Column("label", String(200), nullable=False, default=""),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=True),
    Column("revoked_at", UTCDateTime, nullable=True),
    Column("last_used_at", UTCDateTime, nullable=True),
)
