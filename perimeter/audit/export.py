"""Signed exports of the audit log for oversight bodies (pure: lines in and out, no files here).

An export is JSON Lines: one line per entry, as stored, with its chain hash; then one manifest line
``{"manifest": {...}, "signature": ...}``: the node and its key id, the period, the number of entries, the hash
before the first entry and the first and last entries' hashes, signed with the node's Ed25519 key over the
manifest's canonical JSON. :func:`verify_export` recomputes every entry's hash and link, checks the count and the end
hashes against the manifest and the manifest's signature against the node's public key; any change to any line
(an edited entry, a removed or reordered one, an altered manifest) is caught and located.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from perimeter.audit.chain import AuditEntry, verify
from perimeter.audit.signing import sign, verifies

FORMAT = "perimeter-audit-export/1"


def entry_line(entry: AuditEntry) -> str:
    return json.dumps(
        {
            "seq": entry.seq,
            "at": entry.at.isoformat(timespec="microseconds"),
            "actor": entry.actor,
            "action": entry.action,
            "target": entry.target,
            "details": entry.details,
            "prev_hash": entry.prev_hash,
            "entry_hash": entry.entry_hash,
        },
        ensure_ascii=False,
        sort_keys=True,
    )


def manifest_line(manifest: dict[str, Any], private_key: Ed25519PrivateKey) -> str:
    return json.dumps({"manifest": manifest, "signature": sign(manifest, private_key)}, sort_keys=True)


@dataclass(frozen=True)
class ExportCheck:
    ok: bool
    entries: int
    node_id: str | None = None
    reason: str | None = None
    line: int | None = None  # the first line that does not hold (1-based)


def verify_export(lines: Iterable[str], public_key: Ed25519PublicKey, key_id: str) -> ExportCheck:
    """Check an export line by line against its signed manifest and the given public key."""
    texts = [line for line in lines if line.strip()]
    if not texts:
        return ExportCheck(False, 0, reason="the export is empty: it has no manifest line")
    try:
        last = json.loads(texts[-1])
        manifest, signature = dict(last["manifest"]), str(last["signature"])
    except (ValueError, KeyError, TypeError):
        return ExportCheck(False, 0, reason="the last line is not a signed manifest", line=len(texts))
    node_id = manifest.get("node_id")
    if manifest.get("key_id") != key_id:
        named = manifest.get("key_id")
        return _fail(node_id, len(texts), f"the manifest names key {named}, not the key given ({key_id})")
    if not verifies(manifest, signature, public_key):
        return _fail(node_id, len(texts), "the manifest's signature does not match (manifest altered or another key)")
    entries = []
    for number, text in enumerate(texts[:-1], start=1):
        try:
            entries.append(_entry(json.loads(text)))
        except (ValueError, KeyError, TypeError) as error:
            return _fail(node_id, number, f"not an audit entry ({error})")
    expected = (manifest.get("count"), manifest.get("prev_hash"), manifest.get("first_hash"), manifest.get("last_hash"))
    if entries:
        result = verify(entries, start_hash=entries[0].prev_hash, start_seq=entries[0].seq)
        if not result.ok:
            number = next(i for i, entry in enumerate(entries, start=1) if entry.seq == result.first_broken)
            return _fail(node_id, number, f"entry {result.first_broken}: {result.reason}")
        found: tuple[object, ...] = (len(entries), entries[0].prev_hash, entries[0].entry_hash, entries[-1].entry_hash)
    else:
        found = (0, manifest.get("prev_hash"), None, None)
    if found != expected:
        reason = f"the entries (count {found[0]}) do not match the manifest (count {expected[0]})"
        return _fail(node_id, len(texts), reason)
    return ExportCheck(True, len(entries), node_id)


def _entry(value: dict[str, Any]) -> AuditEntry:
    return AuditEntry(
        int(value["seq"]),
        datetime.fromisoformat(value["at"]),
        str(value["actor"]),
        str(value["action"]),
        value["target"],
        dict(value["details"]),
        str(value["prev_hash"]),
        str(value["entry_hash"]),
    )


def _fail(node_id: Any, line: int, reason: str) -> ExportCheck:
    return ExportCheck(False, 0, str(node_id) if node_id else None, reason, line)
