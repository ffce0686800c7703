"""Property tests: over random agreements, requests and records, nothing beyond the clause ever leaves."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from perimeter.sharing.agreements import Agreement, Clause, Level, Mode
from perimeter.sharing.policy import DisclosureRequest, decide
from perimeter.sharing.redaction import redact

NODES = ["us-cbp", "ca-cbsa", "mx-inm", "gb-bf"]
KINDS = ["document-status", "watchlist-entry"]
PURPOSES = ["border-screening", "visa-vetting", "counter-terrorism", "marketing"]
CATEGORIES = ["terrorism", "criminal", "sanctions", "immigration"]
FIELDS = ["name", "birth_date", "nationality", "status", "number", "category", "remarks", "photo", "address"]
START = date(2026, 1, 1)


@st.composite
def clauses(draw: Any, parties: list[str], index: int) -> Clause:
    level = draw(st.sampled_from(list(Level)))
    full = draw(st.lists(st.sampled_from(FIELDS), min_size=1, unique=True))
    summary = draw(st.lists(st.sampled_from(full), min_size=1, unique=True))
    fields: dict[Level, list[str]] = {}
    if level is Level.SUMMARY:
        fields[Level.SUMMARY] = summary
    if level is Level.FULL:
        fields = {Level.SUMMARY: summary, Level.FULL: full}
    return Clause(
        id=f"clause-{index}",
        record_kind=draw(st.sampled_from(KINDS)),
        level=level,
        fields=fields,
        purposes=draw(st.lists(st.sampled_from(PURPOSES[:3]), min_size=1, unique=True)),
        mode=draw(st.sampled_from(list(Mode))),
        owners=draw(st.none() | st.lists(st.sampled_from(parties), min_size=1, unique=True)),
        recipients=draw(st.none() | st.lists(st.sampled_from(parties), min_size=1, unique=True)),
        categories=draw(st.none() | st.lists(st.sampled_from(CATEGORIES), min_size=1, unique=True)),
        retention_days=30,
        response_deadline_hours=48,
        query_limit_per_day=draw(st.none() | st.integers(0, 5)),
    )


@st.composite
def agreements(draw: Any) -> Agreement:
    parties = draw(st.lists(st.sampled_from(NODES[:3]), min_size=2, max_size=3, unique=True))
    count = draw(st.integers(1, 4))
    length = draw(st.integers(1, 800))
    return Agreement(
        agreement="random",
        version=1,
        parties=parties,
        in_force=START,
        expires=START + timedelta(days=length),
        clauses=[draw(clauses(parties, index)) for index in range(count)],
    )


requests = st.builds(
    DisclosureRequest,
    requester=st.sampled_from(NODES),
    owner=st.sampled_from(NODES),
    record_kind=st.sampled_from(KINDS),
    purpose=st.sampled_from([*PURPOSES, ""]),
    on=st.dates(START - timedelta(days=10), START + timedelta(days=900)),
    mode=st.sampled_from(list(Mode)),
    category=st.none() | st.sampled_from(CATEGORIES),
    level=st.none() | st.sampled_from(list(Level)),
    queries_today=st.integers(0, 6),
)
records = st.dictionaries(st.sampled_from([*FIELDS, "secret", "internal_id"]), st.text(max_size=5), max_size=12)


@settings(max_examples=200, deadline=None)
@given(agreements(), requests, records)
def test_no_field_beyond_the_clause_ever_leaves(agreement: Agreement, request: DisclosureRequest, record: Any) -> None:
    decision = decide(agreement, request)
    if not decision.allowed:
        assert decision.fields == frozenset() and decision.level is None and decision.reason
        return
    clause = agreement.clause(decision.clause or "")
    assert decision.level is not None and decision.level.rank <= clause.level.rank
    released = redact(record, decision)
    assert set(released) <= set(clause.fields.get(decision.level, []))
    assert set(released) <= set(record)
    assert all(released[name] == record[name] for name in released)
    if decision.level is Level.HIT_NO_HIT:
        assert released == {}


@settings(max_examples=200, deadline=None)
@given(agreements(), requests)
def test_an_allowed_disclosure_meets_every_condition_of_its_clause(
    agreement: Agreement, request: DisclosureRequest
) -> None:
    decision = decide(agreement, request)
    if not decision.allowed:
        return
    clause = agreement.clause(decision.clause or "")
    assert request.requester in agreement.parties and request.owner in agreement.parties
    assert agreement.in_force <= request.on <= agreement.expires
    assert clause.record_kind == request.record_kind and request.purpose in clause.purposes
    assert clause.covers(request.owner, request.requester)
    assert clause.categories is None or request.category in clause.categories
    assert clause.query_limit_per_day is None or request.queries_today < clause.query_limit_per_day
    assert request.mode is Mode.QUERIED or clause.mode is Mode.REPLICATED
    assert request.level is None or (decision.level is not None and decision.level.rank <= request.level.rank)
