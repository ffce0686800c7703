"""The nonces of signed requests seen, kept until their signature has expired: a second use is a replay."""

from __future__ import annotations

import zlib
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete

from perimeter.store.database import Database
from perimeter.store.tables.federation import federation_nonces


def remember(db: Database, connection: Connection, keyid: str, nonce: str, keep_until: datetime, now: datetime) -> bool:
    """Record a nonce; False when it was already recorded (the request is a replay)."""
    if zlib.crc32(nonce.encode()) % 32 == 0:  # now and then, forget the nonces whose signatures have expired
        connection.execute(delete(federation_nonces).where(federation_nonces.c.expires_at < now))
    insert: Any = db.insert(federation_nonces)  # the dialect's INSERT, which has on_conflict_do_nothing
    # RETURNING, not rowcount: psycopg reports -1 as the row count of INSERT ... ON CONFLICT DO NOTHING.
    inserted = connection.execute(
        insert.values(keyid=keyid, nonce=nonce, expires_at=keep_until)
        .on_conflict_do_nothing(index_elements=["keyid", "nonce"])
        .returning(federation_nonces.c.nonce)
    )
    return inserted.first() is not None
