"""The node's identity on disk: ``node.json`` and an Ed25519 key pair under ``keys/``."""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from perimeter.core.countries import normalise_code
from perimeter.core.errors import Conflict, InvalidInput, NotInitialised

IDENTITY_FILE = "node.json"
PRIVATE_KEY_FILE = Path("keys") / "node.key"
PUBLIC_KEY_FILE = Path("keys") / "node.pub"
_NODE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$")


@dataclass(frozen=True)
class NodeIdentity:
    node_id: str
    country: str
    name: str
    public_key_pem: str
    created_at: str

    def public_key(self) -> Ed25519PublicKey:
        return public_key_from_pem(self.public_key_pem)


def public_key_from_pem(pem: str) -> Ed25519PublicKey:
    """An Ed25519 public key from its PEM text (stored keys, validated when they were added)."""
    key = serialization.load_pem_public_key(pem.encode())
    assert isinstance(key, Ed25519PublicKey)
    return key


def validate_node_id(node_id: str) -> str:
    if not _NODE_ID.match(node_id):
        raise InvalidInput(
            f"node id {node_id!r} must be 3 to 64 characters of lower-case letters, digits and dashes (e.g. us-cbp)"
        )
    return node_id


def create_identity(home: Path, node_id: str, country: str, name: str) -> NodeIdentity:
    """Write a new identity and key pair. Refuses to overwrite an existing one."""
    validate_node_id(node_id)
    country = normalise_code(country)
    if not name.strip():
        raise InvalidInput("the node needs a name (the agency's name)")
    if (home / IDENTITY_FILE).exists():
        raise Conflict(f"{home} already holds node {load_identity(home).node_id!r}; choose another PERIMETER_HOME")
    (home / "keys").mkdir(parents=True, exist_ok=True)
    (home / "keys").chmod(0o700)
    private_key = Ed25519PrivateKey.generate()
    private_pem = private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public_pem = private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    # Create the private key file with mode 0600 from the start: never world-readable, not even briefly.
    descriptor = os.open(home / PRIVATE_KEY_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(private_pem)
    (home / PUBLIC_KEY_FILE).write_bytes(public_pem)
    identity = NodeIdentity(node_id, country, name.strip(), public_pem.decode(), datetime.now(UTC).isoformat())
    (home / IDENTITY_FILE).write_text(json.dumps(asdict(identity), indent=2) + "\n")
    return identity


def load_identity(home: Path) -> NodeIdentity:
    path = home / IDENTITY_FILE
    if not path.exists():
        raise NotInitialised(f"no node in {home}: run `perimeter init --node-id ... --country ... --name ...` first")
    return NodeIdentity(**json.loads(path.read_text()))


def load_private_key(home: Path) -> Ed25519PrivateKey:
    path = home / PRIVATE_KEY_FILE
    if not path.exists():
        raise NotInitialised(f"the node's private key {path} is missing")
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise InvalidInput(f"{path} is not an Ed25519 private key")
    return key
