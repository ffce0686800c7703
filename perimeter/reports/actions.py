"""The audit actions the report counts, and how their details are read, in one place.

Figures that the node keeps no table for (screenings, disclosures, refusals, unmasking, exports) are counted from
the audit log, where every such event is recorded with an action name (``node.audit(connection, actor, action,
...)``). The names below are the ones the services write; when a service renames an action or a detail, this is the
one file to change.
"""

from __future__ import annotations

from typing import Any

# Checks and screenings.
DOCUMENT_CHECK = "document.check"  # details: found (bool), statuses (list)
PORT_OF_ENTRY_CHECK = "port-of-entry.check"  # details: decision, screened (bool), hits (record ids)
SCREEN_PERSON = "screen.person"  # details: hits (int, alerting), suppressed (int)
SCREEN_BATCH = "screen.batch"  # details: queries (int), alerted (int: queries with a hit), hits (int, when given)
SCREENING_ACTIONS: tuple[str, ...] = (PORT_OF_ENTRY_CHECK, SCREEN_PERSON, SCREEN_BATCH)

# Sharing with partners: the actor is ``partner:<node id>``.
# federation.disclose details: kind, agreement, purpose, clauses (["<clause id>:<level>", ...]), withheld (int)
# federation.refuse details: channel, error (code), reason; the target is the record kind asked for.
# federation.query (this node asking a partner): target the partner; details kind, agreement, purpose, status, hit.
PARTNER_QUERY = "federation.query"
# Cases: the actor is a local user; details name the partner, the agreement and the clause.
# case.notify (the finder tells the owner what it found): partner, record_kind, agreement, clause, purpose
# case.release (the owner releases fields of its record): partner, clause, fields
# case.notify.refused / case.release.refused: partner, agreement, clause (for releases), refused / reason
DISCLOSURE_ACTIONS: tuple[str, ...] = ("federation.disclose", "case.notify", "case.release")
REFUSAL_ACTIONS: tuple[str, ...] = ("federation.refuse", "case.notify.refused", "case.release.refused")
_CASE_KINDS = {
    "case.notify": "hit-notification",
    "case.release": "case-release",
    "case.notify.refused": "hit-notification",
    "case.release.refused": "case-release",
}
PARTNER_ACTOR_PREFIX = "partner:"

# Oversight.
PNR_UNMASK_ACTIONS: tuple[str, ...] = ("pnr.unmask", "manifest.unmask")
AUDIT_EXPORT = "audit.export"
REPORT_ACTIONS: tuple[str, ...] = ("report.joint", "report.statistics", "report.disclosures")


def screening_counts(action: str, details: dict[str, Any]) -> tuple[int, int, int]:
    """(people screened, screenings with a hit, hits) that one audit entry of a screening action stands for."""
    if action == PORT_OF_ENTRY_CHECK and not details.get("screened", False):
        return 0, 0, 0
    if action == SCREEN_BATCH:
        queries, alerted = int(details.get("queries") or 0), int(details.get("alerted") or 0)
        return queries, alerted, int(details.get("hits") or alerted)
    found = details.get("hits") or 0
    hits = len(found) if isinstance(found, list) else int(found)
    return 1, 1 if hits else 0, hits


def partner_of(actor: str, details: dict[str, Any]) -> str:
    """The partner a sharing event concerns: named in the details (cases), else the partner who acted."""
    return str(details.get("partner") or actor.removeprefix(PARTNER_ACTOR_PREFIX))


def sharing_kind(action: str, target: str | None, details: dict[str, Any]) -> str:
    return str(_CASE_KINDS.get(action) or details.get("kind") or target or "-")


NOTHING_RELEASED = "nothing-released"  # an answer no clause released a record in (no hit, or every hit withheld)


def disclosure_clauses(details: dict[str, Any]) -> list[str]:
    """The clause ids that released something in one disclosure (``clauses`` holds ``"<id>:<level>"``)."""
    clauses = [str(item).split(":", 1)[0] for item in details.get("clauses") or []]
    if details.get("clause"):
        clauses.append(str(details["clause"]))
    return clauses or [NOTHING_RELEASED]


def refusal_reason(details: dict[str, Any]) -> str:
    """What refused a request: the clause that did not allow it, else the error's code."""
    return str(details.get("clause") or details.get("error") or "refused")
