"""What the privacy officer's page shows: the audit chain's state and the period's disclosures, refusals,
unmasking events and exports, all read from the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from perimeter.audit.chain import Verification
from perimeter.core.access import Actor, Permission
from perimeter.reports import actions
from perimeter.reports.chain import verify_period
from perimeter.reports.disclosures import DisclosureRow, disclosure_rows, recent
from perimeter.reports.model import Period
from perimeter.services.node import Node
from perimeter.store.tables.base import utc_now

DEFAULT_DAYS = 183  # about the six months a joint report covers


@dataclass(frozen=True)
class Oversight:
    period: Period
    chain: Verification
    disclosures: list[DisclosureRow]
    unmasking: list[tuple[object, ...]]
    exports: list[tuple[object, ...]]

    @property
    def disclosed(self) -> int:
        return sum(row.disclosed for row in self.disclosures)

    @property
    def refused(self) -> int:
        return sum(row.refused for row in self.disclosures)


def default_period() -> Period:
    today = utc_now().date()
    return Period(today - timedelta(days=DEFAULT_DAYS - 1), today)


def oversight(node: Node, actor: Actor, period: Period) -> Oversight:
    actor.require(Permission.AUDIT_READ)
    with node.db.read() as connection:
        chain = verify_period(connection, period.since, period.until)
        rows = disclosure_rows(connection, period)
        unmasking = recent(connection, period, actions.PNR_UNMASK_ACTIONS)
        exports = recent(connection, period, (actions.AUDIT_EXPORT, *actions.REPORT_ACTIONS))
    return Oversight(period, chain, rows, unmasking, exports)
