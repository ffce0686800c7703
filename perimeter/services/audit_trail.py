"""The audit trail for oversight: is the chain intact, and what does it say (read-only).

``chain_status`` walks the chain from a checkpoint, the last entry an earlier walk found sound, so a page that shows
the status costs the entries written since, not the whole log; ``verify_chain`` walks it all from the first entry
with the node's verifier (:func:`perimeter.services.audit_checks.verify_chain`, which audits ``audit.verify``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from perimeter.audit.chain import GENESIS_HASH, AuditEntry, Verification, verify
from perimeter.core.access import Actor, Permission
from perimeter.services import audit_checks
from perimeter.services.node import Node
from perimeter.store import audit_log, audit_queries
from perimeter.store.audit_queries import AuditFilter
from perimeter.store.tables.base import utc_now


@dataclass(frozen=True)
class Checkpoint:
    """The chain was found sound up to entry ``seq`` (whose hash is ``entry_hash``) at ``verified_at``."""

    seq: int
    entry_hash: str
    verified_at: datetime
    full_walk_at: datetime | None = None


@dataclass(frozen=True)
class ChainStatus:
    """What a walk found: the verification, how many entries it read, how long it took, the new checkpoint."""

    verification: Verification
    walked: int
    elapsed_ms: float
    checkpoint: Checkpoint | None
    full: bool
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.verification.ok


def verify_chain_from(node: Node, start: Checkpoint | None) -> Verification:
    """Check every entry after ``start`` (all of them when ``None``); the swap point for another verifier."""
    after, prev = (start.seq, start.entry_hash) if start else (0, GENESIS_HASH)
    with node.db.read() as connection:
        return verify(audit_log.entries(connection, after_seq=after), start_hash=prev, start_seq=after + 1)


def chain_status(node: Node, actor: Actor, since: Checkpoint | None = None) -> ChainStatus:
    """The chain's status, walking only what was written after ``since`` (an earlier walk's checkpoint) or, without
    one, after the last whole walk that found the chain intact (its ``audit.verify`` entry); from the first entry
    when the chain was never walked whole."""
    actor.require(Permission.AUDIT_READ)
    if since is None:
        with node.db.read() as connection:
            found = audit_queries.last_whole_walk(connection)
        if found is not None:
            seq, entry_hash, at = found
            since = Checkpoint(seq, entry_hash, at, at)
    return _walk(node, since, full=since is None)


def verify_chain(node: Node, actor: Actor) -> ChainStatus:
    """Walk the whole chain from its first entry with the node's verifier, which records that it did (audited)."""
    started = time.perf_counter()
    result = audit_checks.verify_chain(node, actor)
    elapsed = (time.perf_counter() - started) * 1000
    now = utc_now()
    checkpoint = Checkpoint(result.entries, result.last_hash, now, now) if result.ok and result.entries else None
    return ChainStatus(result, result.entries, elapsed, checkpoint, True)


def _walk(node: Node, since: Checkpoint | None, *, full: bool) -> ChainStatus:
    started = time.perf_counter()
    result = verify_chain_from(node, since)
    elapsed = (time.perf_counter() - started) * 1000
    walked = result.entries
    now = utc_now()
    checkpoint = since
    if result.ok:
        seq = (since.seq if since else 0) + walked
        full_at = now if full else (since.full_walk_at if since else None)
        checkpoint = Checkpoint(seq, result.last_hash, now, full_at) if seq else None
        total = seq
        result = Verification(True, total, result.last_hash)
    return ChainStatus(result, walked, elapsed, checkpoint, full)


def entries(
    node: Node, actor: Actor, where: AuditFilter, *, before_seq: int | None = None, limit: int = 50
) -> list[AuditEntry]:
    """One page of entries matching ``where``, newest first (reading the log is not itself audited)."""
    actor.require(Permission.AUDIT_READ)
    with node.db.read() as connection:
        return audit_queries.page(connection, where, before_seq=before_seq, limit=limit)


def partner_checkpoints(node: Node, actor: Actor) -> list[Any]:
    """The newest checkpoint of each partner's chain held here (partners sign them; see ``audit_checks``)."""
    actor.require(Permission.AUDIT_READ)
    with node.db.read() as connection:
        return audit_queries.partner_checkpoints(connection)
