"""A traveller's risk assessment: watch-list hits, document findings, rule matches and the disposition.

:func:`decide` is the disposition policy, a pure function of the findings and the thresholds the node's settings
give (:class:`DispositionPolicy`): **refer** when a watch-list hit (or a partner's hit that released its score)
scores at least ``refer_score``, a document is reported lost, stolen, revoked or invalidated, or a rule whose action
is ``refer`` fires; **review** when a hit alerts below that score, a ``review`` rule fires, or a partner reports a
hit (federated flight screening) without a score at least ``refer_score`` or a record of a document without a
reported status (hit/no-hit); a partner's record of a document reported lost, stolen, revoked or invalidated refers;
**no-action** otherwise. Hits an analyst
has suppressed as false matches are shown but never alert. The reason names every finding that led to the
disposition.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from perimeter.settings import Settings

#: Document statuses that refer a traveller: a registry record in any of these says the document must not be used.
REPORTED_STATUSES = ("stolen", "revoked", "invalidated", "lost")


class Disposition(StrEnum):
    NO_ACTION = "no-action"
    REVIEW = "review"
    REFER = "refer"


class RuleAction(StrEnum):
    REVIEW = "review"
    REFER = "refer"


@dataclass(frozen=True)
class WatchlistHit:
    record_id: str
    list_name: str
    owner_node: str
    category: str
    matched_name: str
    score: float
    explanation: tuple[str, ...]
    handling: str | None = None
    alerts: bool = True


@dataclass(frozen=True)
class PartnerHit:
    """A partner's answer that one of its own records matches the traveller (a watch-list entry) or, when
    ``document`` names it (``CAN GA123456``), one of their documents (a document status record): only what its
    clause released (the fields in ``record``; for hit/no-hit nothing but the opaque ``reference`` the owner can
    open)."""

    partner: str
    agreement: str
    clause: str
    level: str
    reference: str
    record: dict[str, Any] = field(default_factory=dict)
    document: str | None = None

    @property
    def score(self) -> float | None:
        score = self.record.get("score")
        return float(score) if isinstance(score, int | float) else None


@dataclass(frozen=True)
class DocumentFinding:
    issuing_country: str
    number: str
    status: str
    owner_node: str


@dataclass(frozen=True)
class RuleMatch:
    rule_id: str
    version: int
    name: str
    action: str
    fields: dict[str, Any]


@dataclass(frozen=True)
class DispositionPolicy:
    review_score: float
    refer_score: float

    @classmethod
    def from_settings(cls, settings: Settings) -> DispositionPolicy:
        return cls(settings.alert_threshold, max(settings.alert_threshold, settings.disposition_refer_score))


@dataclass(frozen=True)
class TravellerAssessment:
    disposition: Disposition
    reason: str
    hits: tuple[WatchlistHit, ...] = ()
    documents: tuple[DocumentFinding, ...] = ()
    rule_matches: tuple[RuleMatch, ...] = ()
    rule_errors: tuple[str, ...] = field(default=())
    screened: bool = True
    fingerprint: str | None = None
    partner_hits: tuple[PartnerHit, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "disposition": self.disposition.value,
            "reason": self.reason,
            "screened_against_watchlists": self.screened,
            "fingerprint": self.fingerprint,
            "hits": [{**asdict(hit), "score": round(hit.score, 4)} for hit in self.hits],
            "documents": [asdict(finding) for finding in self.documents],
            "rule_matches": [asdict(match) for match in self.rule_matches],
            "rule_errors": list(self.rule_errors),
            "partner_hits": [asdict(hit) for hit in self.partner_hits],
        }


def decide(
    policy: DispositionPolicy,
    hits: Sequence[WatchlistHit],
    documents: Sequence[DocumentFinding],
    rule_matches: Sequence[RuleMatch],
    partner_hits: Sequence[PartnerHit] = (),
) -> tuple[Disposition, str]:
    refer: list[str] = []
    review: list[str] = []
    for found in partner_hits:
        cited = f"under clause {found.clause} of {found.agreement} ({found.level}"
        if found.document is not None:
            status = found.record.get("status")
            said = f" {status}" if status else ""
            text = f"partner {found.partner} reports document {found.document}{said} {cited})"
            (refer if status in REPORTED_STATUSES else review).append(text)
            continue
        score = found.score
        text = f"partner {found.partner} reports a hit {cited}" + (
            f", score {score:.2f})" if score is not None else ")"
        )
        (refer if score is not None and score >= policy.refer_score else review).append(text)
    for hit in hits:
        if not hit.alerts or hit.score < policy.review_score:
            continue
        text = f"{hit.list_name} entry {hit.record_id} ({hit.matched_name}) scores {hit.score:.2f}"
        (refer if hit.score >= policy.refer_score else review).append(text)
    for finding in documents:
        refer.append(f"document {finding.issuing_country} {finding.number} is reported {finding.status}")
    for match in rule_matches:
        text = f"rule {match.rule_id} v{match.version} ({match.name}) fired"
        (refer if match.action == RuleAction.REFER else review).append(text)
    if refer:
        return Disposition.REFER, "; ".join(refer + review)
    if review:
        return Disposition.REVIEW, "; ".join(review)
    return Disposition.NO_ACTION, "no watch-list hit, no reported document, no rule fired"
