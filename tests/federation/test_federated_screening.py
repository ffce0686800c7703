"""Federated document checks, person screening and replication between in-process nodes."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from typing import Any

import pytest

from perimeter.core.access import Actor
from perimeter.federation import replication
from perimeter.federation.references import open_reference
from perimeter.services import document_checks, document_registry, federated_screening, partners
from perimeter.services import watchlist_sources as sources
from perimeter.services.node import Node
from perimeter.store import agreements as agreement_store
from perimeter.store import audit_log
from perimeter.store.tables.federation import agreements as agreement_table
from tests.conftest import REPO, NodeFactory
from tests.federation.conftest import Federation, agreement_text, link

ADMIN = Actor.system()
PERSON_CLAUSE = """  - id: lookouts
    record_kind: watchlist-entry
    level: summary
    fields:
      summary: [category, matched_name, handling]
    categories: [immigration-lookout]
    purposes: [border-screening]
    retention_days: 0
    response_deadline_hours: 48
"""


def _stolen(node: Node, number: str, status: str = "stolen") -> None:
    document_registry.add(
        node,
        ADMIN,
        {"issuing_country": node.identity.country, "document_type": "passport", "number": number,
         "status": status, "reported_on": "2026-03-01", "holder_surname": "DOE", "remarks": "internal"},
    )  # fmt: skip


def _run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)


def test_a_document_check_asks_the_partner_and_gets_only_the_clause_fields(pair: Federation) -> None:
    us, ca = pair.nodes["us-cbp"], pair.nodes["ca-cbsa"]
    _stolen(ca, "GA123456")

    async def check() -> dict[str, Any]:
        async with pair.client("us-cbp") as client:
            return await federated_screening.check_document(
                us, ADMIN, client, "CAN", "GA123456", purpose="border-screening"
            )

    result = _run(check())
    assert result["local"]["found"] is False
    [answer] = result["partners"]
    assert answer["partner"] == "ca-cbsa" and answer["status"] == "answered"
    [record] = answer["answer"]["records"]
    assert record["level"] == "full" and record["clause"] == "documents"
    assert set(record["record"]) == {"status", "issuing_country", "document_type", "number", "reported_on"}
    assert "holder_surname" not in record["record"] and "remarks" not in record["record"]
    assert open_reference(ca, record["reference"]) == "CAN/passport/GA123456"
    with audit_log_reader(ca) as entries:
        disclosed = [e for e in entries if e.action == "federation.disclose"]
    assert disclosed[-1].details["clauses"] == ["documents:full"]


class audit_log_reader:  # noqa: N801 - reads like a function
    def __init__(self, node: Node) -> None:
        self.node = node

    def __enter__(self) -> list[Any]:
        with self.node.db.read() as connection:
            return list(audit_log.entries(connection))

    def __exit__(self, *_: object) -> None:
        return None


def test_the_daily_query_limit_refuses_the_next_query(make_node: NodeFactory) -> None:
    text = agreement_text(["us-cbp", "ca-cbsa"]).replace("query_limit_per_day: 1000", "query_limit_per_day: 2")
    federation = link(make_node, [("us-cbp", "USA"), ("ca-cbsa", "CAN")], text)
    us = federation.nodes["us-cbp"]

    async def checks() -> list[str]:
        async with federation.client("us-cbp") as client:
            results = []
            for _ in range(3):
                result = await federated_screening.check_document(
                    us, ADMIN, client, "CAN", "X1", purpose="visa-vetting"
                )
                results.append(result["partners"][0]["status"] + ":" + str(result["partners"][0]["error"]))
            return results

    statuses = _run(checks())
    assert statuses[:2] == ["answered:None", "answered:None"]
    assert statuses[2].startswith("refused:") and "daily query limit of clause documents (2)" in statuses[2]


def test_person_screening_releases_the_summary_of_agreed_categories_only(make_node: NodeFactory) -> None:
    text = agreement_text(["us-cbp", "mx-inm"], agreement_id="us-mx-2026", extra_clauses=PERSON_CLAUSE)
    federation = link(make_node, [("us-cbp", "USA"), ("mx-inm", "MEX")], text)
    us, mx = federation.nodes["us-cbp"], federation.nodes["mx-inm"]
    sources.load_file(mx, ADMIN, "mx-lookout", "csv", REPO / "tests/data/national-list.csv")

    async def screen(name: str, purpose: str = "border-screening") -> dict[str, Any]:
        async with federation.client("us-cbp") as client:
            return await federated_screening.screen_person(us, ADMIN, client, {"name": name}, purpose=purpose)

    result = _run(screen("Rodrigo Salcedo Ibarra"))
    [answer] = result["partners"]
    [hit] = answer["answer"]["hits"]
    assert hit["level"] == "summary" and hit["clause"] == "lookouts"
    assert set(hit["record"]) == {"category", "matched_name", "handling"}
    assert open_reference(mx, hit["reference"]) == "mx-inm-000501"
    criminal = _run(screen("Lucía Ferrer Domínguez"))  # a criminal entry: outside the clause, not even a hit
    assert criminal["partners"][0]["answer"] == {"owner": "mx-inm", "hit": False, "hits": []}
    refused = _run(screen("Rodrigo Salcedo Ibarra", purpose="visa-vetting"))
    assert refused["partners"] == []  # no clause covers that purpose: the partner is not even asked


def test_replication_catches_up_applies_removals_and_purges_when_the_agreement_ends(pair: Federation) -> None:
    us, ca = pair.nodes["us-cbp"], pair.nodes["ca-cbsa"]
    for number in ("GA000001", "GA000002", "GA000003"):
        _stolen(ca, number)

    async def pull() -> int:
        async with pair.client("us-cbp") as client:
            return await replication.pull(us, client, "ca-cbsa")

    assert _run(pull()) == 3
    check = document_checks.check(us, ADMIN, "CAN", "GA000002")
    assert check.found and check.records[0].owner_node == "ca-cbsa" and check.records[0].holder_surname is None
    assert check.records[0].retain_until == date.today() + timedelta(days=365)  # the clause's retention
    assert _run(pull()) == 0  # nothing new
    document_registry.clear(ca, ADMIN, "CAN", "passport", "GA000002", "recovered")
    _stolen(ca, "GA000004")
    pair.router.down.add("ca-cbsa")
    with pytest.raises(Exception, match="unreachable"):
        _run(pull())
    pair.router.down.discard("ca-cbsa")
    assert _run(pull()) == 2  # caught up after the outage: one removal, one addition
    assert not document_checks.check(us, ADMIN, "CAN", "GA000002").found
    assert document_checks.check(us, ADMIN, "CAN", "GA000004").found
    with pytest.raises(Exception, match="only the issuing country's node"):
        document_registry.amend(us, ADMIN, "CAN", "passport", "GA000004", {"status": "lost"})
    partners.remove_partner(ca, ADMIN, "us-cbp")  # stands for the end of the agreement on the owner's side
    with us.db.write() as connection:
        connection.execute(agreement_table.delete())
        assert agreement_store.newest_all(connection) == []
    assert _run(pull()) == 0
    assert not document_checks.check(us, ADMIN, "CAN", "GA000004").found  # purged
