"""Screening through the API: one query per request, comparison, bulk jobs, decisions, and who may do what."""

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from perimeter.core.access import Actor, Role
from perimeter.services import screening, users, watchlist_sources
from perimeter.services.node import Node
from perimeter.web.app import create_app

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def api(node: Node) -> Iterator[TestClient]:
    watchlist_sources.load_file(node, Actor.system(), "us-tsc", "jsonl", REPO / "tests/data/national-list.jsonl")
    with TestClient(create_app(node.settings, node)) as test_client:
        yield test_client
    screening.forget(node)


def bearer(node: Node, username: str, role: Role) -> dict[str, str]:
    users.add_user(node, Actor.system(), username, role)
    return {"Authorization": f"Bearer {users.create_token(node, Actor.system(), username).token}"}


def test_screen_one_person(api: TestClient, node: Node) -> None:
    officer = bearer(node, "olga", Role.OFFICER)
    answer = api.post("/api/v1/screen", json={"name": "Karim Hadad", "nationality": "JOR"}, headers=officer)
    body = answer.json()
    assert answer.status_code == 200 and body["alerted"] is True and body["algorithm"] == "perimeter-v1"
    hit = body["hits"][0]
    assert hit["owner_node"] == "us-cbp" and hit["list"] == "us-tsc" and hit["score"] >= body["threshold"]
    assert hit["features"][0]["feature"] == "name_similarity" and hit["suppressed_by"] is None
    bad = api.post("/api/v1/screen", json={"name": "Karim", "nationality": "ZZZ"}, headers=officer)
    assert bad.status_code == 422 and "nationality 'ZZZ'" in bad.json()["message"]
    assert api.post("/api/v1/screen", json={"name": "Karim"}).status_code == 401
    auditor = bearer(node, "audrey", Role.AUDITOR)
    assert api.post("/api/v1/screen", json={"name": "Karim"}, headers=auditor).status_code == 403


def test_compare(api: TestClient, node: Node) -> None:
    officer = bearer(node, "olga", Role.OFFICER)
    pair = {"a": {"name": "Marisol Quintero", "birth_date": "1985"}, "b": {"name": "QUINTERO VEGA, Marisol"}}
    body = api.post("/api/v1/screen/compare", json=pair, headers=officer).json()
    assert body["alert"] is True and body["explanation"][0].startswith("name 'Marisol Quintero'")


def test_a_bulk_job(api: TestClient, node: Node) -> None:
    officer = bearer(node, "olga", Role.OFFICER)
    lines = [json.dumps({"id": str(i), "name": name}) for i, name in enumerate(["John Doe", "Jane Roe", "Karim"])]
    submitted = api.post("/api/v1/screen/jobs", content="\n".join(lines).encode(), headers=officer)
    job = submitted.json()
    assert submitted.status_code == 202 and job["total"] == 3
    for _ in range(100):
        job = api.get(f"/api/v1/screen/jobs/{job['job_id']}", headers=officer).json()
        if job["status"] in ("done", "failed"):
            break
        time.sleep(0.05)
    assert job["status"] == "done" and job["alerted"] == 1, job
    results = api.get(job["results"], headers=officer)
    rows = [json.loads(line) for line in results.text.splitlines()]
    assert results.status_code == 200 and [row["id"] for row in rows] == ["0", "1", "2"]
    assert rows[0]["hits"][0]["record_id"] == "us-tsc-000123"
    other = bearer(node, "omar", Role.OFFICER)
    assert api.get(f"/api/v1/screen/jobs/{job['job_id']}", headers=other).status_code == 404
    refused = api.post("/api/v1/screen/jobs", content=b'{"id": "1", "name": "A"}\n{oops}\n', headers=officer)
    assert refused.status_code == 422 and refused.json()["message"].startswith("line 2: not JSON")


def test_decisions(api: TestClient, node: Node) -> None:
    officer = bearer(node, "olga", Role.OFFICER)
    analyst = bearer(node, "anna", Role.ANALYST)
    fingerprint = api.post("/api/v1/screen", json={"name": "John Doe"}, headers=officer).json()["fingerprint"]
    decision = {"fingerprint": fingerprint, "owner_node": "us-cbp", "record_id": "us-tsc-000123", "reason": "twin"}
    assert api.post("/api/v1/screen/decisions", json=decision, headers=officer).status_code == 403
    made = api.post("/api/v1/screen/decisions", json=decision, headers=analyst)
    assert made.status_code == 201 and made.json()["decided_by"] == "user:anna"
    body = api.post("/api/v1/screen", json={"name": "John Doe"}, headers=officer).json()
    assert body["alerted"] is False and body["hits"][0]["suppressed_by"] == made.json()["decision_id"]
    listed = api.get("/api/v1/screen/decisions", params={"fingerprint": fingerprint}, headers=officer).json()
    assert [item["record_id"] for item in listed] == ["us-tsc-000123"]
    revoked = api.delete(f"/api/v1/screen/decisions/{made.json()['decision_id']}", headers=analyst)
    assert revoked.status_code == 200 and revoked.json()["revoked_by"] == "user:anna"
    assert api.post("/api/v1/screen", json={"name": "John Doe"}, headers=officer).json()["alerted"] is True
