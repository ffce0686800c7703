"""Federated flight screening: a stored manifest screened by each partner in one batch request per partner."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

import pytest

from perimeter.core.access import Actor
from perimeter.core.errors import NotFound
from perimeter.federation.client import AppRouter
from perimeter.federation.references import open_reference
from perimeter.services import federated_flights, passenger_intake
from perimeter.services import watchlist_sources as sources
from perimeter.services.federation_links import conclude, introduce
from perimeter.services.node import Node
from perimeter.store import audit_log
from perimeter.store import manifests as manifest_store
from perimeter.web.app import create_app
from tests.conftest import REPO, NodeFactory
from tests.federation.conftest import Federation, agreement_text
from tests.federation.test_three_nodes import LOOKOUTS
from tests.services.passenger_helpers import passenger, paxlst

ADMIN = Actor.system()
FLIGHT = [
    passenger("SALCEDO IBARRA", "RODRIGO", date(1982, 7, 19), "MEX", ("MEX", "G11223344")),
    passenger("FERRER DOMINGUEZ", "LUCIA", None, "ESP"),  # a criminal entry on both partners' lists
    passenger("OKONKWO", "ADAEZE", date(1990, 3, 4), "NGA"),
]


def _lookouts(level: str, categories: str) -> str:
    fields = "      summary: [category, matched_name, handling]" if level == "summary" else "      hit-no-hit: []"
    return LOOKOUTS.format(level=level, fields=fields, categories=categories)


def _network(make_node: NodeFactory, mx_limit: int | None = None) -> Federation:
    """US asks CA (summary of lookouts and criminal entries) and MX (hit/no-hit on immigration lookouts only)."""
    nodes = {node_id: make_node(node_id, country, country) for node_id, country in
             [("us-cbp", "USA"), ("ca-cbsa", "CAN"), ("mx-inm", "MEX")]}  # fmt: skip
    introduce({node_id: f"http://{node_id}" for node_id in nodes}, list(nodes.values()))
    us, ca, mx = nodes["us-cbp"], nodes["ca-cbsa"], nodes["mx-inm"]
    ca_clause = _lookouts("summary", "immigration-lookout, criminal")
    conclude([us, ca], agreement_text(["us-cbp", "ca-cbsa"], extra_clauses=ca_clause))
    mx_clause = _lookouts("hit-no-hit", "immigration-lookout")
    if mx_limit is not None:
        mx_clause += f"    query_limit_per_day: {mx_limit}\n"
    conclude([us, mx], agreement_text(["us-cbp", "mx-inm"], agreement_id="us-mx-2026", extra_clauses=mx_clause))
    for node, name in ((ca, "ca-lookout"), (mx, "mx-lookout")):
        sources.load_file(node, ADMIN, name, "csv", REPO / "tests/data/national-list.csv")
    apps = {node_id: create_app(node.settings, node) for node_id, node in nodes.items()}
    return Federation(nodes, apps, AppRouter(apps))


def _flight(federation: Federation) -> str:
    receipt = passenger_intake.receive(federation.nodes["us-cbp"], ADMIN, paxlst(FLIGHT), "flight.edi")
    assert receipt.manifest_id is not None and receipt.assessment is not None
    assert receipt.assessment.counts() == {"no-action": 3, "review": 0, "refer": 0}  # nothing local
    return receipt.manifest_id


def _federate(federation: Federation, manifest_id: str) -> federated_flights.FederatedFlight:
    async def run() -> federated_flights.FederatedFlight:
        async with federation.client("us-cbp") as client:
            return await federated_flights.screen_manifest_with_partners(
                federation.nodes["us-cbp"], ADMIN, client, manifest_id, purpose="border-screening"
            )

    return asyncio.run(run())


def _stored(node: Node, manifest_id: str) -> list[Any]:
    with node.db.read() as connection:
        return manifest_store.travellers_of(connection, manifest_id)


def _audit(node: Node, action: str, kind: str | None = None) -> list[Any]:
    with node.db.read() as connection:
        return [
            entry
            for entry in audit_log.entries(connection)
            if entry.action == action and (kind is None or entry.details.get("kind") == kind)
        ]


def _outcomes(result: federated_flights.FederatedFlight) -> dict[tuple[str, str], Any]:
    return {(outcome.partner, outcome.kind.split(".")[1]): outcome for outcome in result.partners}


def test_partner_hits_raise_the_traveller_with_only_the_clause_fields(make_node: NodeFactory) -> None:
    from perimeter.services import document_registry

    federation = _network(make_node)
    us, mx = federation.nodes["us-cbp"], federation.nodes["mx-inm"]
    stolen = {"issuing_country": "MEX", "document_type": "passport", "number": "G11223344", "status": "stolen",
              "reported_on": "2026-02-01", "holder_surname": "SALCEDO"}  # fmt: skip
    document_registry.add(mx, ADMIN, stolen)
    manifest_id = _flight(federation)
    result = _federate(federation, manifest_id)
    assert {key: (o.status, o.asked, o.requests) for key, o in _outcomes(result).items()} == {
        ("ca-cbsa", "persons"): ("answered", 3, 1),
        ("mx-inm", "persons"): ("answered", 3, 1),
        ("mx-inm", "documents"): ("answered", 1, 1),  # only the document Mexico issued; none of Canada's
    }
    assert result.raised == 2 and result.counts == {"refer": 1, "review": 1} and result.documents_asked == 1
    rodrigo, lucia, other = _stored(us, manifest_id)
    hits = {(hit["partner"], hit["document"]): hit for hit in rodrigo.assessment["partner_hits"]}
    assert set(hits) == {("ca-cbsa", None), ("mx-inm", None), ("mx-inm", "MEX G11223344")}
    ca_hit, mx_hit = hits["ca-cbsa", None], hits["mx-inm", None]
    assert ca_hit["level"] == "summary" and ca_hit["clause"] == "lookouts"
    assert set(ca_hit["record"]) == {"category", "matched_name", "handling"}
    assert mx_hit["level"] == "hit-no-hit" and mx_hit["record"] == {}  # nothing but the hit
    assert open_reference(mx, mx_hit["reference"]) == "mx-inm-000501"
    document = hits["mx-inm", "MEX G11223344"]
    assert document["clause"] == "documents" and "holder_surname" not in document["record"]
    assert rodrigo.disposition == "refer"  # the partner's stolen passport refers; its lookout alone would review
    assert "partner mx-inm reports document MEX G11223344 stolen under clause documents" in rodrigo.disposition_reason
    assert "partner mx-inm reports a hit under clause lookouts of us-mx-2026 (hit-no-hit)" in rodrigo.disposition_reason
    # Lucía is a criminal entry: CA's clause covers it, MX's excludes it, so MX gives nothing at all.
    assert [hit["partner"] for hit in lucia.assessment["partner_hits"]] == ["ca-cbsa"]
    assert lucia.disposition == "review" and other.disposition == "no-action"
    assert other.assessment["partner_hits"] == []
    [disclosed] = _audit(mx, "federation.disclose", "screening.persons")
    assert disclosed.details["subjects"] == 3 and disclosed.details["released"] == 1
    assert disclosed.details["withheld"] == 1 and disclosed.details["clauses"] == ["lookouts:hit-no-hit"]
    assert "SALCEDO" not in str(disclosed.details).upper()
    [federated] = _audit(us, "manifest.federate")
    assert federated.details["hits"] == 4 and federated.details["raised"] == 2
    assert federated.details["travellers"] == 3 and federated.details["documents"] == 1
    again = _federate(federation, manifest_id)  # asked again: the same hits, replaced, not added twice
    assert again.raised == 0 and len(_stored(us, manifest_id)[0].assessment["partner_hits"]) == 3


def test_a_partner_down_is_recorded_and_the_flight_still_screened(make_node: NodeFactory) -> None:
    federation = _network(make_node)
    manifest_id = _flight(federation)
    federation.router.down.add("mx-inm")
    outcomes = _outcomes(_federate(federation, manifest_id))
    down = outcomes["mx-inm", "persons"]
    assert down.status == "unavailable" and "unreachable" in (down.error or "")
    assert outcomes["mx-inm", "documents"].status == "unavailable"
    assert outcomes["ca-cbsa", "persons"].status == "answered" and outcomes["ca-cbsa", "persons"].hits == 2
    rodrigo = _stored(federation.nodes["us-cbp"], manifest_id)[0]
    assert [hit["partner"] for hit in rodrigo.assessment["partner_hits"]] == ["ca-cbsa"]
    assert rodrigo.disposition == "review"


def test_a_batch_past_the_daily_limit_is_refused_whole_and_audited_by_the_partner(make_node: NodeFactory) -> None:
    federation = _network(make_node, mx_limit=2)  # three travellers count as three queries
    mx = federation.nodes["mx-inm"]
    manifest_id = _flight(federation)
    refused = _outcomes(_federate(federation, manifest_id))["mx-inm", "persons"]
    assert refused.status == "refused"
    assert "daily query limit of clause lookouts (2)" in (refused.error or "")
    assert "3 subjects asked at once" in (refused.error or "")
    [refusal] = _audit(mx, "federation.refuse")
    assert refusal.target == "screening.persons" and "daily query limit" in refusal.details["reason"]
    assert _audit(mx, "federation.disclose", "screening.persons") == []


def test_an_unknown_manifest_is_not_found(make_node: NodeFactory) -> None:
    federation = _network(make_node)
    with pytest.raises(NotFound, match="no manifest"):
        _federate(federation, "nope")


def test_the_api_screens_a_stored_flight_with_partners(make_node: NodeFactory) -> None:
    from fastapi.testclient import TestClient

    from perimeter.core.access import Role
    from perimeter.services import users

    federation = _network(make_node)
    us = federation.nodes["us-cbp"]
    manifest_id = _flight(federation)
    for username, role in (("olga", Role.OFFICER), ("ana", Role.ANALYST)):
        users.add_user(us, ADMIN, username, role)
    tokens = {name: users.create_token(us, ADMIN, name).token for name in ("olga", "ana")}
    with TestClient(create_app(us.settings, us, partner_transport=federation.router)) as api:
        path = f"/api/v1/manifests/{manifest_id}/partners"
        sent = api.post(
            path, json={"purpose": "border-screening"}, headers={"Authorization": f"Bearer {tokens['ana']}"}
        )
        assert sent.status_code == 200, sent.text
        assert sent.json()["raised"] == 2 and sent.json()["dispositions"] == {"refer": 0, "review": 2}
        assert {(p["partner"], p["kind"]) for p in sent.json()["partners"]} >= {("mx-inm", "screening.documents")}
        missing = api.post("/api/v1/manifests/nope/partners", headers={"Authorization": f"Bearer {tokens['ana']}"})
        assert missing.status_code == 404
        officer = {"Authorization": f"Bearer {tokens['olga']}"}
        assert api.post(path, headers=officer).status_code == 403  # an officer may read flights, not screen them
        shown = api.get(f"/api/v1/manifests/{manifest_id}", headers=officer).json()
        assert shown["masked"] is True  # a 2017 flight: the released names are masked like the local hits
        ca_hit = next(h for h in shown["travellers"][0]["assessment"]["partner_hits"] if h["partner"] == "ca-cbsa")
        assert ca_hit["record"]["category"] == "immigration-lookout" and "SALCEDO" not in str(ca_hit).upper()


def test_the_traveller_page_shows_the_partner_hits(make_node: NodeFactory) -> None:
    from fastapi.testclient import TestClient

    from perimeter.core.access import Role
    from tests.web.ui_helpers import sign_in_as

    federation = _network(make_node)
    us = federation.nodes["us-cbp"]
    manifest_id = _flight(federation)
    _federate(federation, manifest_id)
    traveller_id = _stored(us, manifest_id)[0].traveller_id
    with TestClient(create_app(us.settings, us)) as client:
        sign_in_as(client, us, "ana", Role.ANALYST)
        page = client.get(f"/ui/travellers/{traveller_id}").text
    assert "Partners' hits" in page and "clause lookouts of us-mx-2026 (hit-no-hit)" in page
    assert "matched name" not in page  # masked: a 2017 flight


def test_documents_in_one_batch_are_answered_each_as_a_single_check(pair: Federation) -> None:
    from perimeter.services import document_registry

    ca = pair.nodes["ca-cbsa"]
    document_registry.add(
        ca,
        ADMIN,
        {"issuing_country": "CAN", "document_type": "passport", "number": "GA123456", "status": "stolen",
         "reported_on": "2026-03-01", "holder_surname": "DOE"},
    )  # fmt: skip
    documents = [{"country": "CAN", "number": "GA123456"}, {"country": "CAN", "number": "GA999999"}]

    async def ask(payload: dict[str, Any]) -> dict[str, Any]:
        async with pair.client("us-cbp") as client:
            return await client.query(
                "ca-cbsa", "screening.documents", payload, agreement_id="us-ca-2026", purpose="border-screening"
            )

    answer = asyncio.run(ask({"documents": documents}))
    found, missing = answer["answers"]
    assert found["hit"] is True and missing == {"owner": "ca-cbsa", "hit": False, "records": []}
    assert set(found["records"][0]["record"]) == {"status", "issuing_country", "document_type", "number", "reported_on"}
    [disclosed] = _audit(ca, "federation.disclose")
    assert disclosed.details["subjects"] == 2 and disclosed.details["hits"] == 1
    assert disclosed.target.startswith("batch:") and "GA123456" not in str(disclosed.details)
    with pytest.raises(Exception, match="at most 1000 per request"):
        asyncio.run(ask({"documents": documents * 501}))
