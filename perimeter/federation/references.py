"""Hit references: an owner's record id sealed so that only the owner can open it.

A hit-no-hit answer must not reveal the record, yet the finder has to be able to tell the owner which record it
hit. The owner seals the record id with a key derived from its own signing key (AES-GCM); the finder passes the
opaque reference back in its hit notification, and only the owner can open it.
"""

from __future__ import annotations

import base64
import hashlib
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from perimeter.core.errors import InvalidInput
from perimeter.federation.identity import load_private_key
from perimeter.services.node import Node

_CONTEXT = b"perimeter hit reference v1"


def _cipher(node: Node) -> AESGCM:
    raw = load_private_key(node.home).private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return AESGCM(hashlib.sha256(_CONTEXT + raw).digest())


def seal(node: Node, record_id: str) -> str:
    nonce = os.urandom(12)
    sealed = _cipher(node).encrypt(nonce, record_id.encode(), _CONTEXT)
    return base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")


def open_reference(node: Node, reference: str) -> str:
    """The record id a reference sealed by this node stands for; a precise error for anything else."""
    try:
        raw = base64.urlsafe_b64decode(reference + "=" * (-len(reference) % 4))
        return _cipher(node).decrypt(raw[:12], raw[12:], _CONTEXT).decode()
    except (ValueError, InvalidTag):
        raise InvalidInput("the hit reference was not issued by this node (or was altered)") from None
