"""Screening a whole flight: every traveller and crew member against the watch lists, every document against the
document registry, the node's active targeting rules over traveller, documents, itinerary and booking; then a
disposition per traveller from the disposition policy (:mod:`perimeter.passengers.assessment`).

:func:`assess_flight` does the work on a connection the caller holds and writes nothing (the manifest intake
stores the result and writes the one audit entry). :func:`screen_manifest` screens a manifest without storing it,
audited as ``manifest.screen``.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, select

from perimeter.core.access import Actor, Permission
from perimeter.core.text import document_number_key
from perimeter.passengers import subjects
from perimeter.passengers.assessment import (
    REPORTED_STATUSES,
    DispositionPolicy,
    DocumentFinding,
    RuleMatch,
    TravellerAssessment,
    decide,
)
from perimeter.passengers.rules import CompiledRule, RuleError, Variables, compile_rule
from perimeter.passengers.subjects import FlightTravellers
from perimeter.passengers.variables import rule_variables
from perimeter.records.documents import DocumentStatusRecord
from perimeter.records.passenger import Manifest, Traveller
from perimeter.records.pnr import Pnr
from perimeter.services.node import Node
from perimeter.services.traveller_screening import screen_travellers
from perimeter.store import documents as document_store
from perimeter.store import pnrs as pnr_store
from perimeter.store import targeting_rules as rule_store
from perimeter.store.tables.documents import document_status

_KEYS_PER_QUERY = 500


@dataclass(frozen=True)
class FlightAssessment:
    flight: FlightTravellers
    assessments: tuple[TravellerAssessment, ...]
    pnr_ids: tuple[str | None, ...]
    rules: tuple[tuple[str, int], ...]
    watchlists_screened: bool
    note: str | None = None
    timings_ms: dict[str, float] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        found = {"no-action": 0, "review": 0, "refer": 0}
        for assessment in self.assessments:
            found[assessment.disposition.value] += 1
        return found


def active_rules(connection: Connection) -> list[CompiledRule]:
    return [
        _compiled(row.rule_id, row.version, row.name, row.action, row.expression)
        for row in rule_store.active(connection)
    ]


@lru_cache(maxsize=512)
def _compiled(rule_id: str, version: int, name: str, action: str, expression: str) -> CompiledRule:
    return compile_rule(rule_id, version, name, action, expression)


def assess_flight(
    node: Node,
    connection: Connection,
    flight: FlightTravellers,
    pnrs: Mapping[str, tuple[str, Pnr]] | None = None,
    rules: Sequence[CompiledRule] | None = None,
) -> FlightAssessment:
    """``pnrs`` maps a booking locator to (pnr_id, the stored PNR); when omitted they are looked up by the
    travellers' booking references on the flight's carrier."""
    started = time.perf_counter()
    if pnrs is None:
        pnrs = linked_pnrs(connection, flight)
    rules = active_rules(connection) if rules is None else rules
    screened = screen_travellers(node, flight.travellers)
    watchlists_done = time.perf_counter()
    policy = DispositionPolicy.from_settings(node.settings)
    reported = document_findings(connection, flight.travellers)
    received = None
    assessments: list[TravellerAssessment] = []
    pnr_ids: list[str | None] = []
    for index, traveller in enumerate(flight.travellers):
        locator = flight.pnr_locators[index]
        pnr_id, pnr = pnrs.get(locator, (None, None)) if locator else (None, None)
        pnr_ids.append(pnr_id)
        documents = reported[index]
        matches, errors = evaluate_rules(rules, rule_variables(traveller, flight.flights, pnr, received))
        hits = screened.hits[index] or ()
        disposition, reason = decide(policy, hits, documents, matches)
        if screened.notes[index]:
            reason = f"{reason} ({screened.notes[index]})"
        assessments.append(
            TravellerAssessment(
                disposition,
                reason,
                hits,
                tuple(documents),
                tuple(matches),
                tuple(errors),
                screened.hits[index] is not None,
                screened.fingerprints[index] if screened.fingerprints else None,
            )
        )
    finished = time.perf_counter()
    timings = {
        "watchlists": round((watchlists_done - started) * 1000, 1),
        "documents_and_rules": round((finished - watchlists_done) * 1000, 1),
    }
    return FlightAssessment(
        flight,
        tuple(assessments),
        tuple(pnr_ids),
        tuple((rule.rule_id, rule.version) for rule in rules),
        screened.performed,
        screened.note,
        timings,
    )


def evaluate_rules(rules: Sequence[CompiledRule], values: Mapping[str, Any]) -> tuple[list[RuleMatch], list[str]]:
    matches: list[RuleMatch] = []
    errors: list[str] = []
    if not rules:
        return matches, errors
    variables = Variables.of(values, frozenset().union(*(rule.variables for rule in rules)))
    for rule in rules:
        try:
            fired = rule.fires(variables)
        except RuleError as error:
            errors.append(f"rule {rule.rule_id} v{rule.version}: {error.message}")
            continue
        if fired:
            matches.append(RuleMatch(rule.rule_id, rule.version, rule.name, rule.action, rule.fired_fields(variables)))
    return matches, errors


def linked_pnrs(connection: Connection, flight: FlightTravellers) -> dict[str, tuple[str, Pnr]]:
    leg = flight.main_leg
    locators = [locator for locator in flight.pnr_locators if locator]
    if leg is None or not locators:
        return {}
    rows = pnr_store.by_locators(connection, leg.carrier, locators)
    return {locator: (row.pnr_id, Pnr.model_validate(row.data)) for locator, row in rows.items()}


def document_findings(connection: Connection, travellers: Sequence[Traveller]) -> list[list[DocumentFinding]]:
    """Per traveller, their documents the registry reports lost, stolen, revoked or invalidated (one query)."""
    wanted: list[list[tuple[str, str, str]]] = []
    for traveller in travellers:
        keys = []
        for document in traveller.documents:
            key = document_number_key(document.number) if document.number else ""
            if key and document.issuing_country:
                keys.append((document.issuing_country, key, document.number or ""))
        wanted.append(keys)
    found: dict[tuple[str, str], list[DocumentStatusRecord]] = {}
    every_key = sorted({key for keys in wanted for _, key, _ in keys})
    for start in range(0, len(every_key), _KEYS_PER_QUERY):
        query = select(document_status).where(
            document_status.c.number_key.in_(every_key[start : start + _KEYS_PER_QUERY])
        )
        for row in connection.execute(query):
            record = document_store.from_row(row)
            found.setdefault((record.issuing_country, row.number_key), []).append(record)
    return [
        [
            DocumentFinding(country, number, record.status.value, record.owner_node)
            for country, key, number in keys
            for record in found.get((country, key), [])
            if record.status.value in REPORTED_STATUSES
        ]
        for keys in wanted
    ]


def screen_manifest(node: Node, actor: Actor, manifest: Manifest) -> FlightAssessment:
    """Screen a manifest without storing it (``manifest.screen`` audited with the counts)."""
    actor.require(Permission.SCREEN)
    flight = subjects.from_manifest(manifest)
    with node.db.read() as connection:
        result = assess_flight(node, connection, flight)
    leg = flight.main_leg
    with node.db.write() as connection:
        node.audit(
            connection,
            actor,
            "manifest.screen",
            leg.designator if leg else manifest.message_reference,
            travellers=len(flight.travellers),
            **result.counts(),
        )
    return result
