"""The joint report over a large audit log: figure queries, chain verification, HTML, PDF, export (not a test).

    .venv/bin/python bench/report_figures.py --entries 1000000 [--postgres URL] [--work DIR]

1. A node (``us-cbp``) is initialised in ``--work`` (SQLite) or in a fresh PostgreSQL schema.
2. ``--entries`` audit entries are appended in chain order (hashes computed as ``audit_log.append`` does, inserted in
   batches): document checks (one in five found a record), port-of-entry checks with screening, person screenings
   and partner disclosures and refusals, spread over 180 days.
3. Timed: every section's figure queries (``build.node_figures``) with the whole-chain verification they include,
   the verification alone, the HTML rendering, the PDF printing, the signed statistics, and the audit export of the
   whole period with its verification.

The PostgreSQL schema is dropped at the end and the SQLite home deleted unless ``--keep``.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from perimeter.audit.chain import AuditEvent, chain, verify
from perimeter.core.access import Actor
from perimeter.reports import build
from perimeter.reports.model import Period
from perimeter.reports.pdf import print_pdf
from perimeter.reports.render import render_html
from perimeter.services import audit_export, reports
from perimeter.services.node import Node, init_node
from perimeter.settings import Settings
from perimeter.store import audit_log
from perimeter.store.database import create_schema_if_missing, drop_schema
from perimeter.store.tables.audit import audit_log as audit_table

PARTNERS = ("ca-cbsa", "mx-inm")


def event(rng: random.Random) -> AuditEvent:
    roll = rng.random()
    if roll < 0.70:
        found = rng.random() < 0.2
        return AuditEvent("user:olga", "document.check", "UTO/L898902C3", {"found": found, "statuses": []})
    if roll < 0.85:
        hits = ["n-1"] if rng.random() < 0.01 else []
        return AuditEvent(
            "user:olga",
            "port-of-entry.check",
            "UTO/X",
            {"decision": "refer" if hits else "admit", "screened": True, "hits": hits},
        )
    if roll < 0.95:
        return AuditEvent("user:olga", "screen.person", "fp", {"hits": int(rng.random() < 0.02), "suppressed": 0})
    partner = rng.choice(PARTNERS)
    if roll < 0.99:
        details = {"kind": "document-status", "agreement": f"us-{partner[:2]}", "clauses": ["lost-stolen:full"]}
        return AuditEvent(f"partner:{partner}", "federation.disclose", "document-status", details)
    details = {"channel": "query", "error": "permission-denied", "reason": "no clause"}
    return AuditEvent(f"partner:{partner}", "federation.refuse", "watchlist-entry", details)


def fill(node: Node, entries: int, start: datetime) -> float:
    rng = random.Random(7)
    began = time.perf_counter()
    with node.db.read() as connection:
        last = audit_log.latest(connection, limit=1)[0]
    seq, prev, step = last.seq, last.entry_hash, timedelta(days=180) / entries
    batch: list[dict[str, Any]] = []
    for index in range(entries):
        seq += 1
        entry = chain(seq, start + step * index, event(rng), prev)
        prev = entry.entry_hash
        batch.append(
            {
                "seq": entry.seq,
                "at": entry.at,
                "actor": entry.actor,
                "action": entry.action,
                "target": entry.target,
                "details": entry.details,
                "prev_hash": entry.prev_hash,
                "entry_hash": entry.entry_hash,
            }
        )
        if len(batch) == 20_000 or index == entries - 1:
            with node.db.write() as connection:
                connection.execute(audit_table.insert(), batch)
            batch = []
    return time.perf_counter() - began


def timed(function: Any, *args: Any) -> tuple[Any, float]:
    began = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--postgres", default="")
    parser.add_argument("--work", type=Path, default=Path("bench/.work/reports"))
    parser.add_argument("--keep", action="store_true")
    options = parser.parse_args()
    shutil.rmtree(options.work, ignore_errors=True)
    values: dict[str, Any] = {"home": options.work / "us-cbp"}
    schema = None
    if options.postgres:
        schema = f"bench_{uuid.uuid4().hex[:10]}"
        create_schema_if_missing(options.postgres, schema)
        values.update(database_url=options.postgres, database_schema=schema)
    node = init_node(Settings.from_mapping(values), "us-cbp", "USA", "US CBP")
    admin = Actor.system()
    try:
        today = datetime.now(UTC).date()
        period = Period(today - timedelta(days=179), today)
        fill_seconds = fill(node, options.entries, period.since)
        with node.db.read() as connection:
            figures, figures_seconds = timed(build.node_figures, connection, "us-cbp", "USA", "US CBP", period)
            verified, verify_seconds = timed(lambda: verify(audit_log.entries(connection)))
        report = build.joint([figures])
        html, html_seconds = timed(render_html, report, datetime.now(UTC))
        _, pdf_seconds = timed(print_pdf, html, options.work / "report.pdf")
        _, statistics_seconds = timed(reports.write_statistics, node, admin, period, options.work / "stats.json")
        out = options.work / "audit.jsonl"
        summary, export_seconds = timed(audit_export.export_audit, node, admin, period, out)
        key = options.work / "us-cbp" / "keys" / "node.pub"
        checked, check_seconds = timed(audit_export.verify_export_file, out, key)
        print(
            json.dumps(
                {
                    "backend": node.db.dialect_name,
                    "entries": options.entries,
                    "fill_s": round(fill_seconds, 1),
                    "figures_s (all sections, chain verification included)": round(figures_seconds, 2),
                    "chain_verification_s": round(verify_seconds, 2),
                    "chain_ok": verified.ok,
                    "html_s": round(html_seconds, 2),
                    "html_kb": len(html) // 1024,
                    "pdf_s": round(pdf_seconds, 2),
                    "statistics_s": round(statistics_seconds, 2),
                    "export_s": round(export_seconds, 2),
                    "export_entries": summary.entries,
                    "export_mb": round(out.stat().st_size / 1e6, 1),
                    "verify_export_s": round(check_seconds, 2),
                    "export_ok": checked.ok,
                },
                indent=1,
            )
        )
    finally:
        node.close()
        if schema:
            drop_schema(options.postgres, schema)
        if not options.keep:
            shutil.rmtree(options.work, ignore_errors=True)


if __name__ == "__main__":
    main()
