"""Signed checkpoints of an audit chain (pure): "my chain's entry N has hash H", signed by the node.

A partner keeps the checkpoints it receives. Later it asks again for entry N: a node that has rewritten its history,
even one that recomputed every hash after the change so that its own chain still verifies, can no longer answer
with the hash it signed before, and is caught.
"""

from __future__ import annotations

import base64
from dataclasses import asdict, dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from perimeter.audit.chain import canonical_json
from perimeter.core.errors import InvalidInput


@dataclass(frozen=True)
class Checkpoint:
    node_id: str
    seq: int
    entry_hash: str
    signed_at: str
    signature: str = ""

    def body(self) -> bytes:
        return canonical_json(
            {"node": self.node_id, "seq": self.seq, "hash": self.entry_hash, "at": self.signed_at}
        ).encode()

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Any) -> Checkpoint:
        try:
            return cls(str(data["node_id"]), int(data["seq"]), str(data["entry_hash"]), str(data["signed_at"]),
                       str(data["signature"]))  # fmt: skip
        except (KeyError, TypeError, ValueError):
            raise InvalidInput("a checkpoint needs node_id, seq, entry_hash, signed_at and signature") from None


def sign(checkpoint: Checkpoint, key: Ed25519PrivateKey) -> Checkpoint:
    signature = base64.b64encode(key.sign(checkpoint.body())).decode()
    return Checkpoint(checkpoint.node_id, checkpoint.seq, checkpoint.entry_hash, checkpoint.signed_at, signature)


def verify(checkpoint: Checkpoint, key: Ed25519PublicKey) -> bool:
    try:
        key.verify(base64.b64decode(checkpoint.signature), checkpoint.body())
    except (InvalidSignature, ValueError):
        return False
    return True
