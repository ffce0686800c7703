"""Shared fixtures: the real data folder, and nodes on SQLite and (when configured) PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from perimeter.core.access import Actor
from perimeter.services.node import Node, init_node
from perimeter.settings import Settings
from perimeter.store.database import create_schema_if_missing, drop_schema

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
POSTGRES_URL = os.environ.get("PERIMETER_TEST_DATABASE_URL", "")

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)] if POSTGRES_URL else ["sqlite"]


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data`` beside the checkout: the real lists, messages and documents."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"the real data folder {SHARED_DATA} is absent (it sits beside the project checkout)")
    return SHARED_DATA


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


NodeFactory = Callable[..., Node]


@pytest.fixture
def make_node(backend: str, tmp_path: Path) -> Iterator[NodeFactory]:
    """Create initialised nodes on the test's backend: each its own home, key pair and database (or schema)."""
    made: list[tuple[Node, str | None]] = []

    def factory(node_id: str = "us-cbp", country: str = "USA", name: str = "Test agency", **settings: object) -> Node:
        home = tmp_path / node_id
        schema = None
        values: dict[str, object] = {"home": home, **settings}
        if backend == "postgresql":
            schema = f"t_{uuid.uuid4().hex[:12]}"
            create_schema_if_missing(POSTGRES_URL, schema)
            values.update(database_url=POSTGRES_URL, database_schema=schema)
        node = init_node(Settings.from_mapping(values), node_id, country, name)
        made.append((node, schema))
        return node

    yield factory
    for node, schema in made:
        node.close()
        if schema:
            drop_schema(POSTGRES_URL, schema)


@pytest.fixture
def node(make_node: NodeFactory) -> Node:
    return make_node()


@pytest.fixture
def admin() -> Actor:
    return Actor.system()


@pytest.fixture
def client(node: Node) -> Iterator[TestClient]:
    from perimeter.web.app import create_app

    with TestClient(create_app(node.settings, node)) as test_client:
        yield test_client


@pytest.fixture
def uto_node(make_node: NodeFactory) -> Node:
    """A node of Utopia, the country of ICAO's specimen documents (``UTO``), so the specimen MRZs are its own."""
    return make_node("uto-pass", "UTO", "Utopia Passport Office")
