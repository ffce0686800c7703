"""Decisions remembered: an analyst marks a hit as a false match for one traveller.

The decision is keyed by the traveller's fingerprint (everything the query said) and the entry's content hash, so
the same traveller is not alerted on the same entry again, unless the entry changes (a new hash) or the
traveller's data does (a new fingerprint). Decisions are audited and can be revoked (also audited).
"""

from __future__ import annotations

import re

from sqlalchemy import Connection

from perimeter.core.access import Actor, Permission
from perimeter.core.errors import Conflict, InvalidInput, NotFound
from perimeter.services.node import Node
from perimeter.store import screening as store
from perimeter.store import watchlists
from perimeter.store.tables.base import utc_now

FALSE_MATCH = "false-match"
_FINGERPRINT = re.compile(r"^[0-9a-f]{32}$")
Decision = store.Decision


def mark_false_match(
    node: Node, actor: Actor, fingerprint: str, owner_node: str, record_id: str, reason: str | None = None
) -> Decision:
    """Remember that the traveller ``fingerprint`` is not the person of entry ``owner_node/record_id``."""
    actor.require(Permission.SCREEN_DECIDE)
    if not _FINGERPRINT.match(fingerprint):
        raise InvalidInput(f"fingerprint {fingerprint!r} is not one a screen returned (32 hexadecimal digits)")
    if reason is not None and len(reason) > 2000:
        raise InvalidInput("the reason is longer than 2,000 characters")
    with node.db.write() as connection:
        entry = watchlists.get_entry(connection, owner_node, record_id)
        if entry is None:
            raise NotFound(f"no watch-list entry {owner_node}/{record_id}")
        entry_hash = entry.content_hash()
        for existing in store.decisions_for(connection, fingerprint):
            if (existing.owner_node, existing.record_id, existing.entry_hash) == (owner_node, record_id, entry_hash):
                raise Conflict(f"decision {existing.decision_id} already marks this hit as a false match")
        decision_id = store.add_decision(
            connection,
            fingerprint=fingerprint,
            owner_node=owner_node,
            record_id=record_id,
            entry_hash=entry_hash,
            decision=FALSE_MATCH,
            reason=reason,
            decided_by=actor.audit_name,
            decided_at=utc_now(),
        )
        node.audit(
            connection,
            actor,
            "screen.decision",
            f"{owner_node}/{record_id}",
            decision_id=decision_id,
            decision=FALSE_MATCH,
            fingerprint=fingerprint,
        )
        found = store.get_decision(connection, decision_id)
    assert found is not None
    return found


def revoke(node: Node, actor: Actor, decision_id: int) -> Decision:
    """Withdraw a decision: the traveller is alerted on that entry again."""
    actor.require(Permission.SCREEN_DECIDE)
    with node.db.write() as connection:
        decision = store.get_decision(connection, decision_id)
        if decision is None:
            raise NotFound(f"no screening decision {decision_id}")
        if decision.revoked_at is not None:
            raise Conflict(f"decision {decision_id} was already revoked by {decision.revoked_by}")
        store.revoke_decision(connection, decision_id, actor.audit_name, utc_now())
        node.audit(
            connection,
            actor,
            "screen.decision.revoke",
            f"{decision.owner_node}/{decision.record_id}",
            decision_id=decision_id,
            fingerprint=decision.fingerprint,
        )
        found = store.get_decision(connection, decision_id)
    assert found is not None
    return found


def decisions(node: Node, actor: Actor, fingerprint: str, *, include_revoked: bool = False) -> list[Decision]:
    """The decisions taken for one traveller."""
    actor.require(Permission.SCREEN)
    with node.db.read() as connection:
        return store.decisions_for(connection, fingerprint, active_only=not include_revoked)


def all_active(node: Node) -> dict[str, dict[tuple[str, str, str], int]]:
    """Every active decision, by fingerprint: (owner node, record id, entry hash) -> decision id (for batches)."""
    with node.db.read() as connection:
        return active_by_fingerprint(connection)


def active_by_fingerprint(connection: Connection) -> dict[str, dict[tuple[str, str, str], int]]:
    """:func:`all_active` inside the caller's transaction."""
    found: dict[str, dict[tuple[str, str, str], int]] = {}
    for decision in store.all_active(connection):
        key = (decision.owner_node, decision.record_id, decision.entry_hash)
        found.setdefault(decision.fingerprint, {})[key] = decision.decision_id
    return found
