"""The audit actions the report counts, in one place.

Figures that the node keeps no table for (screenings, disclosures, refusals, exports) are counted from the audit
log, where every such event is recorded with an action name (``node.audit(connection, actor, action, ...)``).
The names below are the ones the services write; when a service renames an action, this is the one file to change.
"""

from __future__ import annotations

# Checks and screenings.
DOCUMENT_CHECK = "document.check"  # details: found (bool), statuses (list)
PORT_OF_ENTRY_CHECK = "port-of-entry.check"  # details: decision, screened (bool), hits (record ids), statuses
SCREENING_ACTIONS: tuple[str, ...] = (PORT_OF_ENTRY_CHECK,)

# Sharing with partners (the federation writes these; details: partner, agreement, clause, kind).
DISCLOSURE_ACTIONS: tuple[str, ...] = ("sharing.disclose",)
REFUSAL_ACTIONS: tuple[str, ...] = ("sharing.refuse",)

# Oversight.
PNR_UNMASK_ACTIONS: tuple[str, ...] = ("pnr.unmask",)
AUDIT_EXPORT = "audit.export"
REPORT_ACTIONS: tuple[str, ...] = ("report.joint", "report.statistics", "report.disclosures")
