"""Exporting the audit log for oversight (signed JSON Lines) and checking such an export."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from perimeter.audit import export
from perimeter.audit.signing import key_id, load_public_key
from perimeter.core.access import Actor, Permission
from perimeter.core.errors import InvalidInput
from perimeter.federation.identity import load_private_key
from perimeter.reports.chain import run_of, seq_range
from perimeter.reports.model import Period
from perimeter.services.node import Node
from perimeter.store.tables.base import utc_now


@dataclass(frozen=True)
class ExportSummary:
    out: Path
    entries: int
    first_seq: int | None
    last_seq: int | None
    last_hash: str | None
    key_id: str


def export_audit(node: Node, actor: Actor, period: Period, out: Path) -> ExportSummary:
    actor.require(Permission.AUDIT_READ)
    private_key = load_private_key(node.home)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    try:
        manifest = _write(node, period, partial, private_key)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(out)
    with node.db.write() as connection:
        node.audit(
            connection,
            actor,
            "audit.export",
            out.name,
            **period.as_params(),
            entries=manifest["count"],
            last_hash=manifest["last_hash"],
        )
    return ExportSummary(
        out, manifest["count"], manifest["first_seq"], manifest["last_seq"], manifest["last_hash"], manifest["key_id"]
    )


def _write(node: Node, period: Period, partial: Path, private_key: Ed25519PrivateKey) -> dict[str, Any]:
    count, first_entry, last_entry = 0, None, None
    with node.db.read() as connection, partial.open("w", encoding="utf-8") as handle:
        first_seq, last_seq = seq_range(connection, period.since, period.until)
        if first_seq is not None and last_seq is not None:
            for entry in run_of(connection, first_seq, last_seq):
                handle.write(export.entry_line(entry) + "\n")
                first_entry = first_entry or entry
                last_entry, count = entry, count + 1
        manifest: dict[str, Any] = {
            "format": export.FORMAT,
            "node_id": node.node_id,
            "key_id": key_id(private_key.public_key()),
            **period.as_params(),
            "count": count,
            "first_seq": first_entry.seq if first_entry else None,
            "last_seq": last_entry.seq if last_entry else None,
            "prev_hash": first_entry.prev_hash if first_entry else None,
            "first_hash": first_entry.entry_hash if first_entry else None,
            "last_hash": last_entry.entry_hash if last_entry else None,
            "exported_at": utc_now().isoformat(),
        }
        handle.write(export.manifest_line(manifest, private_key) + "\n")
    return manifest


def verify_export_file(path: Path, public_key_file: Path) -> export.ExportCheck:
    """Check an export file against the exporting node's public key (no node needed: oversight runs it anywhere)."""
    try:
        key = load_public_key(public_key_file.read_bytes(), str(public_key_file))
        with path.open(encoding="utf-8") as handle:
            return export.verify_export(handle, key, key_id(key))
    except OSError as error:
        raise InvalidInput(f"cannot read {error.filename}: {error.strerror}") from None
