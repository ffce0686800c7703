"""The audit trail: `audit verify` names the first broken entry; partners catch a node that rewrites its history."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from sqlalchemy import select, update

from perimeter.audit.chain import AuditEvent, compute_hash
from perimeter.cli.main import cli
from perimeter.core.access import Actor
from perimeter.services import audit_checks
from perimeter.services.node import Node
from perimeter.store import audit_log
from perimeter.store.tables.audit import audit_log as audit_table
from tests.federation.conftest import Federation


def _tamper(node: Node, seq: int, *, rehash: bool) -> None:
    """Change entry ``seq``'s details; with ``rehash``, recompute every later hash so the chain verifies again."""
    with node.db.write() as connection:
        entries = list(audit_log.entries(connection, after_seq=seq - 1))
        prev = entries[0].prev_hash
        for position, entry in enumerate(entries):
            details = {**entry.details, "rewritten": True} if position == 0 else entry.details
            digest = compute_hash(
                entry.seq, entry.at, AuditEvent(entry.actor, entry.action, entry.target, details), prev
            )
            values: dict[str, Any] = {"details": details}
            if rehash or position == 0:
                values.update(prev_hash=prev, entry_hash=digest if rehash else entry.entry_hash)
            connection.execute(update(audit_table).where(audit_table.c.seq == entry.seq).values(**values))
            prev = digest
            if not rehash:
                break


def test_verify_names_the_first_broken_entry(node: Node, tmp_path: Path) -> None:
    assert audit_checks.verify_chain(node, Actor.system()).ok
    _tamper(node, 1, rehash=False)
    result = audit_checks.verify_chain(node, Actor.system())
    assert not result.ok and result.first_broken == 1 and "content does not match" in (result.reason or "")
    out = CliRunner().invoke(cli, ["--home", str(node.home), "audit", "verify", "--json"])
    if node.settings.database_url:  # the CLI opens the node from its home; PostgreSQL nodes need their URL
        return
    assert out.exit_code == 1 and '"first_broken": 1' in out.output


def test_a_partner_catches_a_rewritten_history(pair: Federation) -> None:
    us, ca = pair.nodes["us-cbp"], pair.nodes["ca-cbsa"]

    async def exchange() -> dict[str, Any]:
        async with pair.client("us-cbp") as client:
            return await audit_checks.exchange(us, client, "ca-cbsa")

    first = asyncio.run(exchange())
    assert first["consistent"] and first["latest_seq"] > 3
    assert asyncio.run(exchange())["consistent"]  # honest history: still consistent
    _tamper(ca, 3, rehash=True)
    assert audit_checks.verify_chain(ca, Actor.system()).ok  # the rewrite is invisible to the node itself
    caught = asyncio.run(exchange())
    assert caught["consistent"] is False
    with us.db.read() as connection:
        mismatches = [e for e in audit_log.entries(connection, action_prefix="audit.checkpoint.mismatch")]
        assert mismatches and mismatches[0].target == "ca-cbsa"
        assert connection.execute(select(audit_table.c.seq)).first() is not None
