"""Disclosure decisions: may this record kind, from this owner, go to this requester, at which level, and why.

``decide`` is pure. It names the clause that allowed a disclosure, or says precisely why nothing is disclosed;
the caller audits the decision either way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from perimeter.sharing.agreements import Agreement, Clause, Level, Mode

#: The category of a request asking whether *any* category may be disclosed (before a record is at hand).
ANY_CATEGORY = "*"


@dataclass(frozen=True)
class DisclosureRequest:
    requester: str
    owner: str
    record_kind: str
    purpose: str
    on: date
    mode: Mode = Mode.QUERIED
    category: str | None = None
    level: Level | None = None  # the level asked for; None means as much as the clause allows
    queries_today: int = 0


@dataclass(frozen=True)
class Decision:
    allowed: bool
    level: Level | None
    fields: frozenset[str]
    clause: str | None
    reason: str

    @property
    def citation(self) -> str:
        return self.clause or "none"


def refuse(reason: str, clause: str | None = None) -> Decision:
    return Decision(False, None, frozenset(), clause, reason)


def decide(agreement: Agreement, request: DisclosureRequest) -> Decision:
    name = f"agreement {agreement.agreement} v{agreement.version}"
    for party in (request.requester, request.owner):
        if party not in agreement.parties:
            return refuse(f"{party} is not a party to {name}")
    if request.on < agreement.in_force:
        return refuse(f"{name} is not in force before {agreement.in_force}")
    if request.on > agreement.expires:
        return refuse(f"{name} expired on {agreement.expires}")
    if not request.purpose:
        return refuse("the request states no purpose")
    clauses = [
        clause
        for clause in agreement.clauses
        if clause.record_kind == request.record_kind and clause.covers(request.owner, request.requester)
    ]
    if not clauses:
        return refuse(f"no clause of {name} lets {request.owner} disclose {request.record_kind} to {request.requester}")
    refusals = [_check(clause, request) for clause in clauses]
    allowed = [(clause, reason) for clause, reason in zip(clauses, refusals, strict=True) if reason is None]
    if not allowed:
        first = next(reason for reason in refusals if reason)
        return refuse(first, clauses[0].id if len(clauses) == 1 else None)
    clause = max((clause for clause, _ in allowed), key=lambda clause: clause.level.rank)
    level = clause.level
    if request.level is not None and request.level.rank < level.rank:
        level = request.level
    return Decision(True, level, clause.released(level), clause.id, f"clause {clause.id} of {name}: {level.value}")


def _check(clause: Clause, request: DisclosureRequest) -> str | None:
    if request.mode is Mode.REPLICATED and clause.mode is not Mode.REPLICATED:
        return f"clause {clause.id} allows queries only, not replication"
    if clause.categories is not None and request.category not in (*clause.categories, ANY_CATEGORY):
        return f"clause {clause.id} covers only the categories {', '.join(clause.categories)}"
    if request.purpose not in clause.purposes:
        return (
            f"purpose {request.purpose!r} is not among the purposes of clause {clause.id}: {', '.join(clause.purposes)}"
        )
    if clause.query_limit_per_day is not None and request.queries_today >= clause.query_limit_per_day:
        return f"the daily query limit of clause {clause.id} ({clause.query_limit_per_day}) is reached"
    return None
