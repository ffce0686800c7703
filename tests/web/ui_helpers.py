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
