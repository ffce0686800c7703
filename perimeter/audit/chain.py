"""Hash chaining of audit entries (pure: no storage here).

Each entry's hash covers its own content and the previous entry's hash, so changing, removing or reordering any
entry breaks every hash after it. ``verify`` walks a chain and names the first entry that does not hold.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class AuditEvent:
    """Something that happened, before it is placed in the chain."""

    actor: str
    action: str
    target: str | None = None
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: datetime
    actor: str
    action: str
    target: str | None
    details: dict[str, Any]
    prev_hash: str
    entry_hash: str


def canonical_json(value: Any) -> str:
    """One byte-exact JSON text for a value: sorted keys, no spaces, UTF-8 kept."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def compute_hash(seq: int, at: datetime, event: AuditEvent, prev_hash: str) -> str:
    body = canonical_json(
        {
            "seq": seq,
            "at": at.isoformat(timespec="microseconds"),
            "actor": event.actor,
            "action": event.action,
            "target": event.target,
            "details": event.details,
            "prev": prev_hash,
        }
    )
    return hashlib.sha256(body.encode()).hexdigest()


def chain(seq: int, at: datetime, event: AuditEvent, prev_hash: str) -> AuditEntry:
    """The entry that follows ``prev_hash`` in the chain."""
    digest = compute_hash(seq, at, event, prev_hash)
    return AuditEntry(seq, at, event.actor, event.action, event.target, event.details, prev_hash, digest)


@dataclass(frozen=True)
class Verification:
    ok: bool
    entries: int
    last_hash: str
    first_broken: int | None = None
    reason: str | None = None


def verify(entries: Iterable[AuditEntry], *, start_hash: str = GENESIS_HASH, start_seq: int = 1) -> Verification:
    """Check every link; stop at the first entry whose sequence, link or hash does not hold."""
    expected_prev, expected_seq, count = start_hash, start_seq, 0
    for entry in entries:
        if entry.seq != expected_seq:
            return Verification(
                False, count, expected_prev, entry.seq, f"expected entry {expected_seq}, found {entry.seq}"
            )
        if entry.prev_hash != expected_prev:
            return Verification(False, count, expected_prev, entry.seq, "its link to the previous entry does not match")
        event = AuditEvent(entry.actor, entry.action, entry.target, entry.details)
        if compute_hash(entry.seq, entry.at, event, entry.prev_hash) != entry.entry_hash:
            return Verification(False, count, expected_prev, entry.seq, "its content does not match its hash")
        expected_prev, expected_seq, count = entry.entry_hash, entry.seq + 1, count + 1
    return Verification(True, count, expected_prev)
