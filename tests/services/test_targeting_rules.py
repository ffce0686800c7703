"""Targeting rules: versions kept, one active at a time, backtests on stored manifests, every change audited."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from perimeter.core.access import Actor, Role
from perimeter.core.errors import Conflict, NotFound, PermissionDenied
from perimeter.passengers.rules import RuleError
from perimeter.services import passenger_intake, targeting_rules
from perimeter.services.node import Node
from perimeter.store import audit_log
from tests.services.passenger_helpers import passenger, paxlst

ANALYST = Actor.user("ana", Role.ANALYST)
OFFICER = Actor.user("olga", Role.OFFICER)


def test_versions_states_and_audit(node: Node) -> None:
    first = targeting_rules.add(node, ANALYST, "gbr-nationals", "British", 'traveller.nationality == "GBR"')
    assert (first.version, first.state, first.action) == (1, "draft", "review")
    second = targeting_rules.edit(node, ANALYST, "gbr-nationals", expression='traveller.nationality in ["GBR", "IRL"]')
    assert (second.version, second.state, second.name) == (2, "draft", "British")
    assert targeting_rules.get(node, ANALYST, "gbr-nationals", 1).expression == 'traveller.nationality == "GBR"'
    targeting_rules.activate(node, ANALYST, "gbr-nationals", 1)
    active = targeting_rules.activate(node, ANALYST, "gbr-nationals")  # the latest: version 2; version 1 retires
    assert active.version == 2 and active.state == "active"
    states = [(rule.version, rule.state) for rule in targeting_rules.history(node, ANALYST, "gbr-nationals")]
    assert states == [(1, "retired"), (2, "active")]
    assert targeting_rules.retire(node, ANALYST, "gbr-nationals").state == "retired"
    with pytest.raises(Conflict, match="no active version"):
        targeting_rules.retire(node, ANALYST, "gbr-nationals")
    with pytest.raises(Conflict, match="exists"):
        targeting_rules.add(node, ANALYST, "gbr-nationals", "again", "true")
    with pytest.raises(NotFound):
        targeting_rules.activate(node, ANALYST, "gbr-nationals", 9)
    with node.db.read() as connection:
        done = [(e.action, e.target) for e in audit_log.entries(connection, action_prefix="rule.")]
    assert done == [
        ("rule.add", "gbr-nationals/1"),
        ("rule.edit", "gbr-nationals/2"),
        ("rule.activate", "gbr-nationals/1"),
        ("rule.activate", "gbr-nationals/2"),
        ("rule.retire", "gbr-nationals/2"),
    ]


def test_a_bad_expression_is_refused_and_nothing_is_stored(node: Node) -> None:
    with pytest.raises(RuleError, match="syntax error at line 1, column 23"):
        targeting_rules.add(node, ANALYST, "bad", "Bad", "traveller.age > 30 && ")
    with pytest.raises(RuleError, match="unknown field 'colour'"):
        targeting_rules.add(node, ANALYST, "bad", "Bad", 'traveller.colour == "red"')
    assert targeting_rules.listing(node, ANALYST) == []
    with pytest.raises(PermissionDenied, match="rules:write"):
        targeting_rules.add(node, OFFICER, "mine", "Mine", "true")


def test_a_backtest_says_who_would_have_fired_on_past_manifests(node: Node, shared_data: Path) -> None:
    test3 = shared_data / "messages/paxlst/gtas-loader__apis-messages__Test3.txt"
    passenger_intake.receive(node, ANALYST, test3.read_bytes(), test3.name)
    young = passenger("NGUYEN", "LINH", date(2000, 6, 1), "VNM", ("VNM", "C1"))
    passenger_intake.receive(node, ANALYST, paxlst([young, passenger("DOE", "JANE", date(1950, 1, 1))]), "b.edi")
    targeting_rules.add(node, ANALYST, "canadians", "Canadians", 'traveller.nationality == "CAN"', "refer")
    result = targeting_rules.backtest(node, ANALYST, "canadians")
    assert (result.manifests, result.travellers, result.errors) == (2, 262, 0)
    assert result.hits and all(hit.fields == {"traveller.nationality": "CAN"} for hit in result.hits)
    assert {hit.flight for hit in result.hits} == {"UA0989"}
    # a draft is tested, not applied: the stored dispositions did not change
    assert targeting_rules.get(node, ANALYST, "canadians").state == "draft"
    unsaved = targeting_rules.backtest(node, ANALYST, "try", expression="traveller.age < 18")
    assert [(hit.position, hit.fields) for hit in unsaved.hits] == [(1, {"traveller.age": 16})]
    with node.db.read() as connection:
        entry = list(audit_log.entries(connection, action_prefix="rule.test"))[-1]
    assert entry.target == "try/unsaved" and entry.details["fired"] == 1 and entry.details["travellers"] == 262
