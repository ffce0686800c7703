"""The federation seen through the user API: partners, agreements, outbox, federated check, audit verify."""

from __future__ import annotations

from fastapi.testclient import TestClient

from perimeter.core.access import Actor, Role
from perimeter.services import document_registry, users
from perimeter.web.app import create_app
from tests.conftest import NodeFactory
from tests.federation.conftest import agreement_text, link


def test_partners_agreements_outbox_and_a_federated_check(make_node: NodeFactory) -> None:
    federation = link(make_node, [("us-cbp", "USA"), ("ca-cbsa", "CAN")])
    us = federation.nodes["us-cbp"]
    users.add_user(us, Actor.system(), "ana", Role.ADMIN, "Ana")
    token = users.create_token(us, Actor.system(), "ana", "test", 1).token
    headers = {"Authorization": f"Bearer {token}"}
    document_registry.add(federation.nodes["ca-cbsa"], Actor.system(), {"issuing_country": "CAN",
                          "document_type": "passport", "number": "GD1", "status": "stolen",
                          "reported_on": "2026-01-01"})  # fmt: skip
    app = create_app(us.settings, us, partner_transport=federation.router)
    with TestClient(app) as client:
        assert [p["node_id"] for p in client.get("/api/v1/partners", headers=headers).json()] == ["ca-cbsa"]
        [agreement] = client.get("/api/v1/agreements", headers=headers).json()
        assert agreement["agreement"] == "us-ca-2026" and agreement["state"] == "in force"
        shown = client.get("/api/v1/agreements/us-ca-2026", headers=headers).json()
        assert "signatures:" in shown["document"] and shown["clauses"][0]["id"] == "documents"
        draft = agreement_text(["us-cbp", "ca-cbsa"], version=2)
        refused = client.post("/api/v1/agreements", content=draft, headers=headers)
        assert refused.status_code == 422 and "not signed by" in refused.json()["message"]
        checked = client.post(
            "/api/v1/federated/documents/check",
            json={"country": "CAN", "number": "GD1", "purpose": "border-screening"},
            headers=headers,
        ).json()
        assert checked["partners"][0]["answer"]["records"][0]["record"]["status"] == "stolen"
        assert client.get("/api/v1/outbox", headers=headers).json() == []
        assert client.get("/api/v1/audit/verify", headers=headers).json()["ok"] is True
        identity = client.get("/federation/v1/identity").json()
        assert identity["node_id"] == "us-cbp" and "PUBLIC KEY" in identity["public_key"]
        unsigned = client.post("/federation/v1/queries", json={"kind": "screening.document"})
        assert unsigned.status_code == 401 and "not signed" in unsigned.json()["message"]
