"""Replication of document status records: the owner's delta feed, and the partner's pull that applies it.

The owner cuts the feed from its change feed (sequence numbers), with its own records only, each redacted to what
the replication clause releases. The partner keeps a cursor per owner, so after downtime it resumes where it
stopped; replicated rows keep their owner (read-only here: only the owner's feed adds, changes or clears them),
and when no agreement lets the owner replicate to this node any more, they are removed.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, bindparam, delete, select

from perimeter.core.errors import InvalidInput, PerimeterError
from perimeter.federation import disclosure, inbox
from perimeter.federation.client import PartnerClient
from perimeter.federation.messages import InboundMessage
from perimeter.services.node import Node
from perimeter.sharing.agreements import Mode
from perimeter.sharing.policy import DisclosureRequest, decide
from perimeter.sharing.redaction import redact
from perimeter.store import agreements, changes
from perimeter.store.document_loads import DOCUMENT_KIND
from perimeter.store.documents import CONTENT_COLUMNS
from perimeter.store.tables.base import utc_now
from perimeter.store.tables.documents import document_status
from perimeter.store.tables.federation import feed_cursors

FEED = "feed.document-status"
BATCH = 5000
_REQUIRED = {"status"}
#: The columns of a document status record a replication clause may release.
FEED_COLUMNS = ("issuing_country", "document_type", *CONTENT_COLUMNS)


@inbox.register_query(FEED)
def answer_feed(node: Node, connection: Connection, message: InboundMessage) -> dict[str, Any]:
    disclosure.admit(node, connection, message, DOCUMENT_KIND, Mode.REPLICATED)
    request = disclosure.request_for(node, message, DOCUMENT_KIND, mode=Mode.REPLICATED)
    decision = decide(message.agreement.agreement, request)
    if not decision.allowed or not decision.fields >= _REQUIRED:
        raise inbox.Refused(f"replication needs a clause releasing {sorted(_REQUIRED)}: {decision.reason}")
    after, limit = int(message.payload.get("after", 0)), min(int(message.payload.get("limit", BATCH)), BATCH)
    feed = changes.since(connection, DOCUMENT_KIND, after, limit)
    own = [change for change in feed if change.owner_node == node.node_id]
    wanted = {tuple(change.record_id.split("/", 2)) for change in own if change.op != "remove"}
    released = sorted(decision.fields & set(FEED_COLUMNS))
    current = _current(connection, node.node_id, wanted, released)
    items = []
    for change in own:
        row = current.get(tuple(change.record_id.split("/", 2)))
        record = redact(row, decision) if row is not None and change.op != "remove" else None
        items.append(
            {
                "seq": change.seq,
                "record_id": change.record_id,
                "op": "remove" if record is None else "upsert",
                "record": record,
            }
        )
    last = feed[-1].seq if feed else after
    disclosure.audit_disclosure(node, connection, message, [decision], FEED, after=after, upto=last, records=len(items))
    return {"changes": items, "last_seq": last, "more": len(feed) == limit}


@dataclass(frozen=True)
class Route:
    """Under which agreement, for which purpose, an owner replicates to this node, and how long rows may stay."""

    agreement_id: str
    purpose: str
    retain_until: date


def replication_route(connection: Connection, node: Node, owner: str, on: date) -> Route | None:
    """How ``owner`` replicates document records to this node today, if any agreement lets it."""
    for signed in agreements.newest_all(connection):
        for purpose in sorted(signed.agreement.purposes):
            request = DisclosureRequest(node.node_id, owner, DOCUMENT_KIND, purpose, on, Mode.REPLICATED)
            decision = decide(signed.agreement, request)
            if decision.allowed and decision.clause:
                retention = signed.agreement.clause(decision.clause).retention_days
                return Route(signed.agreement.agreement, purpose, on + timedelta(days=retention))
    return None


async def pull(node: Node, client: PartnerClient, owner: str) -> int:
    """Catch up on ``owner``'s feed; how many changes were applied. Purges the owner's rows when no agreement holds."""
    route = await asyncio.to_thread(_route, node, owner)
    if route is None:
        await asyncio.to_thread(purge, node, owner)
        return 0
    applied = 0
    while True:
        cursor = await asyncio.to_thread(_cursor, node, owner)
        answer = await client.query(
            owner, FEED, {"after": cursor, "limit": BATCH}, agreement_id=route.agreement_id, purpose=route.purpose
        )
        applied += await asyncio.to_thread(_apply, node, owner, answer, route.retain_until)
        if not answer.get("more"):
            return applied


async def pull_all(node: Node, client: PartnerClient) -> dict[str, int | str]:
    """Pull every partner's feed; a partner that cannot be reached is reported and retried next time."""
    from perimeter.store import partners

    with node.db.read() as connection:
        owners = [partner.node_id for partner in partners.all_partners(connection)]
        held = connection.execute(select(feed_cursors.c.partner).distinct()).scalars()  # owners pulled from
        strangers = sorted(set(held) - set(owners))
    results: dict[str, int | str] = {}
    for owner in strangers:  # no longer a partner: nothing of theirs stays here
        results[owner] = f"purged {await asyncio.to_thread(purge, node, owner)}"
    for owner in owners:
        try:
            results[owner] = await pull(node, client, owner)
        except PerimeterError as error:
            results[owner] = f"error: {error.message}"
    return results


