"""Signing an agreement: every party signs the same canonical form of the document with its Ed25519 key.

The canonical form is the parsed document without its ``signatures``, as sorted-key JSON without spaces, so how
the YAML is laid out (order, quoting, comments) does not matter, and any change to what it says does.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from perimeter.audit.chain import canonical_json
from perimeter.core.errors import InvalidInput, PermissionDenied
from perimeter.sharing.agreements import Agreement, load_document, validate


@dataclass(frozen=True)
class SignedAgreement:
    agreement: Agreement
    document: dict[str, Any]
    signatures: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.agreement.agreement} v{self.agreement.version}"

    @property
    def digest(self) -> str:
        return hashlib.sha256(canonical_form(self.document)).hexdigest()

    @property
    def missing_signatures(self) -> list[str]:
        return [party for party in self.agreement.parties if party not in self.signatures]

    def render(self) -> str:
        """The YAML text to hand to the other parties: the document, then the signatures so far."""
        body = {key: value for key, value in self.document.items() if key != "signatures"}
        text = yaml.safe_dump(body, sort_keys=False, allow_unicode=True)
        if self.signatures:
            text += yaml.safe_dump({"signatures": dict(sorted(self.signatures.items()))}, sort_keys=False)
        return text


def canonical_form(document: Mapping[str, Any]) -> bytes:
    return canonical_json({key: value for key, value in document.items() if key != "signatures"}).encode()


def parse(text: str, source: str = "agreement") -> SignedAgreement:
    document = load_document(text, source)
    agreement = validate(document, source)
    raw = document.get("signatures") or {}
    if not isinstance(raw, dict) or not all(isinstance(v, str) for v in raw.values()):
        raise InvalidInput(f"{source}: signatures is a mapping of node id to base64 signature")
    strangers = sorted(set(raw) - set(agreement.parties))
    if strangers:
        raise InvalidInput(f"{source}: signed by non-parties {strangers}")
    return SignedAgreement(agreement, document, {str(k): v for k, v in raw.items()})


def sign(signed: SignedAgreement, node_id: str, key: Ed25519PrivateKey) -> SignedAgreement:
    if node_id not in signed.agreement.parties:
        raise PermissionDenied(f"{node_id} is not a party to {signed.key} and may not sign it")
    signature = base64.b64encode(key.sign(canonical_form(signed.document))).decode()
    return SignedAgreement(signed.agreement, signed.document, {**signed.signatures, node_id: signature})


def verify(signed: SignedAgreement, key_for: Callable[[str], Ed25519PublicKey | None]) -> None:
    """Every party has signed, and every signature verifies with the key this node holds for that party."""
    if signed.missing_signatures:
        raise InvalidInput(f"{signed.key} is not signed by {', '.join(signed.missing_signatures)} yet")
    verify_present(signed, key_for)


def verify_present(signed: SignedAgreement, key_for: Callable[[str], Ed25519PublicKey | None]) -> None:
    """Every signature the agreement carries so far verifies (for signing a proposal others have signed)."""
    body = canonical_form(signed.document)
    for party, signature in signed.signatures.items():
        key = key_for(party)
        if key is None:
            raise InvalidInput(f"{signed.key}: {party} is not a known partner; add it first (perimeter partners add)")
        try:
            key.verify(base64.b64decode(signature), body)
        except (InvalidSignature, ValueError):
            raise PermissionDenied(f"{signed.key}: the signature of {party} does not verify") from None
