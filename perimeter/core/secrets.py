"""Password hashing (scrypt) and API token strings. Secrets are only ever stored as hashes."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

from perimeter.core.errors import InvalidInput

_N, _R, _P = 2**14, 8, 1
_TOKEN = re.compile(r"^prm_([0-9a-f]{12})_([A-Za-z0-9_-]{20,})$")


def hash_password(password: str) -> str:
    if len(password) < 10:
        raise InvalidInput("a password needs at least 10 characters")
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        _, n, r, p, salt, digest = stored.split("$")
        computed = hashlib.scrypt(
            password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=32
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(computed, base64.b64decode(digest))


def new_token() -> tuple[str, str, str]:
    """A fresh token: (token_id, the full token to hand out once, the hash to store)."""
    token_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    return token_id, f"prm_{token_id}_{secret}", hash_secret(secret)


def split_token(token: str) -> tuple[str, str] | None:
    """(token_id, secret) of a well-formed token string, else ``None``."""
    match = _TOKEN.match(token.strip())
    return (match.group(1), match.group(2)) if match else None


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
