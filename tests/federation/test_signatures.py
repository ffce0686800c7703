"""RFC 9421 signatures: the RFC's own Ed25519 example, RFC 9530 digests, and every way a signature is refused."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from perimeter.federation.signatures import (
    SignatureParams,
    SignatureRejected,
    content_digest,
    sign,
    sign_request,
    signature_base,
    verify_request,
)

# RFC 9421 appendix B.1.4 (test-key-ed25519) and B.2.6 (signing a request using ed25519).
RFC_PRIVATE = "n4Ni-HpISpVObnQMW0wOhCKROaIKqKtW_2ZYb2p9KcU"
RFC_PUBLIC = "JrQLj5P_89iXES9-vFgrIy29clF9CC_oPPsw3c5D0bs"
RFC_URL = "https://example.com/foo?param=Value&Pet=dog"
RFC_HEADERS = {"Date": "Tue, 20 Apr 2021 02:07:55 GMT", "Content-Type": "application/json", "Content-Length": "18"}
RFC_PARAMS = (
    '("date" "@method" "@path" "@authority" "content-type" "content-length")'
    ';created=1618884473;keyid="test-key-ed25519"'
)
RFC_BASE = (
    '"date": Tue, 20 Apr 2021 02:07:55 GMT\n'
    '"@method": POST\n'
    '"@path": /foo\n'
    '"@authority": example.com\n'
    '"content-type": application/json\n'
    '"content-length": 18\n'
    f'"@signature-params": {RFC_PARAMS}'
)
RFC_SIGNATURE = "wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw=="
NOW = 1_800_000_000


def _b64url(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def test_rfc9421_b26_signature_base_and_signature() -> None:
    params = SignatureParams(
        ("date", "@method", "@path", "@authority", "content-type", "content-length"),
        "test-key-ed25519",
        1618884473,
        alg=None,
    )
    assert params.serialise() == RFC_PARAMS
    base = signature_base("POST", RFC_URL, RFC_HEADERS, params)
    assert base == RFC_BASE
    key = Ed25519PrivateKey.from_private_bytes(_b64url(RFC_PRIVATE))
    assert sign(base, key) == RFC_SIGNATURE  # Ed25519 is deterministic: the RFC's bytes exactly
    Ed25519PublicKey.from_public_bytes(_b64url(RFC_PUBLIC)).verify(base64.b64decode(RFC_SIGNATURE), base.encode())


def test_rfc9421_b26_base_from_the_received_header_text() -> None:
    assert signature_base("POST", RFC_URL, RFC_HEADERS, RFC_PARAMS) == RFC_BASE


def test_rfc9530_content_digest_example() -> None:
    assert content_digest(b'{"hello": "world"}') == "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:"


KEY = Ed25519PrivateKey.generate()
URL = "https://ca.example/federation/v1/queries"
BODY = b'{"kind":"test"}'


def _signed(
    body: bytes = BODY, *, created: int = NOW, key: Ed25519PrivateKey = KEY, nonce: str = "n1"
) -> dict[str, str]:
    headers = {"Content-Type": "application/json", "Date": "Fri, 15 Jan 2027 08:00:00 GMT"}
    headers.update(
        sign_request("POST", URL, headers, body, key=key, keyid="us-cbp", created=created, lifetime=60, nonce=nonce)
    )
    return headers


def _verify(headers: dict[str, str], body: bytes = BODY, url: str = URL, now: int = NOW, method: str = "POST") -> str:
    key_for = {"us-cbp": KEY.public_key()}.get
    return verify_request(method, url, headers, body, key_for=key_for, now=now, skew=30).nonce


def test_a_signed_request_verifies_and_names_its_nonce() -> None:
    headers = _signed()
    assert headers["Signature-Input"].startswith('sig1=("@method" "@path" "@query" "content-digest"')
    assert 'keyid="us-cbp"' in headers["Signature-Input"] and "expires=" in headers["Signature-Input"]
    assert _verify(headers) == "n1"
    assert _verify({name.lower(): value for name, value in headers.items()}) == "n1"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda h: {**h, "Content-Digest": content_digest(b"other")}, "Content-Digest"),
        (lambda h: {k: v for k, v in h.items() if k != "Signature"}, "not signed"),
        (lambda h: {**h, "Signature": "sig1=:" + base64.b64encode(bytes(64)).decode() + ":"}, "does not verify"),
        (lambda h: {**h, "Signature-Input": h["Signature-Input"].replace("us-cbp", "mx-inm")}, "no partner"),
        (lambda h: {**h, "Signature-Input": h["Signature-Input"].replace("ed25519", "rsa-pss-sha512")}, "algorithm"),
        (lambda h: {**h, "Signature-Input": h["Signature-Input"].replace('"content-digest" ', "")}, "must cover"),
        (lambda h: {**h, "Date": "Sat, 16 Jan 2027 08:00:00 GMT"}, "does not verify"),
    ],
)
def test_tampered_or_incomplete_signatures_are_refused(change: object, reason: str) -> None:
    with pytest.raises(SignatureRejected, match=reason):
        _verify(change(_signed()))  # type: ignore[operator]


def test_a_changed_body_path_or_method_is_refused() -> None:
    headers = _signed()
    with pytest.raises(SignatureRejected, match="Content-Digest"):
        _verify(headers, body=b'{"kind":"other"}')
    with pytest.raises(SignatureRejected, match="does not verify"):
        _verify(headers, url="https://ca.example/federation/v1/messages")
    with pytest.raises(SignatureRejected, match="does not verify"):
        _verify(headers, method="PUT")


def test_another_key_is_refused() -> None:
    with pytest.raises(SignatureRejected, match="does not verify"):
        _verify(_signed(key=Ed25519PrivateKey.generate()))


def test_clock_skew_is_tolerated_and_no_more() -> None:
    assert _verify(_signed(created=NOW + 25))  # 25 s ahead, tolerance 30 s
    with pytest.raises(SignatureRejected, match="in the future"):
        _verify(_signed(created=NOW + 45))
    assert _verify(_signed(created=NOW - 80))  # expired 20 s ago, within tolerance
    with pytest.raises(SignatureRejected, match="expired"):
        _verify(_signed(created=NOW - 100))
