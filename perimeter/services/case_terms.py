"""What the agreements say about a case: which agreement and purpose a notification travels under, the owner's
response deadline, and which fields of the owner's record may be released on it.

Both come from the sharing policy's pure decision (``perimeter.sharing.policy.decide``) over the agreements this
node holds, so a case never releases more than the clause that governs disclosure of that record kind to that partner.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection

from perimeter.core.errors import PermissionDenied
from perimeter.records.cases import Case, Side
from perimeter.services import case_records
from perimeter.services.node import Node
from perimeter.sharing.policy import ANY_CATEGORY, Decision, DisclosureRequest, decide
from perimeter.store import agreements
from perimeter.store.tables.base import utc_now


class NoAgreement(PermissionDenied):
    """No agreement in force lets this node notify (or disclose to) the partner for this record kind."""

    code = "no-agreement"


@dataclass(frozen=True)
class CaseTerms:
    agreement_id: str
    purpose: str
    clause: str
    response_hours: float


@dataclass(frozen=True)
class Releasable:
    fields: frozenset[str]
    clause: str  # the clause that decided, or "none"


def _decisions(
    connection: Connection, finder: str, owner: str, record_kind: str, purpose: str | None, category: str | None
) -> list[tuple[str, str, Decision]]:
    """(agreement id, purpose, decision) for every agreement held here that names both nodes."""
    today = utc_now().date()
    found = []
    for signed in agreements.newest_all(connection):
        agreement = signed.agreement
        if finder not in agreement.parties or owner not in agreement.parties:
            continue
        purposes = [purpose] if purpose else sorted(agreement.purposes)
        for stated in purposes:
            request = DisclosureRequest(finder, owner, record_kind, stated, today, category=category or ANY_CATEGORY)
            found.append((agreement.agreement, stated, decide(agreement, request)))
    return found


def for_hit(
    node: Node,
    connection: Connection,
    owner: str,
    record_kind: str,
    purpose: str | None,
    category: str | None,
) -> CaseTerms:
    """The agreement a hit notification to ``owner`` travels under, or :class:`NoAgreement` saying why none does."""
    decisions = _decisions(connection, node.node_id, owner, record_kind, purpose, category)
    for agreement_id, stated, decision in decisions:
        if decision.allowed and decision.clause is not None:
            signed = agreements.get(connection, agreement_id)
            assert signed is not None
            clause = signed.agreement.clause(decision.clause)
            return CaseTerms(agreement_id, stated, clause.id, float(clause.response_deadline_hours))
    reasons = sorted({decision.reason for _, _, decision in decisions}) or [f"no agreement with {owner} is held here"]
    raise NoAgreement(f"no agreement lets {node.node_id} notify {owner} of a {record_kind} hit: {'; '.join(reasons)}")


def releasable(node: Node, connection: Connection, case: Case) -> Releasable:
    """The fields of the record behind ``case`` that its agreement lets the owner release to the finder.

    The category is the owner's own record's when this node owns it, else the one the finder saw on the hit.
    """
    category = case.category
    if case.side is Side.OWNER:
        held = case_records.record(connection, case.owner_node, case.record_kind, case.record_id)
        category = str(held["category"]) if held and held.get("category") else category
    signed = agreements.get(connection, case.agreement_id)
    if signed is None:
        return Releasable(frozenset(), "none")
    request = DisclosureRequest(
        case.finder_node, case.owner_node, case.record_kind.value, case.purpose, utc_now().date(), category=category
    )
    decision = decide(signed.agreement, request)
    if not decision.allowed:
        return Releasable(frozenset(), decision.clause or "none")
    return Releasable(decision.fields, decision.citation)


def core_data_hours(node: Node, connection: Connection, case: Case) -> float | None:
    """The owner's core-data deadline once it confirms: the setting, or ``None`` when the clause releases nothing."""
    return node.settings.case_core_data_hours if releasable(node, connection, case).fields else None
