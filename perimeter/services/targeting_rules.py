"""Targeting rules: write, version, test against past manifests, switch on and off.

A rule is a CEL expression over the variables of :mod:`perimeter.passengers.variables`, with an action (``review``
or ``refer``) for when it fires. Adding a rule creates version 1 as a draft; editing creates the next version as a
draft, every earlier version kept unchanged. Activating a version makes it the one flight screening applies (the
rule's previously active version is retired); retiring switches the rule off. A backtest runs a version over
stored manifests, without changing anything, and reports which travellers would have fired and on which fields.
Every change and every backtest is audited (``rule.add``, ``rule.edit``, ``rule.activate``, ``rule.retire``,
``rule.test``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row

from perimeter.core.access import Actor, Permission
from perimeter.core.errors import Conflict, InvalidInput, NotFound
from perimeter.passengers.assessment import RuleAction
from perimeter.passengers.rules import Variables, compile_rule
from perimeter.passengers.variables import rule_variables
from perimeter.records.passenger import FlightLeg, Traveller
from perimeter.records.pnr import Pnr
from perimeter.services.node import Node
from perimeter.store import manifests as manifest_store
from perimeter.store import pnrs as pnr_store
from perimeter.store import targeting_rules as store
from perimeter.store.tables.base import utc_now

_RULE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")
DRAFT, ACTIVE, RETIRED = "draft", "active", "retired"


@dataclass(frozen=True)
class RuleVersion:
    rule_id: str
    version: int
    name: str
    description: str
    expression: str
    action: str
    state: str
    created_at: datetime
    created_by: str
    activated_at: datetime | None
    retired_at: datetime | None

    @classmethod
    def from_row(cls, row: Row[Any]) -> RuleVersion:
        m = row._mapping
        return cls(**{name: m[name] for name in cls.__dataclass_fields__})


@dataclass(frozen=True)
class BacktestHit:
    manifest_id: str
    flight: str
    flight_date: str | None
    position: int
    traveller_id: int
    role: str
    fields: dict[str, Any]


@dataclass(frozen=True)
class Backtest:
    rule_id: str
    version: int
    manifests: int
    travellers: int
    errors: int
    hits: tuple[BacktestHit, ...]


def add(
    node: Node, actor: Actor, rule_id: str, name: str, expression: str, action: str = "review", description: str = ""
) -> RuleVersion:
    actor.require(Permission.RULES_WRITE)
    if not _RULE_ID.match(rule_id):
        raise InvalidInput(f"rule id {rule_id!r}: lower-case letters, digits and dashes, at most 60")
    row = _checked(rule_id, 1, name, expression, action, description, actor)
    with node.db.write() as connection:
        if store.latest_version(connection, rule_id):
            raise Conflict(f"rule {rule_id} exists; edit it to make a new version")
        store.insert(connection, row)
        node.audit(connection, actor, "rule.add", f"{rule_id}/1", rule_action=row["action"])
    return get(node, actor, rule_id, 1)


def edit(
    node: Node,
    actor: Actor,
    rule_id: str,
    *,
    expression: str | None = None,
    name: str | None = None,
    action: str | None = None,
    description: str | None = None,
) -> RuleVersion:
    """A new draft version from the latest one, with the given fields changed."""
    actor.require(Permission.RULES_WRITE)
    with node.db.write() as connection:
        latest = _latest(connection, rule_id)
        version = latest.version + 1
        row = _checked(
            rule_id,
            version,
            name if name is not None else latest.name,
            expression if expression is not None else latest.expression,
            action if action is not None else latest.action,
            description if description is not None else latest.description,
            actor,
        )
        store.insert(connection, row)
        node.audit(connection, actor, "rule.edit", f"{rule_id}/{version}", previous=latest.version)
    return get(node, actor, rule_id, version)


def activate(node: Node, actor: Actor, rule_id: str, version: int | None = None) -> RuleVersion:
    """Switch a version on (the latest when not given); the version active before is retired."""
    actor.require(Permission.RULES_WRITE)
    now = utc_now()
    with node.db.write() as connection:
        chosen = _version(connection, rule_id, version)
        if chosen.state == ACTIVE:
            return RuleVersion.from_row(chosen)
        retired = [row.version for row in store.versions(connection, rule_id) if row.state == ACTIVE]
        for old in retired:
            store.set_state(connection, rule_id, old, RETIRED, retired_at=now)
        store.set_state(connection, rule_id, chosen.version, ACTIVE, activated_at=now)
        node.audit(connection, actor, "rule.activate", f"{rule_id}/{chosen.version}", retired=retired)
    return get(node, actor, rule_id, chosen.version)


def retire(node: Node, actor: Actor, rule_id: str) -> RuleVersion:
    """Switch the rule off: its active version is retired (drafts stay drafts)."""
    actor.require(Permission.RULES_WRITE)
    with node.db.write() as connection:
        active = [row for row in store.versions(connection, rule_id) if row.state == ACTIVE]
        if not active:
            _latest(connection, rule_id)  # NotFound for an unknown rule
            raise Conflict(f"rule {rule_id} has no active version to retire")
        store.set_state(connection, rule_id, active[0].version, RETIRED, retired_at=utc_now())
        node.audit(connection, actor, "rule.retire", f"{rule_id}/{active[0].version}")
    return get(node, actor, rule_id, active[0].version)


def get(node: Node, actor: Actor, rule_id: str, version: int | None = None) -> RuleVersion:
    actor.require(Permission.MANIFESTS_READ)
    with node.db.read() as connection:
        return RuleVersion.from_row(_version(connection, rule_id, version))


def history(node: Node, actor: Actor, rule_id: str) -> list[RuleVersion]:
    actor.require(Permission.MANIFESTS_READ)
    with node.db.read() as connection:
        rows = store.versions(connection, rule_id)
    if not rows:
        raise NotFound(f"no rule {rule_id}")
    return [RuleVersion.from_row(row) for row in rows]


def listing(node: Node, actor: Actor, state: str | None = None) -> list[RuleVersion]:
    """Every version (of one state when given), by rule and version."""
    actor.require(Permission.MANIFESTS_READ)
    if state is not None and state not in (DRAFT, ACTIVE, RETIRED):
        raise InvalidInput(f"state {state!r} is not draft, active or retired")
    with node.db.read() as connection:
        return [RuleVersion.from_row(row) for row in store.listing(connection, state)]


def backtest(
    node: Node,
    actor: Actor,
    rule_id: str,
    version: int | None = None,
    *,
    since: datetime | None = None,
    limit: int = 200,
    expression: str | None = None,
) -> Backtest:
    """Run a version (or an expression not yet saved) over the last ``limit`` stored manifests: who would fire.

    Travellers are rebuilt from what was stored for them, with the PNR they were linked to as it is stored now.
    """
    actor.require(Permission.RULES_WRITE)
    if not 1 <= limit <= 10_000:
        raise InvalidInput("limit must be between 1 and 10000 manifests")
    with node.db.write() as connection:
        if expression is None:
            row = _version(connection, rule_id, version)
            rule = compile_rule(row.rule_id, row.version, row.name, row.action, row.expression)
        else:
            rule = compile_rule(rule_id, 0, rule_id, "review", expression)
        hits: list[BacktestHit] = []
        manifests = manifest_store.manifests_for_backtest(connection, since, limit)
        travellers = errors = 0
        for manifest in manifests:
            flights = tuple(FlightLeg.model_validate(leg) for leg in manifest.flights)
            rows = manifest_store.travellers_of(connection, manifest.manifest_id)
            linked = pnr_store.by_ids(connection, [r.pnr_id for r in rows if r.pnr_id])
            for traveller_row in rows:
                travellers += 1
                traveller = Traveller.model_validate(traveller_row.data)
                pnr_row = linked.get(traveller_row.pnr_id) if traveller_row.pnr_id else None
                pnr = Pnr.model_validate(pnr_row.data) if pnr_row is not None else None
                variables = Variables.of(rule_variables(traveller, flights, pnr, manifest.received_at.date()))
                try:
                    fired = rule.fires(variables)
                except InvalidInput:
                    errors += 1
                    continue
                if fired:
                    hits.append(
                        BacktestHit(
                            manifest.manifest_id,
                            f"{manifest.carrier}{manifest.flight_number}",
                            manifest.flight_date.isoformat() if manifest.flight_date else None,
                            traveller_row.position,
                            traveller_row.traveller_id,
                            traveller_row.role,
                            rule.fired_fields(variables),
                        )
                    )
        node.audit(
            connection,
            actor,
            "rule.test",
            f"{rule_id}/{rule.version}" if expression is None else f"{rule_id}/unsaved",
            manifests=len(manifests),
            travellers=travellers,
            fired=len(hits),
            errors=errors,
        )
    return Backtest(rule_id, rule.version, len(manifests), travellers, errors, tuple(hits))


def _checked(
    rule_id: str, version: int, name: str, expression: str, action: str, description: str, actor: Actor
) -> dict[str, Any]:
    try:
        kind = RuleAction(action)
    except ValueError:
        raise InvalidInput(f"action {action!r} is not review or refer") from None
    if not name.strip() or len(name) > 200:
        raise InvalidInput("a rule needs a name of at most 200 characters")
    compile_rule(rule_id, version, name, kind.value, expression)  # RuleError says where the expression is wrong
    return {
        "rule_id": rule_id,
        "version": version,
        "name": name.strip(),
        "description": description,
        "expression": expression.strip(),
        "action": kind.value,
        "state": DRAFT,
        "created_at": utc_now(),
        "created_by": actor.audit_name,
        "activated_at": None,
        "retired_at": None,
    }


def _latest(connection: Connection, rule_id: str) -> Row[Any]:
    rows = store.versions(connection, rule_id)
    if not rows:
        raise NotFound(f"no rule {rule_id}")
    return rows[-1]


def _version(connection: Connection, rule_id: str, version: int | None) -> Row[Any]:
    if version is None:
        return _latest(connection, rule_id)
    row = store.get(connection, rule_id, version)
    if row is None:
        _latest(connection, rule_id)
        raise NotFound(f"rule {rule_id} has no version {version}")
    return row
