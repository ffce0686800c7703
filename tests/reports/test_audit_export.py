"""Signed audit exports: what oversight receives verifies, and any change to it is caught and located."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from perimeter.core.access import Actor, Role
from perimeter.core.errors import PermissionDenied
from perimeter.federation.identity import PUBLIC_KEY_FILE
from perimeter.reports.model import Period
from perimeter.services import audit_export
from perimeter.services.node import Node
from perimeter.store import audit_log
from tests.reports.loaded import BEFORE, PERIOD, load


@pytest.fixture
def exported(node: Node, admin: Actor, tmp_path: Path) -> Path:
    load(node, admin)
    out = tmp_path / "audit.jsonl"
    summary = audit_export.export_audit(node, admin, PERIOD, out)
    with node.db.read() as connection:
        in_period = [e.seq for e in audit_log.entries(connection) if PERIOD.since <= e.at < PERIOD.until]
    # Everything of the period but the entry of the export itself, which is written after it; not the entry dated
    # before the period.
    assert (summary.first_seq, summary.last_seq) == (in_period[0], in_period[-2]) and summary.entries > 20
    return out


def check(node: Node, path: Path) -> audit_export.export.ExportCheck:
    return audit_export.verify_export_file(path, node.home / PUBLIC_KEY_FILE)


def test_an_export_verifies_and_is_itself_audited(node: Node, exported: Path) -> None:
    result = check(node, exported)
    assert result.ok and result.node_id == node.node_id
    lines = exported.read_text().splitlines()
    manifest = json.loads(lines[-1])["manifest"]
    assert manifest["count"] == len(lines) - 1 == result.entries
    assert json.loads(lines[0])["entry_hash"] == manifest["first_hash"]
    with node.db.read() as connection:
        last = audit_log.latest(connection, limit=1)[0]
    assert (last.action, last.details["entries"], last.details["last_hash"]) == (
        "audit.export",
        manifest["count"],
        manifest["last_hash"],
    )


def _rewrite(path: Path, edit: object) -> Path:
    lines = path.read_text().splitlines()
    edit(lines)  # type: ignore[operator]
    tampered = path.with_name("tampered.jsonl")
    tampered.write_text("\n".join(lines) + "\n")
    return tampered


def _edit_entry(lines: list[str]) -> None:
    entry = json.loads(lines[3])
    entry["details"]["found"] = not entry["details"].get("found")
    lines[3] = json.dumps(entry)


def _edit_manifest(lines: list[str]) -> None:
    last = json.loads(lines[-1])
    last["manifest"]["count"] -= 1
    lines[-1] = json.dumps(last)


@pytest.mark.parametrize(
    ("edit", "line", "reason"),
    [
        (_edit_entry, 4, "its content does not match its hash"),
        (lambda lines: lines.pop(5), 6, "expected entry"),
        (lambda lines: lines.pop(-2), None, "do not match the manifest"),
        (lambda lines: lines.insert(2, lines.pop(3)), 3, "expected entry"),
        (_edit_manifest, None, "signature does not match"),
        (lambda lines: lines.pop(), None, "not a signed manifest"),
    ],
    ids=["edited-entry", "removed-entry", "removed-last-entry", "reordered", "altered-manifest", "no-manifest"],
)
def test_any_change_to_an_export_is_caught(
    node: Node, exported: Path, edit: object, line: int | None, reason: str
) -> None:
    result = check(node, _rewrite(exported, edit))
    assert not result.ok and result.reason is not None and reason in result.reason
    if line is not None:
        assert result.line == line


def test_an_export_checked_with_another_key_fails(node: Node, exported: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.pub"
    other.write_bytes(
        Ed25519PrivateKey.generate()
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    result = audit_export.verify_export_file(exported, other)
    assert not result.ok and "not the key given" in (result.reason or "")


def test_an_empty_period_exports_a_signed_empty_manifest(node: Node, admin: Actor, tmp_path: Path) -> None:
    out = tmp_path / "empty.jsonl"
    empty = Period(BEFORE - timedelta(days=30), BEFORE - timedelta(days=1))
    assert audit_export.export_audit(node, admin, empty, out).entries == 0
    assert check(node, out).ok and len(out.read_text().splitlines()) == 1


def test_only_oversight_may_export(node: Node, tmp_path: Path) -> None:
    with pytest.raises(PermissionDenied, match="audit:read"):
        audit_export.export_audit(node, Actor.user("olga", Role.ANALYST), PERIOD, tmp_path / "a.jsonl")
    assert not (tmp_path / "a.jsonl").exists()
