"""Agreements in the database: every version kept, the newest one in force governs."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from sqlalchemy import Connection, select

from perimeter.sharing.signing import SignedAgreement, parse
from perimeter.store.tables.federation import agreements


def save(connection: Connection, signed: SignedAgreement, at: datetime) -> None:
    connection.execute(
        agreements.insert().values(
            agreement_id=signed.agreement.agreement,
            version=signed.agreement.version,
            document=signed.render(),
            canonical_sha256=signed.digest,
            parties=list(signed.agreement.parties),
            signatures=dict(signed.signatures),
            in_force=signed.agreement.in_force,
            expires=signed.agreement.expires,
            imported_at=at,
        )
    )


def get(connection: Connection, agreement_id: str, version: int | None = None) -> SignedAgreement | None:
    """A given version, or the newest one held."""
    query = select(agreements.c.document, agreements.c.version).where(agreements.c.agreement_id == agreement_id)
    if version is not None:
        query = query.where(agreements.c.version == version)
    row = connection.execute(query.order_by(agreements.c.version.desc()).limit(1)).first()
    return _parsed(row.document, f"agreement {agreement_id} v{row.version}") if row else None


def newest_all(connection: Connection) -> list[SignedAgreement]:
    rows = connection.execute(
        select(agreements.c.agreement_id, agreements.c.version, agreements.c.document).order_by(
            agreements.c.agreement_id, agreements.c.version.desc()
        )
    ).all()
    seen: dict[str, SignedAgreement] = {}
    for row in rows:
        if row.agreement_id not in seen:
            seen[row.agreement_id] = _parsed(row.document, f"agreement {row.agreement_id} v{row.version}")
    return list(seen.values())


def versions(connection: Connection, agreement_id: str) -> list[int]:
    query = select(agreements.c.version).where(agreements.c.agreement_id == agreement_id)
    return sorted(connection.execute(query).scalars())


@lru_cache(maxsize=256)
def _parsed(document: str, source: str) -> SignedAgreement:
    """Agreements are read on every request between nodes; a stored text is parsed once per process."""
    return parse(document, source)
