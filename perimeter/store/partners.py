"""Partner nodes in the database: known by node id and public key."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import Connection, delete, select

from perimeter.federation.identity import public_key_from_pem
from perimeter.store.tables.federation import partners


@dataclass(frozen=True)
class Partner:
    node_id: str
    country: str
    url: str
    public_key_pem: str
    key_fingerprint: str
    added_at: datetime
    added_by: str

    def public_key(self) -> Ed25519PublicKey:
        return public_key_from_pem(self.public_key_pem)


def insert(connection: Connection, partner: Partner) -> None:
    connection.execute(
        partners.insert().values(
            node_id=partner.node_id,
            country=partner.country,
            url=partner.url,
            public_key=partner.public_key_pem,
            key_fingerprint=partner.key_fingerprint,
            added_at=partner.added_at,
            added_by=partner.added_by,
        )
    )


def get(connection: Connection, node_id: str) -> Partner | None:
    row = connection.execute(select(partners).where(partners.c.node_id == node_id)).first()
    return _partner(row) if row else None


def all_partners(connection: Connection) -> list[Partner]:
    return [_partner(row) for row in connection.execute(select(partners).order_by(partners.c.node_id))]


def remove(connection: Connection, node_id: str) -> bool:
    return connection.execute(delete(partners).where(partners.c.node_id == node_id)).rowcount > 0


def key_resolver(connection: Connection) -> Callable[[str], Ed25519PublicKey | None]:
    """A lookup of a partner's public key by node id, for verifying signatures."""

    def key_for(node_id: str) -> Ed25519PublicKey | None:
        partner = get(connection, node_id)
        return partner.public_key() if partner else None

    return key_for


def _partner(row: object) -> Partner:
    return Partner(
        row.node_id,  # type: ignore[attr-defined]
        row.country,  # type: ignore[attr-defined]
        row.url,  # type: ignore[attr-defined]
        row.public_key,  # type: ignore[attr-defined]
        row.key_fingerprint,  # type: ignore[attr-defined]
        row.added_at,  # type: ignore[attr-defined]
        row.added_by,  # type: ignore[attr-defined]
    )
