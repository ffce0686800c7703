"""The port-of-entry check: one call, one answer, one audit entry.

An officer scans a document (and may type what the photo page says). The check reads and verifies the zone, compares
the typed data with it, checks the document's status in the registry (under the number as read, and under any
number an OCR correction suggests), screens the holder, and answers ``clear`` or ``refer`` with every reason.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection

from perimeter.core.access import Actor, Permission
from perimeter.core.errors import InvalidInput, ParseError
from perimeter.core.text import document_number_key
from perimeter.formats.mrz import MrzResult, parse_mrz
from perimeter.records.documents import document_type_from_icao, issuing_country
from perimeter.records.photo_page import Mismatch, PhotoPage, compare
from perimeter.services.document_checks import DocumentCheck, DocumentQuery, look_up
from perimeter.services.holder_screening import HolderQuery, HolderScreener, HolderScreening, engine_screener
from perimeter.services.node import Node
from perimeter.store.tables.base import utc_now

CLEAR, REFER = "clear", "refer"


@dataclass(frozen=True)
class Finding:
    """One reason to refer the traveller: a code to count by, a message to read, and the field when there is one."""

    code: str
    message: str
    field: str | None = None


@dataclass
class PortOfEntryAnswer:
    zone: MrzResult
    findings: list[Finding]
    mismatches: list[Mismatch]
    compared: list[str]
    status_checks: list[DocumentCheck]
    screening: HolderScreening
    notes: list[str] = field(default_factory=list)
    elapsed_ms: float = 0.0

    @property
    def decision(self) -> str:
        return REFER if self.findings else CLEAR

    def summary(self) -> dict[str, Any]:
        zone = self.zone
        return {
            "decision": self.decision,
            "reasons": [vars(finding) for finding in self.findings],
            "document": {
                "issuing_country": zone.issuing_country,
                "document_type": document_type_from_icao(zone.document_code).value,
                "number": zone.document_number,
                "expiry_date": zone.expiry_date.isoformat() if zone.expiry_date else None,
                "format": zone.format.value,
            },
            "holder": {
                "surname": zone.surname,
                "given_names": zone.given_names,
                "birth_date": str(zone.birth_date) if zone.birth_date else None,
                "nationality": zone.nationality,
                "sex": zone.sex,
            },
            "mrz": zone.to_json_dict(),
            "photo_page": {"compared": self.compared, "mismatches": [vars(item) for item in self.mismatches]},
            "document_status": [check.summary() for check in self.status_checks],
            "screening": {
                "performed": self.screening.performed,
                "hits": [vars(hit) for hit in self.screening.hits],
                "note": self.screening.note,
            },
            "notes": self.notes,
            "elapsed_ms": round(self.elapsed_ms, 3),
        }


def check_at_port(
    node: Node,
    actor: Actor,
    mrz: str | Sequence[str],
    photo_page: PhotoPage | None = None,
    *,
    location: str | None = None,
    screener: HolderScreener = engine_screener,
    today: date | None = None,
) -> PortOfEntryAnswer:
    """Check a presented document end to end; raises :class:`ParseError` when the input is not an MRZ at all."""
    actor.require(Permission.DOCUMENTS_CHECK)
    actor.require(Permission.SCREEN)
    started = time.perf_counter()
    day = today or utc_now().date()
    page = photo_page or PhotoPage()
    try:
        zone = parse_mrz(list(mrz) if not isinstance(mrz, str) else mrz, today=day)
    except ParseError as error:
        with node.db.write() as connection:
            node.audit(connection, actor, "port-of-entry.check.rejected", None, location=location, reason=error.message)
        raise
    findings = [Finding(f"mrz-{problem.kind.value}", problem.message, problem.field) for problem in zone.problems]
    if zone.expiry_date is not None and zone.expiry_date < day:
        findings.append(Finding("document-expired", f"the document expired on {zone.expiry_date}", "expiry_date"))
    mismatches = compare(page, zone)
    findings += [
        Finding("photo-page-mismatch", f"{m.explanation} (typed {m.typed!r}, zone {m.zone!r})", m.field)
        for m in mismatches
    ]
    answer = PortOfEntryAnswer(zone, findings, mismatches, page.compared_fields, [], HolderScreening(False))
    answer.notes += list(zone.warnings)
    answer.screening = screener(node, actor, _holder(zone))
    if not answer.screening.performed and answer.screening.note:
        answer.notes.append(answer.screening.note)
    with node.db.write(wait_for_disk=False) as connection:  # the registry lookups and the one audit entry
        answer.status_checks = _status_checks(connection, zone, page, answer)
        for hit in answer.screening.hits:
            findings.append(
                Finding(
                    "watch-list-hit",
                    f"{hit.name} ({hit.record_id}, owner {hit.owner_node}, score {hit.score:.2f}): {hit.explanation}",
                )
            )
        node.audit(
            connection,
            actor,
            "port-of-entry.check",
            f"{zone.issuing_country}/{document_number_key(zone.document_number)}",
            location=location,
            decision=answer.decision,
            reasons=sorted({finding.code for finding in findings}),
            mismatched=[m.field for m in mismatches],
            statuses=sorted({str(c.status) for c in answer.status_checks if c.found}),
            screened=answer.screening.performed,
            hits=[hit.record_id for hit in answer.screening.hits],
        )
    answer.elapsed_ms = (time.perf_counter() - started) * 1000
    return answer


def _numbers(zone: MrzResult, page: PhotoPage) -> list[str]:
    """The numbers to look up: as read, as an OCR correction would read it, and as the officer typed it."""
    numbers = [zone.document_number]
    numbers += [c.corrected.strip("<") for c in zone.suggested_corrections if c.field == "document_number"]
    if page.document_number:
        numbers.append(page.document_number)
    return [number for number in numbers if number.strip("<")]


def _status_checks(
    connection: Connection, zone: MrzResult, page: PhotoPage, answer: PortOfEntryAnswer
) -> list[DocumentCheck]:
    try:
        country = issuing_country(zone.issuing_country)
    except InvalidInput:
        answer.notes.append(f"the registry was not consulted: issuing state {zone.issuing_country!r} is unknown")
        return []
    queries: dict[str, DocumentQuery] = {}
    for number in _numbers(zone, page):
        try:
            query = DocumentQuery.of(country, number)
        except InvalidInput:
            continue
        queries.setdefault(query.number_key, query)
    checks = [look_up(connection, query) for query in queries.values()]
    for check in checks:
        if check.incidents:
            answer.notes.append(f"{check.incidents} fraud incident(s) were recorded on document {check.query.target}")
        for record in check.records:
            by = f" by {record.reporting_authority}" if record.reporting_authority else ""
            answer.findings.append(
                Finding(
                    "document-reported",
                    f"{record.issuing_country} {record.document_type.value} {record.number} is reported"
                    f" {record.status.value} since {record.reported_on}{by} (owner {record.owner_node})",
                    "document_number",
                )
            )
    return checks


def _holder(zone: MrzResult) -> HolderQuery:
    return HolderQuery(
        surname=zone.surname,
        given_names=zone.given_names,
        birth_date=zone.birth_date,
        nationality=zone.nationality,
        sex=zone.sex,
        document_country=zone.issuing_country,
        document_number=zone.document_number,
    )
