"""The statistics exchange over the federation: a partner asks for this node's signed statistics for a period, under
an agreement whose clause covers the record kind ``statistics`` for the purpose ``joint-report``.

Answering (``report.statistics`` query kind): refused and audited unless a clause allows it; otherwise the node's
figures for the period, signed with its key, audited as a disclosure with the clause that released them. Asking
(:func:`fetch`): every partner named is asked under the agreement that lets it answer; each document is checked
against the key this node holds for that partner (``perimeter partners add``) like a file would be.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection

from perimeter.audit.signing import key_id
from perimeter.core.access import Actor, Permission
from perimeter.core.errors import InvalidInput, NotFound
from perimeter.federation import disclosure, inbox
from perimeter.federation.client import PartnerClient
from perimeter.federation.identity import load_private_key
from perimeter.federation.messages import InboundMessage
from perimeter.reports import build, statistics
from perimeter.reports.model import NodeFigures, Period
from perimeter.services.federated_screening import routes
from perimeter.services.node import Node
from perimeter.sharing.policy import decide
from perimeter.store import partners
from perimeter.store.tables.base import utc_now

RECORD_KIND = "statistics"
QUERY_KIND = "report.statistics"
PURPOSE = "joint-report"


@inbox.register_query(QUERY_KIND)
def answer_statistics(node: Node, connection: Connection, message: InboundMessage) -> dict[str, Any]:
    disclosure.admit(node, connection, message, RECORD_KIND)
    payload = message.payload
    period = Period.parse(str(payload.get("from", "")), str(payload.get("to", "")))
    identity = node.identity
    figures = build.statistics_figures(connection, identity.node_id, identity.country, identity.name, period)
    document = statistics.document(figures, load_private_key(node.home), utc_now().isoformat())
    decision = decide(message.agreement.agreement, disclosure.request_for(node, message, RECORD_KIND))
    disclosure.audit_disclosure(node, connection, message, [decision], RECORD_KIND, **period.as_params())
    return {"statistics": document}


def fetch(
    node: Node, actor: Actor, period: Period, partner_ids: Sequence[str], client: PartnerClient | None = None
) -> list[NodeFigures]:
    """Each named partner's verified figures for the period, asked over the federation."""
    actor.require(Permission.REPORTS_READ)
    with node.db.read() as connection:
        agreements = routes(connection, node, RECORD_KIND, PURPOSE)
        keys = {}
        for partner_id in partner_ids:
            partner = partners.get(connection, partner_id)
            if partner is None:
                raise NotFound(f"{partner_id} is not a partner of this node (perimeter partners add ...)")
            if partner_id not in agreements:
                raise InvalidInput(
                    f"no agreement in force lets {partner_id} give {RECORD_KIND} to this node for {PURPOSE}"
                )
            keys[partner_id] = partner.public_key()
    answers = asyncio.run(_ask_all(node, client, period, {p: agreements[p] for p in partner_ids}))
    found = []
    for partner_id, answer in zip(partner_ids, answers, strict=True):
        key = keys[partner_id]
        where = f"the statistics of {partner_id}"
        figures = statistics.read(json.dumps(answer.get("statistics")), where, {key_id(key): key}, period)
        if figures.node_id != partner_id:
            raise InvalidInput(f"{where} are signed as {figures.node_id}")
        found.append(figures)
    return found


async def _ask_all(
    node: Node, client: PartnerClient | None, period: Period, agreements: dict[str, str]
) -> list[dict[str, Any]]:
    own = client is None
    client = client or PartnerClient(node)
    try:
        return list(
            await asyncio.gather(
                *(
                    client.query(partner, QUERY_KIND, period.as_params(), agreement_id=agreement, purpose=PURPOSE)
                    for partner, agreement in agreements.items()
                )
            )
        )
    finally:
        if own:
            await client.aclose()
