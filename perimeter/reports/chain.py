"""A period's run of the audit chain: the entries from the first to the last dated in the period, and its check.

Reports, exports and the oversight page work on the period they cover, so that their cost follows the period and
not the length of the whole chain (``perimeter audit verify`` checks the whole chain).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import Connection, func, select

from perimeter.audit.chain import GENESIS_HASH, AuditEntry, Verification, verify
from perimeter.store import audit_log as log
from perimeter.store.tables.audit import audit_log


def seq_range(connection: Connection, since: datetime, until: datetime) -> tuple[int | None, int | None]:
    """The first and last entries dated in ``[since, until)``. Everything between them is the period's run of the
    chain (an entry whose clock stepped back inside the period stays in it)."""
    c = audit_log.c
    query = select(func.min(c.seq), func.max(c.seq)).where(c.at >= since, c.at < until)
    first, last = connection.execute(query).one()
    return first, last


def run_of(connection: Connection, first: int, last: int) -> Iterator[AuditEntry]:
    """The entries ``first`` to ``last``, in order."""
    for entry in log.entries(connection, after_seq=first - 1):
        if entry.seq > last:
            return
        yield entry


def hash_before(connection: Connection, seq: int) -> str:
    """The hash the entry ``seq`` must link to: the previous entry's, or the chain's start."""
    found = connection.execute(select(audit_log.c.entry_hash).where(audit_log.c.seq == seq - 1)).scalar()
    return str(found) if found is not None else GENESIS_HASH


def verify_period(connection: Connection, since: datetime, until: datetime) -> Verification:
    """Every hash and link of the period's run, the first entry linked to the one before it."""
    first, last = seq_range(connection, since, until)
    if first is None or last is None:
        return Verification(True, 0, hash_before(connection, 1))
    return verify(run_of(connection, first, last), start_hash=hash_before(connection, first), start_seq=first)