def purge(node: Node, owner: str) -> int:
    """Remove every record replicated from ``owner`` (its agreement ended, or it was removed as a partner)."""
    with node.db.write() as connection:
        removed = connection.execute(delete(document_status).where(document_status.c.owner_node == owner)).rowcount
        connection.execute(delete(feed_cursors).where(feed_cursors.c.partner == owner))
        if removed:
            node.audit(connection, "system", "federation.replica.purge", owner, kind=DOCUMENT_KIND, removed=removed)
    return int(removed)


def _route(node: Node, owner: str) -> Route | None:
    with node.db.read() as connection:
        return replication_route(connection, node, owner, utc_now().date())


def _cursor(node: Node, owner: str) -> int:
    with node.db.read() as connection:
        query = select(feed_cursors.c.last_seq).where(
            feed_cursors.c.partner == owner, feed_cursors.c.kind == DOCUMENT_KIND
        )
        return int(connection.execute(query).scalar() or 0)


def _apply(node: Node, owner: str, answer: dict[str, Any], retain_until: date) -> int:
    now = utc_now()
    items = answer.get("changes", [])
    with node.db.write() as connection:
        upserts, removals = [], []
        for item in items:
            country, kind, key = str(item["record_id"]).split("/", 2)
            removals.append((country, kind, key))
            if item["op"] == "upsert":
                upserts.append(_row(owner, country, kind, key, item["record"], now, retain_until))
        if removals:  # every change replaces the row: delete by primary key, then insert what is current
            connection.execute(
                delete(document_status).where(
                    document_status.c.number_key == bindparam("k"),
                    document_status.c.issuing_country == bindparam("c"),
                    document_status.c.document_type == bindparam("t"),
                    document_status.c.owner_node == owner,
                ),
                [{"c": country, "t": kind, "k": key} for country, kind, key in set(removals)],
            )
        if upserts:
            latest = {(row["issuing_country"], row["document_type"], row["number_key"]): row for row in upserts}
            connection.execute(document_status.insert(), list(latest.values()))
        insert: Any = node.db.insert(feed_cursors)
        connection.execute(
            insert.values(
                partner=owner, kind=DOCUMENT_KIND, last_seq=int(answer["last_seq"]), updated_at=now
            ).on_conflict_do_update(
                index_elements=["partner", "kind"], set_={"last_seq": int(answer["last_seq"]), "updated_at": now}
            )
        )
        if items:
            node.audit(connection, "system", "federation.replicate", owner, kind=DOCUMENT_KIND,
                       changes=len(items), upto=int(answer["last_seq"]))  # fmt: skip
    return len(items)


def _row(
    owner: str, country: str, kind: str, key: str, record: dict[str, Any], now: Any, retain_until: date
) -> dict[str, Any]:
    """The replicated row: the owner's record as released, kept no longer than the clause's retention."""
    if not isinstance(record, dict) or "status" not in record:
        raise InvalidInput(f"replicated record {country}/{kind}/{key} from {owner} carries no status")
    reported = record.get("reported_on")
    return {
        "number_key": key,
        "issuing_country": country,
        "document_type": kind,
        "owner_node": owner,
        "number": record.get("number") or key,
        "status": record["status"],
        "reported_on": date.fromisoformat(reported) if reported else now.date(),
        "reporting_authority": record.get("reporting_authority"),
        "holder_surname": record.get("holder_surname"),
        "holder_given_names": record.get("holder_given_names"),
        "holder_birth_date": record.get("holder_birth_date"),
        "remarks": record.get("remarks"),
        "sensitivity": record.get("sensitivity") or "TLP:AMBER",
        "retain_until": min(date.fromisoformat(record["retain_until"]), retain_until)
        if record.get("retain_until")
        else retain_until,
        "updated_at": now,
    }


def _current(
    connection: Connection, owner: str, wanted: set[tuple[str, ...]], released: list[str]
) -> dict[tuple[str, ...], dict[str, Any]]:
    """The current released columns of the wanted records, read by number key (it leads the primary key)."""
    t = document_status.c
    numbers = sorted({key for _, _, key in wanted})
    found: dict[tuple[str, ...], dict[str, Any]] = {}
    for start in range(0, len(numbers), 2000):
        query = select(t.issuing_country, t.document_type, t.number_key, *(t[name] for name in released)).where(
            t.number_key.in_(numbers[start : start + 2000]), t.owner_node == owner
        )
        for row in connection.execute(query):
            key = (row[0], row[1], row[2])
            if key in wanted:
                found[key] = {name: _plain(value) for name, value in zip(released, row[3:], strict=True)}
    return found


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value
