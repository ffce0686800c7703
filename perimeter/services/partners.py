"""Partner nodes: adding, listing and removing them (each change audited)."""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from perimeter.core.access import Actor, Permission
from perimeter.core.countries import normalise_code
from perimeter.core.errors import Conflict, InvalidInput, NotFound
from perimeter.federation.identity import validate_node_id
from perimeter.services.node import Node
from perimeter.store import partners as store
from perimeter.store.partners import Partner
from perimeter.store.tables.base import utc_now


def fingerprint(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


def parse_public_key(pem: str, source: str = "public key") -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(pem.encode())
    except ValueError:
        raise InvalidInput(f"{source} is not a PEM public key") from None
    if not isinstance(key, Ed25519PublicKey):
        raise InvalidInput(f"{source} is not an Ed25519 public key")
    return key


def add_partner(node: Node, actor: Actor, node_id: str, country: str, url: str, public_key_pem: str) -> Partner:
    actor.require(Permission.PARTNERS_WRITE)
    validate_node_id(node_id)
    if node_id == node.node_id:
        raise InvalidInput(f"{node_id} is this node; a partner is another node")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InvalidInput(f"partner URL {url!r} must be an http(s) URL such as https://node.example.org")
    key = parse_public_key(public_key_pem, f"the public key of {node_id}")
    pem = key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    partner = Partner(node_id, normalise_code(country), url.rstrip("/"), pem, fingerprint(key), utc_now(), actor.name)
    with node.db.write() as connection:
        if store.get(connection, node_id):
            raise Conflict(f"partner {node_id} is already known; remove it first to change its URL or key")
        store.insert(connection, partner)
        node.audit(connection, actor, "partner.add", node_id, country=partner.country, key=partner.key_fingerprint)
    return partner


def list_partners(node: Node, actor: Actor) -> list[Partner]:
    actor.require(Permission.NODE_READ)
    with node.db.read() as connection:
        return store.all_partners(connection)


def get_partner(node: Node, node_id: str) -> Partner:
    with node.db.read() as connection:
        partner = store.get(connection, node_id)
    if partner is None:
        raise NotFound(f"no partner with node id {node_id!r}; see perimeter partners list")
    return partner


def remove_partner(node: Node, actor: Actor, node_id: str) -> None:
    actor.require(Permission.PARTNERS_WRITE)
    with node.db.write() as connection:
        if not store.remove(connection, node_id):
            raise NotFound(f"no partner with node id {node_id!r}")
        node.audit(connection, actor, "partner.remove", node_id)
