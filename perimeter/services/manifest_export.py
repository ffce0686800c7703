"""Sending a stored manifest on: rebuilt from what was stored and written as a PAXLST interchange.

The sharing of it with a partner (the agreement, the signed exchange) is the federation's; this gives the bytes.
A manifest past the masking period is not exported (its data is masked for everyone until unmasked, and a
disclosure is not an unmasking). Audited as ``manifest.export`` with the receiver and the counts.
"""

from __future__ import annotations

from typing import Literal

from perimeter.core.access import Actor, Permission
from perimeter.core.errors import Conflict, NotFound
from perimeter.formats.paxlst_writer import write_paxlst
from perimeter.records.passenger import FlightLeg, Manifest, Traveller
from perimeter.services import pnr_protection
from perimeter.services.node import Node
from perimeter.store import manifests as store
from perimeter.store.tables.base import utc_now


def export_paxlst(
    node: Node,
    actor: Actor,
    manifest_id: str,
    receiver: str,
    *,
    reference: str | None = None,
    version: Literal["D02B", "D05B"] = "D05B",
) -> bytes:
    """The stored manifest as a PAXLST interchange from this node to ``receiver``."""
    actor.require(Permission.MANIFESTS_READ)
    with node.db.write() as connection:
        row = store.get_manifest(connection, manifest_id)
        if row is None:
            raise NotFound(f"no manifest {manifest_id}")
        if row.kind != "paxlst":
            raise Conflict(f"manifest {manifest_id} came from a PNRGOV push; only PAXLST manifests are exported")
        if pnr_protection.is_masked(node.settings, row.flight_date):
            raise Conflict(f"manifest {manifest_id} is past the masking period and is not exported")
        travellers = tuple(Traveller.model_validate(t.data) for t in store.travellers_of(connection, manifest_id))
        now = utc_now()
        manifest = Manifest(
            message_reference=reference or manifest_id.replace("-", "")[:14].upper(),
            sender=node.node_id,
            receiver=receiver,
            version=version,
            prepared_at=now.replace(tzinfo=None, second=0, microsecond=0),
            document_type=row.document_type or "745",
            flights=tuple(FlightLeg.model_validate(leg) for leg in row.flights),
            travellers=travellers,
            declared_passenger_count=row.passenger_count or None,
            declared_crew_count=row.crew_count or None,
        )
        data = write_paxlst(
            manifest,
            sender=node.node_id[:35],
            receiver=receiver[:35],
            reference=manifest.message_reference,
            version=version,
        )
        node.audit(
            connection,
            actor,
            "manifest.export",
            manifest_id,
            receiver=receiver,
            travellers=len(travellers),
            bytes=len(data),
        )
    return data
