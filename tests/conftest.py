"""Fixtures every test area shares: the real data folder, and nodes on SQLite and (when configured) PostgreSQL.

Real data lives outside the repository, in ``shared/data`` next to the project (``../shared/data`` from the root of
the main checkout; a worktree may sit deeper, so the root's ancestors are searched). Tests that need it skip, with
the reason, when it is absent.
"""

from __future__ import annotations

import json
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


def _find_shared_data() -> Path | None:
    for parent in REPO.parents:
        candidate = parent / "shared" / "data"
        if candidate.is_dir():
            return candidate
    return None


SHARED_DATA = _find_shared_data()
_MISSING = f"shared data not found: no shared/data beside {REPO} or above it (see docs/development.md)"
POSTGRES_URL = os.environ.get("PERIMETER_TEST_DATABASE_URL", "")

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)] if POSTGRES_URL else ["sqlite"]


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The ``shared/data`` folder of real public files; skips the test when it is absent."""
    if SHARED_DATA is None:
        pytest.skip(_MISSING)
    return SHARED_DATA


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "shared_rows(path, id=None): run the test once per item of the JSON array at shared/data/<path>, given as"
        " the `shared_row` argument (skipped when shared data is absent); `id` names each run from its item",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    _parametrise_messages(metafunc)
    marker = metafunc.definition.get_closest_marker("shared_rows")
    if marker is None:
        return
    path = SHARED_DATA / marker.args[0] if SHARED_DATA else None
    if path is None or not path.is_file():
        reason = _MISSING if SHARED_DATA is None else f"shared data file {marker.args[0]} not found"
        metafunc.parametrize("shared_row", [pytest.param(None, marks=pytest.mark.skip(reason=reason))])
        return
    rows = json.loads(path.read_text(encoding="utf-8"))
    metafunc.parametrize("shared_row", rows, ids=marker.kwargs.get("id"))


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


def _parametrise_messages(metafunc: pytest.Metafunc) -> None:
    """Parametrise ``paxlst_file`` and ``pnrgov_file`` over the real messages in ``shared/data/messages``."""
    for kind in ("paxlst", "pnrgov"):
        argument = f"{kind}_file"
        if argument not in metafunc.fixturenames:
            continue
        folder = SHARED_DATA / "messages" / kind if SHARED_DATA else None
        if folder is None or not folder.is_dir():
            reason = f"the real {kind} messages are absent: {_MISSING}"
            metafunc.parametrize(argument, [pytest.param(None, marks=pytest.mark.skip(reason=reason))])
        else:
            files = sorted(path for path in folder.iterdir() if path.is_file())
            metafunc.parametrize(argument, files, ids=[path.name for path in files])


@pytest.fixture
def uto_node(make_node: NodeFactory) -> Node:
    """A node of Utopia, the country of ICAO's specimen documents (``UTO``), so the specimen MRZs are its own."""
    return make_node("uto-pass", "UTO", "Utopia Passport Office")
