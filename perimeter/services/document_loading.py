"""Bulk loads of the document status registry (``perimeter document load FILE``).

The whole file is parsed and checked first (format, countries, statuses, dates, duplicates, and that every
document was issued by this node's country), then applied in one transaction as a delta: new documents added,
changed ones amended, ``cleared`` / ``recovered`` lines removing theirs. Re-loading a file changes nothing. A file
with any error is refused whole, naming the file, the line and the reason, and the refusal is audited.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from perimeter.core.access import Actor, Permission
from perimeter.core.errors import NotFound, ParseError, PerimeterError
from perimeter.formats import document_status as status_file
from perimeter.records.documents import issuing_country
from perimeter.services.node import Node
from perimeter.store import document_loads
from perimeter.store.tables.base import utc_now


@dataclass(frozen=True)
class DocumentLoadReport:
    source: str
    sha256: str
    lines: int
    delta: document_loads.Delta
    parse_seconds: float
    write_seconds: float

    def summary(self) -> dict[str, object]:
        return {
            "source": self.source,
            "sha256": self.sha256,
            "lines": self.lines,
            "added": self.delta.added,
            "changed": self.delta.changed,
            "removed": self.delta.removed,
            "unchanged": self.delta.unchanged,
            "cleared_but_not_held": self.delta.not_held,
            "samples": self.delta.samples,
            "parse_seconds": round(self.parse_seconds, 3),
            "write_seconds": round(self.write_seconds, 3),
        }


def load_file(node: Node, actor: Actor, path: Path, fmt: str | None = None) -> DocumentLoadReport:
    actor.require(Permission.DOCUMENTS_WRITE)
    if not path.is_file():
        raise NotFound(f"{path}: no such file")
    return load_content(node, actor, str(path), path.read_bytes(), fmt)


def load_content(node: Node, actor: Actor, source: str, content: bytes, fmt: str | None = None) -> DocumentLoadReport:
    actor.require(Permission.DOCUMENTS_WRITE)
    digest = hashlib.sha256(content).hexdigest()
    try:
        started = time.perf_counter()
        rows = _staged(node, source, content, fmt or status_file.format_for(source))
        parsed = time.perf_counter()
        now = utc_now()
        with node.db.write() as connection:
            delta = document_loads.apply(connection, rows, now)
            node.audit(
                connection,
                actor,
                "document.status.load",
                source,
                sha256=digest,
                lines=len(rows),
                added=delta.added,
                changed=delta.changed,
                removed=delta.removed,
                unchanged=delta.unchanged,
            )
        return DocumentLoadReport(source, digest, len(rows), delta, parsed - started, time.perf_counter() - parsed)
    except PerimeterError as error:
        with node.db.write() as connection:
            node.audit(connection, actor, "document.status.load.rejected", source, sha256=digest, reason=error.message)
        raise


def _staged(node: Node, source: str, content: bytes, fmt: str) -> list[tuple[Any, ...]]:
    """Every line parsed, checked and turned into a compact stage row, before anything is written.

    Lines are not kept as records, and values that repeat are kept once: a million lines take about a gigabyte.
    """
    mine = issuing_country(node.identity.country)
    rows: list[tuple[Any, ...]] = []
    shared: dict[Any, Any] = {}
    for line in status_file.iter_lines(source, content, node.node_id, fmt, utc_now().date()):
        if line.reference.issuing_country != mine:
            raise ParseError(
                source,
                f"line {line.line}",
                f"the document was issued by {line.reference.issuing_country}; only the issuing country's node may"
                f" report its documents, and this node ({node.node_id}) speaks for {mine}",
            )
        rows.append(document_loads.stage_row(line, node.node_id, shared))
    return rows
