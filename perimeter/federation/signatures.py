"""RFC 9421 HTTP Message Signatures with Ed25519, and RFC 9530 ``Content-Digest`` (pure: no I/O, no clock).

A node signs every request it sends to a partner over: the method, the path and query, the body's digest, the
``Date`` header, and the signature parameters ``created``, ``expires``, ``nonce``, ``keyid`` (the node id) and
``alg``. The receiver rebuilds the signature base from what it received and checks it with the key it holds for
that node id. Only the parts of RFC 9421 that node-to-node exchange needs are implemented: one signature per
request, derived components ``@method``, ``@target-uri``, ``@authority``, ``@path``, ``@query``, and plain header
fields.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from perimeter.core.errors import AuthenticationRequired

LABEL = "sig1"
ALGORITHM = "ed25519"
TAG = "perimeter-federation"
#: What every signed request between nodes covers.
COVERED = ("@method", "@path", "@query", "content-digest", "content-type", "date")
#: What a receiver insists on: a signature covering less is refused.
REQUIRED = frozenset({"@method", "@path", "content-digest"})


class SignatureRejected(AuthenticationRequired):
    """A request whose signature is missing, malformed, stale, replayed or does not verify."""

    code = "signature-rejected"


@dataclass(frozen=True)
class SignatureParams:
    components: tuple[str, ...]
    keyid: str
    created: int
    expires: int | None = None
    nonce: str | None = None
    alg: str | None = ALGORITHM
    tag: str | None = None

    def serialise(self) -> str:
        """The ``@signature-params`` value: the inner list, then the parameters in a fixed order."""
        text = "(" + " ".join(_quote(name) for name in self.components) + ")"
        text += f";created={self.created}"
        if self.expires is not None:
            text += f";expires={self.expires}"
        if self.nonce is not None:
            text += f";nonce={_quote(self.nonce)}"
        if self.alg is not None:
            text += f";alg={_quote(self.alg)}"
        text += f";keyid={_quote(self.keyid)}"
        if self.tag is not None:
            text += f";tag={_quote(self.tag)}"
        return text


@dataclass(frozen=True)
class VerifiedSignature:
    """What a verified signature establishes: who signed, when, until when, with which nonce."""

    keyid: str
    created: int
    expires: int
    nonce: str
    components: tuple[str, ...]


def content_digest(body: bytes) -> str:
    """RFC 9530 ``Content-Digest`` value with SHA-256: ``sha-256=:<base64>:``."""
    return f"sha-256=:{base64.b64encode(hashlib.sha256(body).digest()).decode()}:"


def component_value(name: str, method: str, url: str, headers: Mapping[str, str]) -> str:
    """The value of one covered component (RFC 9421 section 2)."""
    parts = urlsplit(url)
    if name == "@method":
        return method.upper()
    if name == "@target-uri":
        return url
    if name == "@authority":
        host = (parts.hostname or "").lower()
        default = {"http": 80, "https": 443}.get(parts.scheme)
        return host if parts.port in (None, default) else f"{host}:{parts.port}"
    if name == "@path":
        return parts.path or "/"
    if name == "@query":
        return f"?{parts.query}"
    if name.startswith("@"):
        raise SignatureRejected(f"the signature covers {name!r}, a derived component this node does not support")
    lowered = {key.lower(): value for key, value in headers.items()}
    if name not in lowered:
        raise SignatureRejected(f"the signature covers the header {name!r}, which the request does not carry")
    return lowered[name].strip()


def signature_base(method: str, url: str, headers: Mapping[str, str], params: SignatureParams | str) -> str:
    """The text that is signed: one ``"name": value`` line per component, then ``"@signature-params"``."""
    serialised = params if isinstance(params, str) else params.serialise()
    components = params.components if isinstance(params, SignatureParams) else _parse_inner_list(serialised)[0]
    lines = [f"{_quote(name)}: {component_value(name, method, url, headers)}" for name in components]
    lines.append(f'"@signature-params": {serialised}')
    return "\n".join(lines)


def sign(base: str, key: Ed25519PrivateKey) -> str:
    return base64.b64encode(key.sign(base.encode())).decode()


def sign_request(
    method: str,
    url: str,
    headers: Mapping[str, str],
    body: bytes,
    *,
    key: Ed25519PrivateKey,
    keyid: str,
    created: int,
    lifetime: int,
    nonce: str,
    components: Sequence[str] = COVERED,
) -> dict[str, str]:
    """The headers to add to a request: ``Content-Digest``, ``Signature-Input`` and ``Signature``."""
    signed = {**headers, "Content-Digest": content_digest(body)}
    params = SignatureParams(tuple(components), keyid, created, created + lifetime, nonce, ALGORITHM, TAG)
    signature = sign(signature_base(method, url, signed, params), key)
    return {
        "Content-Digest": signed["Content-Digest"],
        "Signature-Input": f"{LABEL}={params.serialise()}",
        "Signature": f"{LABEL}=:{signature}:",
    }


def verify_request(
    method: str,
    url: str,
    headers: Mapping[str, str],
    body: bytes,
    *,
    key_for: Callable[[str], Ed25519PublicKey | None],
    now: int,
    skew: int,
    max_lifetime: int = 600,
) -> VerifiedSignature:
    """Check a request's signature and freshness; raise :class:`SignatureRejected` with the precise reason.

    Replay protection needs state: the caller records the returned nonce until ``expires + skew`` and refuses
    one it has already seen.
    """
    lowered = {name.lower(): value for name, value in headers.items()}
    if "signature-input" not in lowered or "signature" not in lowered:
        raise SignatureRejected("the request is not signed (Signature-Input and Signature headers are required)")
    label, serialised = _single_member(lowered["signature-input"], "Signature-Input")
    components, params = _parse_inner_list(serialised)
    signatures = dict(_members(lowered["signature"]))
    if label not in signatures:
        raise SignatureRejected(f"the Signature header has no signature labelled {label!r}")
    missing = REQUIRED - set(components)
    if missing:
        raise SignatureRejected(f"the signature must cover {', '.join(sorted(missing))}")
    keyid, nonce = params.get("keyid"), params.get("nonce")
    created, expires = _integer(params, "created"), _integer(params, "expires")
    if not keyid or not nonce:
        raise SignatureRejected("the signature parameters must include keyid and nonce")
    if params.get("alg", ALGORITHM) != ALGORITHM:
        raise SignatureRejected(f"signature algorithm {params['alg']!r} is not accepted; use {ALGORITHM!r}")
    if created > now + skew:
        raise SignatureRejected(f"the signature was created {created - now} s in the future (tolerance {skew} s)")
    if expires < now - skew:
        raise SignatureRejected(f"the signature expired {now - expires} s ago (tolerance {skew} s)")
    if not created < expires <= created + max_lifetime:
        raise SignatureRejected(f"the signature's lifetime must be positive and at most {max_lifetime} s")
    digest = lowered.get("content-digest")
    if digest is None or digest.strip() != content_digest(body):
        raise SignatureRejected("the Content-Digest header does not match the body")
    public_key = key_for(keyid)
    if public_key is None:
        raise SignatureRejected(f"no partner with node id {keyid!r} is known to this node")
    raw = _signature_bytes(signatures[label])
    try:
        public_key.verify(raw, signature_base(method, url, headers, serialised).encode())
    except InvalidSignature:
        raise SignatureRejected(f"the signature does not verify with the key of {keyid!r}") from None
    return VerifiedSignature(keyid, created, expires, nonce, components)


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _members(field: str) -> list[tuple[str, str]]:
    """The members of a Structured Fields dictionary (RFC 8941), split at commas outside strings and lists."""
    members, depth, quoted, escaped, start = [], 0, False, False, 0
    for index, char in enumerate(field + ","):
        if quoted:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                quoted = False
            continue
        if char == '"':
            quoted = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "," and depth == 0:
            label, sep, value = field[start:index].strip().partition("=")
            if not sep or not label:
                raise SignatureRejected(f"malformed signature header member {field[start:index].strip()!r}")
            members.append((label, value))
            start = index + 1
    return members


def _single_member(field: str, name: str) -> tuple[str, str]:
    members = _members(field)
    if len(members) != 1:
        raise SignatureRejected(f"{name} must carry exactly one signature, not {len(members)}")
    return members[0]


def _parse_inner_list(text: str) -> tuple[tuple[str, ...], dict[str, str]]:
    if not text.startswith("(") or ")" not in text:
        raise SignatureRejected(f"malformed signature parameters {text!r}")
    inner, _, rest = text[1:].partition(")")
    components = tuple(item.strip('"') for item in inner.split())
    params: dict[str, str] = {}
    for item in _split_params(rest):
        name, _, value = item.partition("=")
        params[name] = value[1:-1].replace('\\"', '"').replace("\\\\", "\\") if value.startswith('"') else value
    return components, params


def _split_params(text: str) -> list[str]:
    items, current, quoted, escaped = [], "", False, False
    for char in text:
        if quoted:
            escaped, quoted = (char == "\\" and not escaped), not (char == '"' and not escaped)
        elif char == '"':
            quoted = True
        elif char == ";":
            items.append(current)
            current = ""
            continue
        current += char
    items.append(current)
    return [item.strip() for item in items if item.strip()]


def _integer(params: Mapping[str, str], name: str) -> int:
    try:
        return int(params[name])
    except (KeyError, ValueError):
        raise SignatureRejected(f"the signature parameters must include an integer {name!r}") from None


def _signature_bytes(value: str) -> bytes:
    value = value.strip()
    if not (value.startswith(":") and value.endswith(":") and len(value) > 2):
        raise SignatureRejected("the signature is not a byte sequence (:base64:)")
    try:
        return base64.b64decode(value[1:-1], validate=True)
    except ValueError:
        raise SignatureRejected("the signature is not valid base64") from None
