"""Agreements: propose one, sign it, import it once every party has signed, list and show them.

An agreement governs nothing until this node holds a version signed by every party, each signature verified with
the key this node holds for that party (its own key for itself).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import Connection

from perimeter.core.access import Actor, Permission
from perimeter.core.errors import Conflict, InvalidInput, NotFound
from perimeter.federation.identity import load_private_key
from perimeter.services.node import Node
from perimeter.sharing import signing
from perimeter.sharing.signing import SignedAgreement
from perimeter.store import agreements as store
from perimeter.store import partners
from perimeter.store.tables.base import utc_now


def propose(node: Node, actor: Actor, text: str, source: str = "agreement") -> SignedAgreement:
    """Check a draft and sign it as this node: the text to send to the other parties."""
    actor.require(Permission.AGREEMENTS_WRITE)
    signed = signing.parse(text, source)
    if signed.signatures:
        raise InvalidInput(f"{source} already carries signatures; use `perimeter agreement sign` to add this node's")
    return _sign(node, actor, signed, "agreement.propose")


def sign(node: Node, actor: Actor, text: str, source: str = "agreement") -> SignedAgreement:
    """Add this node's signature to an agreement another party proposed (their signatures must verify)."""
    actor.require(Permission.AGREEMENTS_WRITE)
    signed = signing.parse(text, source)
    with node.db.read() as connection:
        signing.verify_present(signed, key_resolver(node, connection))
    return _sign(node, actor, signed, "agreement.sign")


def import_agreement(node: Node, actor: Actor, text: str, source: str = "agreement") -> SignedAgreement:
    """Hold a fully signed agreement; from its in-force date it governs exchange with the other parties."""
    actor.require(Permission.AGREEMENTS_WRITE)
    signed = signing.parse(text, source)
    if node.node_id not in signed.agreement.parties:
        raise InvalidInput(f"{signed.key} is between {', '.join(signed.agreement.parties)}, not this node")
    with node.db.write() as connection:
        signing.verify(signed, key_resolver(node, connection))
        existing = store.get(connection, signed.agreement.agreement, signed.agreement.version)
        if existing is not None:
            if existing.digest == signed.digest:
                return existing
            raise Conflict(f"{signed.key} is already held with different content; a change needs a new version")
        store.save(connection, signed, utc_now())
        node.audit(
            connection,
            actor,
            "agreement.import",
            signed.agreement.agreement,
            version=signed.agreement.version,
            digest=signed.digest,
            parties=list(signed.agreement.parties),
        )
    return signed


def list_agreements(node: Node, actor: Actor) -> list[SignedAgreement]:
    actor.require(Permission.AGREEMENTS_READ)
    with node.db.read() as connection:
        return store.newest_all(connection)


def show(node: Node, actor: Actor, agreement_id: str, version: int | None = None) -> SignedAgreement:
    actor.require(Permission.AGREEMENTS_READ)
    with node.db.read() as connection:
        found = store.get(connection, agreement_id, version)
    if found is None:
        raise NotFound(f"no agreement {agreement_id!r}" + (f" version {version}" if version else ""))
    return found


def summary(signed: SignedAgreement, today: date) -> dict[str, object]:
    agreement = signed.agreement
    state = "in force" if agreement.in_force_on(today) else ("expired" if today > agreement.expires else "pending")
    return {
        "agreement": agreement.agreement,
        "version": agreement.version,
        "title": agreement.title,
        "parties": ", ".join(agreement.parties),
        "in_force": agreement.in_force,
        "expires": agreement.expires,
        "state": state,
        "clauses": ", ".join(f"{c.id} ({c.record_kind}, {c.level.value}, {c.mode.value})" for c in agreement.clauses),
        "digest": signed.digest,
    }


def key_resolver(node: Node, connection: Connection) -> Callable[[str], Ed25519PublicKey | None]:
    """Partners' keys, and this node's own key for itself."""
    partner_key = partners.key_resolver(connection)

    def key_for(node_id: str) -> Ed25519PublicKey | None:
        return node.identity.public_key() if node_id == node.node_id else partner_key(node_id)

    return key_for


def _sign(node: Node, actor: Actor, signed: SignedAgreement, action: str) -> SignedAgreement:
    result = signing.sign(signed, node.node_id, load_private_key(node.home))
    with node.db.write() as connection:
        node.audit(
            connection,
            actor,
            action,
            signed.agreement.agreement,
            version=signed.agreement.version,
            digest=signed.digest,
        )
    return result
