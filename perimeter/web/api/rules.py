"""Targeting rules: write (CEL), version, backtest on past manifests, activate and retire."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from perimeter.core.access import Actor, Permission
from perimeter.services import targeting_rules
from perimeter.services.node import Node
from perimeter.web.auth import get_node, require

router = APIRouter(tags=["targeting rules"])
NodeDep = Annotated[Node, Depends(get_node)]
Reader = Annotated[Actor, Depends(require(Permission.MANIFESTS_READ))]
Writer = Annotated[Actor, Depends(require(Permission.RULES_WRITE))]
_EXAMPLE = '"DXB" in itinerary.airports && pnr.present && pnr.paid_cash && pnr.booked_hours_before_departure < 24'


class RuleRequest(BaseModel):
    rule_id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,59}$", examples=["cash-late-dxb"])
    name: str = Field(examples=["Cash, booked late, via Dubai"])
    expression: str = Field(examples=[_EXAMPLE])
    action: str = Field(default="review", pattern="^(review|refer)$")
    description: str = ""


class RuleEdit(BaseModel):
    name: str | None = None
    expression: str | None = None
    action: str | None = Field(default=None, pattern="^(review|refer)$")
    description: str | None = None


class BacktestRequest(BaseModel):
    version: int | None = Field(default=None, description="default: the latest version")
    expression: str | None = Field(default=None, description="test this expression instead of a saved version")
    since: datetime | None = None
    limit: int = Field(default=200, ge=1, le=10_000)


def _rule(rule: targeting_rules.RuleVersion) -> dict[str, Any]:
    data = asdict(rule)
    return {key: value.isoformat() if isinstance(value, datetime) else value for key, value in data.items()}


@router.get("/rules", summary="Every version of every rule")
def list_rules(node: NodeDep, actor: Reader, state: str | None = None) -> list[dict[str, Any]]:
    return [_rule(rule) for rule in targeting_rules.listing(node, actor, state)]


@router.post("/rules", status_code=201, summary="Write a rule (version 1, a draft); a bad expression is a 422")
def add_rule(node: NodeDep, actor: Writer, body: RuleRequest) -> dict[str, Any]:
    rule = targeting_rules.add(node, actor, body.rule_id, body.name, body.expression, body.action, body.description)
    return _rule(rule)


@router.get("/rules/{rule_id}", summary="A rule's versions, oldest first")
def rule_history(node: NodeDep, actor: Reader, rule_id: str) -> list[dict[str, Any]]:
    return [_rule(rule) for rule in targeting_rules.history(node, actor, rule_id)]


@router.post("/rules/{rule_id}/versions", status_code=201, summary="Edit: the next version, as a draft")
def edit_rule(node: NodeDep, actor: Writer, rule_id: str, body: RuleEdit) -> dict[str, Any]:
    rule = targeting_rules.edit(
        node,
        actor,
        rule_id,
        expression=body.expression,
        name=body.name,
        action=body.action,
        description=body.description,
    )
    return _rule(rule)


@router.post("/rules/{rule_id}/test", summary="Backtest on stored manifests: who would have fired, on which fields")
def test_rule(node: NodeDep, actor: Writer, rule_id: str, body: BacktestRequest) -> dict[str, Any]:
    result = targeting_rules.backtest(
        node, actor, rule_id, body.version, since=body.since, limit=body.limit, expression=body.expression
    )
    return asdict(result)


@router.post("/rules/{rule_id}/activate", summary="Switch a version on (the latest when none is given)")
def activate_rule(node: NodeDep, actor: Writer, rule_id: str, version: int | None = None) -> dict[str, Any]:
    return _rule(targeting_rules.activate(node, actor, rule_id, version))


@router.post("/rules/{rule_id}/retire", summary="Switch the rule off")
def retire_rule(node: NodeDep, actor: Writer, rule_id: str) -> dict[str, Any]:
    return _rule(targeting_rules.retire(node, actor, rule_id))
