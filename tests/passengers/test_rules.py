"""Targeting rules in CEL: compile errors with their position, checks against the variable model, attribution."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from perimeter.passengers.rules import RuleError, Variables, compile_rule, referenced_fields, split_top_level
from perimeter.passengers.variables import rule_variables, sample_variables
from perimeter.records.passenger import FlightLeg, TravelDocument, Traveller, TravellerRole
from perimeter.records.pnr import Payment, Pnr, TravelAgency

LEG = FlightLeg(
    carrier="UA",
    flight_number="0989",
    departure_airport="FRA",
    arrival_airport="IAD",
    scheduled_departure=datetime(2026, 3, 10, 17, 25),
)
TRAVELLER = Traveller(
    role=TravellerRole.PASSENGER,
    surname="KUCHEL",
    given_names="RACHEL",
    birth_date=date(1977, 10, 19),
    nationality="USA",
    documents=(TravelDocument(type="P", number="123", issuing_country="USA", expires_on=date(2026, 3, 30)),),
)
PNR = Pnr(
    record_locator="ABC123",
    created_at=datetime(2026, 3, 10, 6, 0),
    booking_agency=TravelAgency(name="FAST TRAVEL", iata_number="1234"),
    payments=(Payment(type="CA"),),
)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("traveller.nationality == ", "syntax error at line 1, column 26"),
        ("traveller.age >\n  40 &&& true", "syntax error at line 2, column"),
        ("traveller.passport == 'X'", "unknown field 'passport' in traveller.passport"),
        ("flight.carrier == 'UA'", "unknown variable 'flight'"),
        ("traveller.age + 1", "must give true or false"),
        ("", "empty"),
    ],
)
def test_a_bad_rule_is_refused_with_where_and_why(expression: str, expected: str) -> None:
    with pytest.raises(RuleError) as error:
        compile_rule("r", 1, "n", "review", expression)
    assert expected in error.value.message


def test_a_syntax_error_points_at_the_column() -> None:
    with pytest.raises(RuleError) as error:
        compile_rule("r", 1, "n", "review", "pnr.paid_cash && )")
    lines = error.value.message.splitlines()
    assert lines[1].strip() == "pnr.paid_cash && )" and lines[2].index("^") - lines[1].index("p") == 17


def test_the_issue_examples_fire_and_say_on_which_fields() -> None:
    values = rule_variables(TRAVELLER, [LEG], PNR)
    variables = Variables.of(values)
    assert values["document"]["days_to_expiry"] == 20 and values["traveller"]["age"] == 48
    assert values["pnr"]["booked_hours_before_departure"] == 11
    rules = {
        "route": ('"IAD" in itinerary.airports', {"itinerary.airports": ["FRA", "IAD"]}),
        "expiry": ("documents.exists(d, d.days_to_expiry < 30)", {"documents": values["documents"]}),
        "cash-late": (
            "pnr.present && pnr.booked_hours_before_departure < 24 && pnr.paid_cash",
            {"pnr.present": True, "pnr.booked_hours_before_departure": 11, "pnr.paid_cash": True},
        ),
        "agency": ('pnr.agency.name in ["FAST TRAVEL", "QUICK TOURS"]', {"pnr.agency.name": "FAST TRAVEL"}),
    }
    for rule_id, (expression, fields) in rules.items():
        rule = compile_rule(rule_id, 1, rule_id, "review", expression)
        assert rule.fires(variables), rule_id
        assert rule.fired_fields(variables) == fields, rule_id


def test_an_alternative_that_did_not_fire_is_not_blamed() -> None:
    rule = compile_rule("r", 1, "n", "refer", 'traveller.nationality == "IRN" || document.days_to_expiry < 30')
    variables = Variables.of(rule_variables(TRAVELLER, [LEG], None))
    assert rule.fires(variables)
    assert rule.fired_fields(variables) == {"document.days_to_expiry": 20}


def test_a_rule_on_a_missing_booking_does_not_fire_and_says_why() -> None:
    rule = compile_rule("r", 1, "n", "review", "pnr.booked_hours_before_departure < 24")
    variables = Variables.of(rule_variables(TRAVELLER, [LEG], None))
    with pytest.raises(RuleError, match="evaluation failed"):
        rule.fires(variables)
    guarded = compile_rule("r", 2, "n", "review", "pnr.present && pnr.booked_hours_before_departure < 24")
    assert guarded.fires(variables) is False


def test_fields_in_strings_are_not_fields_and_top_level_split_respects_brackets() -> None:
    assert referenced_fields('traveller.surname == "pnr.paid_cash" && documents.size() > 0') == (
        "traveller.surname",
        "documents",
    )
    assert split_top_level('(a || b) && c || "x || y"', "||") == ["(a || b) && c", '"x || y"']


def test_every_sample_field_is_a_variable_of_a_real_traveller() -> None:
    real = rule_variables(TRAVELLER, [LEG], PNR)
    sample = sample_variables()
    for name, value in sample.items():
        if isinstance(value, dict):
            assert set(value) == set(real[name]), name


def test_only_the_variables_a_rule_reads_are_converted() -> None:
    rule = compile_rule("r", 1, "n", "review", 'traveller.nationality == "USA" && documents.exists(d, d.type == "P")')
    assert rule.variables == {"traveller", "documents"}
    values = rule_variables(TRAVELLER, [LEG], None)
    assert rule.fires(Variables.of(values, rule.variables))
    with pytest.raises(RuleError, match="evaluation failed"):
        rule.fires(Variables.of(values, {"traveller"}))
