"""Checking audit trails: this node's whole chain, and partners' chains against the checkpoints they signed."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import Connection, select

from perimeter.audit import checkpoints
from perimeter.audit.chain import Verification, verify
from perimeter.audit.checkpoints import Checkpoint
from perimeter.core.access import Actor, Permission
from perimeter.core.errors import InvalidInput, NotFound
from perimeter.federation import inbox
from perimeter.federation.client import PartnerClient
from perimeter.federation.identity import load_private_key
from perimeter.federation.messages import InboundMessage
from perimeter.federation.ping import agreement_with
from perimeter.services.node import Node
from perimeter.store import audit_log, partners
from perimeter.store.tables.audit import audit_log as audit_table
from perimeter.store.tables.base import utc_now
from perimeter.store.tables.federation import audit_checkpoints

KIND = "audit.checkpoint"
PURPOSE = "audit-checkpoint"


def verify_chain(node: Node, actor: Actor) -> Verification:
    """Walk the whole chain from its first entry; the result names the first entry that does not hold."""
    actor.require(Permission.AUDIT_READ)
    with node.db.read() as connection:
        result = verify(audit_log.entries(connection))
    with node.db.write() as connection:
        node.audit(connection, actor, "audit.verify", None, ok=result.ok, entries=result.entries,
                   first_broken=result.first_broken)  # fmt: skip
    return result


def own_checkpoint(node: Node, connection: Connection, seq: int | None = None) -> Checkpoint:
    query = select(audit_table.c.seq, audit_table.c.entry_hash)
    query = query.where(audit_table.c.seq == seq) if seq else query.order_by(audit_table.c.seq.desc()).limit(1)
    row = connection.execute(query).first()
    if row is None:
        raise NotFound(f"this node's audit chain has no entry {seq}")
    draft = Checkpoint(node.node_id, int(row.seq), row.entry_hash, utc_now().isoformat())
    return checkpoints.sign(draft, load_private_key(node.home))


@inbox.register_query(KIND)
def answer_checkpoint(node: Node, connection: Connection, message: InboundMessage) -> dict[str, Any]:
    seq = message.payload.get("seq")
    return own_checkpoint(node, connection, int(seq) if seq else None).to_json()


async def exchange(node: Node, client: PartnerClient, partner: str) -> dict[str, Any]:
    """Re-check the last checkpoint held for ``partner``, then take and keep a new one. Audited either way."""
    agreement_id = await asyncio.to_thread(_agreement_with, node, partner)
    held = await asyncio.to_thread(_latest_held, node, partner)
    outcome: dict[str, Any] = {"partner": partner, "consistent": True}
    key = (await asyncio.to_thread(client.partner, partner)).public_key()
    if held is not None:
        again = Checkpoint.from_json(
            await client.query(partner, KIND, {"seq": held.seq}, agreement_id=agreement_id, purpose=PURPOSE)
        )
        if not checkpoints.verify(again, key) or again.entry_hash != held.entry_hash:
            outcome.update(consistent=False, seq=held.seq, signed=held.entry_hash, now=again.entry_hash)
    latest = Checkpoint.from_json(await client.query(partner, KIND, {}, agreement_id=agreement_id, purpose=PURPOSE))
    if latest.node_id != partner or not checkpoints.verify(latest, key):
        raise InvalidInput(f"{partner} sent a checkpoint that is not signed by it")
    await asyncio.to_thread(_keep, node, latest, outcome)
    return {**outcome, "latest_seq": latest.seq}


async def exchange_all(node: Node, client: PartnerClient) -> list[dict[str, Any]]:
    with node.db.read() as connection:
        names = [partner.node_id for partner in partners.all_partners(connection)]
    results = []
    for name in names:
        try:
            results.append(await exchange(node, client, name))
        except Exception as error:  # a partner that is down or refuses is reported, the others still checked
            results.append({"partner": name, "error": str(error)})
    return results


def _agreement_with(node: Node, partner: str) -> str:
    with node.db.read() as connection:
        return agreement_with(connection, node, partner)


def _latest_held(node: Node, partner: str) -> Checkpoint | None:
    with node.db.read() as connection:
        row = connection.execute(
            select(audit_checkpoints)
            .where(audit_checkpoints.c.node_id == partner)
            .order_by(audit_checkpoints.c.seq.desc())
            .limit(1)
        ).first()
    if row is None:
        return None
    return Checkpoint(row.node_id, int(row.seq), row.entry_hash, row.signed_at.isoformat(), row.signature)


def _keep(node: Node, checkpoint: Checkpoint, outcome: dict[str, Any]) -> None:
    from datetime import datetime

    with node.db.write() as connection:
        if not outcome["consistent"]:
            node.audit(connection, "system", "audit.checkpoint.mismatch", checkpoint.node_id,
                       seq=outcome["seq"], signed=outcome["signed"], now=outcome["now"])  # fmt: skip
        exists = connection.execute(
            select(audit_checkpoints.c.seq).where(
                audit_checkpoints.c.node_id == checkpoint.node_id, audit_checkpoints.c.seq == checkpoint.seq
            )
        ).first()
        if exists is None:
            connection.execute(
                audit_checkpoints.insert().values(
                    node_id=checkpoint.node_id,
                    seq=checkpoint.seq,
                    entry_hash=checkpoint.entry_hash,
                    signed_at=datetime.fromisoformat(checkpoint.signed_at),
                    signature=checkpoint.signature,
                    received_at=utc_now(),
                )
            )
        node.audit(connection, "system", "audit.checkpoint.receive", checkpoint.node_id, seq=checkpoint.seq,
                   consistent=outcome["consistent"])  # fmt: skip
