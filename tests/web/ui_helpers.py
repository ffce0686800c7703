"""Signing a user in through the pages, for tests of the workspace (TestClient)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from fastapi.testclient import TestClient

from perimeter.core.access import Actor, Role
from perimeter.services import users
from perimeter.services.node import Node

PASSWORD = "correct horse battery"


def sign_in_as(client: TestClient, node: Node, username: str, role: Role, landing: str = "/ui/today") -> str:
    """Add the user, sign in through the form, and return the session's CSRF token."""
    users.add_user(node, Actor.system(), username, role, username.title(), PASSWORD)
    response = client.post("/ui/sign-in", data={"username": username, "password": PASSWORD, "next": landing})
    assert response.status_code == 200, response.text
    match = re.search(r'name="csrf_token" value="([^"]+)"', response.text)
    assert match, "the landing page has no form with a CSRF token"
    return match.group(1)


def specimen(shared_data: Path, source_path: str) -> str:
    """The zone of one real specimen in ``documents/mrz/mrz_samples.json``, by the file upstream took it from."""
    samples = json.loads((shared_data / "documents" / "mrz" / "mrz_samples.json").read_text())
    return str(next(sample["mrz"] for sample in samples if sample["source_path"] == source_path))


PAXLST = "messages/paxlst/gtas-loader__apis-messages__Test1.txt"  # 8 crew of UA0989, Frankfurt to Dulles, 2017


def lookout(
    node: Node,
    record_id: str = "lk-1",
    name: str = "Andrea Steur",
    born: str = "1978-07-06",
    *,
    list_name: str = "lookout",
    nationality: str = "GBR",
    category: str = "criminal",
    handling: str = "detain and call the duty officer",
) -> None:
    """One listed person in a national list of the node (by default one the PAXLST above carries: a crew member)."""
    from perimeter.services import watchlist_entries

    system = Actor.system()
    if not any(item.list_name == list_name for item in watchlist_entries.lists(node, system)):
        watchlist_entries.create_list(node, system, list_name, "national lookouts")
    watchlist_entries.add_entry(
        node,
        system,
        list_name,
        {
            "id": record_id,
            "category": category,
            "subject_type": "person",
            "names": [{"full": name, "kind": "primary"}],
            "birth_dates": [{"date": born}],
            "nationalities": [nationality],
            "handling": handling,
        },
    )


def receive(node: Node, shared_data: Path, relative: str = PAXLST) -> str:
    """Receive a real message as an analyst would upload it; the manifest id."""
    from perimeter.services import passenger_intake

    path = shared_data / relative
    receipt = passenger_intake.receive(node, Actor.system(), path.read_bytes(), path.name)
    assert receipt.manifest_id is not None
    return receipt.manifest_id
