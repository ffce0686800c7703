"""Ed25519 signatures over canonical JSON, and key ids: what signed documents (statistics, audit exports) share."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from perimeter.audit.chain import canonical_json
from perimeter.core.errors import InvalidInput


def key_id(public_key: Ed25519PublicKey) -> str:
    """A short, stable name for a public key: the first 16 hex digits of the SHA-256 of its raw bytes."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def load_public_key(pem: bytes, where: str) -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(pem)
    except ValueError:
        raise InvalidInput(f"{where} is not a PEM public key") from None
    if not isinstance(key, Ed25519PublicKey):
        raise InvalidInput(f"{where} is not an Ed25519 public key")
    return key


def sign(value: Any, private_key: Ed25519PrivateKey) -> str:
    """The base64 signature of a value's canonical JSON."""
    return base64.b64encode(private_key.sign(canonical_json(value).encode())).decode()


def verifies(value: Any, signature: str, public_key: Ed25519PublicKey) -> bool:
    try:
        public_key.verify(base64.b64decode(signature, validate=True), canonical_json(value).encode())
    except (InvalidSignature, ValueError):
        return False
    return True
