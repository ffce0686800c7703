"""Three nodes, agreements that differ: what each partner answers depends on the agreement between the two."""

from __future__ import annotations

import asyncio
from typing import Any

from perimeter.core.access import Actor
from perimeter.federation import replication
from perimeter.federation.client import AppRouter
from perimeter.services import document_checks, document_registry, federated_screening, partners
from perimeter.services import watchlist_sources as sources
from perimeter.services.federation_links import conclude, introduce
from perimeter.web.app import create_app
from tests.conftest import REPO, NodeFactory
from tests.federation.conftest import TODAY, Federation, agreement_text

ADMIN = Actor.system()
LOOKOUTS = """  - id: lookouts
    record_kind: watchlist-entry
    level: {level}
    fields:
{fields}
    categories: [{categories}]
    purposes: [border-screening]
    retention_days: 0
    response_deadline_hours: 48
"""


def _lookouts(level: str, categories: str) -> str:
    fields = "      summary: [category, matched_name, handling]" if level == "summary" else "      hit-no-hit: []"
    return LOOKOUTS.format(level=level, fields=fields, categories=categories)


def test_three_nodes_with_different_agreements(make_node: NodeFactory) -> None:
    nodes = {node_id: make_node(node_id, country, country) for node_id, country in
             [("us-cbp", "USA"), ("ca-cbsa", "CAN"), ("mx-inm", "MEX")]}  # fmt: skip
    introduce({node_id: f"http://{node_id}" for node_id in nodes}, list(nodes.values()))
    us, ca, mx = nodes["us-cbp"], nodes["ca-cbsa"], nodes["mx-inm"]
    conclude(
        [us, ca],
        agreement_text(["us-cbp", "ca-cbsa"], extra_clauses=_lookouts("summary", "immigration-lookout, criminal")),
    )
    no_documents = agreement_text(
        ["us-cbp", "mx-inm"], agreement_id="us-mx-2026", extra_clauses=_lookouts("hit-no-hit", "immigration-lookout")
    )
    no_documents = no_documents.replace("record_kind: document-status", "record_kind: travel-history")
    conclude([us, mx], no_documents)
    conclude([ca, mx], agreement_text(["ca-cbsa", "mx-inm"], agreement_id="ca-mx-2026",
                                      extra_clauses=_lookouts("hit-no-hit", "terrorism")))  # fmt: skip
    federation = Federation(nodes, {k: create_app(n.settings, n) for k, n in nodes.items()}, AppRouter({}))
    federation.router = AppRouter(federation.apps)
    sources.load_file(mx, ADMIN, "mx-lookout", "csv", REPO / "tests/data/national-list.csv")
    sources.load_file(ca, ADMIN, "ca-lookout", "csv", REPO / "tests/data/national-list.csv")
    document_registry.add(mx, ADMIN, {"issuing_country": "MEX", "document_type": "passport", "number": "G99887766",
                                      "status": "stolen", "reported_on": "2026-02-01"})  # fmt: skip

    async def screen(node_id: str, name: str) -> dict[str, Any]:
        async with federation.client(node_id) as client:
            return await federated_screening.screen_person(
                nodes[node_id], ADMIN, client, {"name": name}, purpose="border-screening"
            )

    answers = {a["partner"]: a for a in asyncio.run(screen("us-cbp", "Rodrigo Salcedo Ibarra"))["partners"]}
    assert set(answers) == {"ca-cbsa", "mx-inm"}
    [ca_hit] = answers["ca-cbsa"]["answer"]["hits"]  # US-CA: a summary
    assert ca_hit["level"] == "summary" and set(ca_hit["record"]) == {"category", "matched_name", "handling"}
    [mx_hit] = answers["mx-inm"]["answer"]["hits"]  # US-MX: hit/no-hit only
    assert mx_hit["level"] == "hit-no-hit" and mx_hit["record"] == {}
    # Canada asks Mexico: terrorism only, and this is an immigration lookout: nothing at all comes back.
    from_ca = asyncio.run(screen("ca-cbsa", "Rodrigo Salcedo Ibarra"))["partners"]
    assert {a["partner"]: a["answer"]["hit"] for a in from_ca} == {"mx-inm": False, "us-cbp": False}

    # Documents: Mexico's stolen passport is not covered by the US-MX agreement, so the US node cannot see it.
    async def check() -> dict[str, Any]:
        async with federation.client("us-cbp") as client:
            return await federated_screening.check_document(us, ADMIN, client, "MEX", "G99887766",
                                                            purpose="border-screening")  # fmt: skip

    result = asyncio.run(check())
    assert result["local"]["found"] is False
    assert [answer["partner"] for answer in result["partners"]] == ["ca-cbsa"]  # Canada does not own it
    assert result["partners"][0]["answer"]["hit"] is False  # and does not pass on anyone else's records


def test_a_removed_partner_s_replicated_records_are_purged(pair: Federation) -> None:
    us, ca = pair.nodes["us-cbp"], pair.nodes["ca-cbsa"]
    document_registry.add(ca, ADMIN, {"issuing_country": "CAN", "document_type": "passport", "number": "GB1",
                                      "status": "lost", "reported_on": "2026-02-01"})  # fmt: skip

    async def pull_all() -> dict[str, Any]:
        async with pair.client("us-cbp") as client:
            return await replication.pull_all(us, client)

    assert asyncio.run(pull_all()) == {"ca-cbsa": 1}
    assert document_checks.check(us, ADMIN, "CAN", "GB1").found
    partners.remove_partner(us, ADMIN, "ca-cbsa")
    assert asyncio.run(pull_all()) == {"ca-cbsa": "purged 1"}
    assert not document_checks.check(us, ADMIN, "CAN", "GB1").found
    assert TODAY
