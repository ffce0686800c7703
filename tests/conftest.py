"""Fixtures every test area shares.

Real data lives outside the repository, in ``shared/data`` next to the project (``../shared/data`` from the root of
the main checkout; a worktree may sit deeper, so the root's ancestors are searched). Tests that need it skip, with
the reason, when it is absent.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _find_shared_data() -> Path | None:
    for parent in ROOT.parents:
        candidate = parent / "shared" / "data"
        if candidate.is_dir():
            return candidate
    return None


SHARED_DATA = _find_shared_data()
_MISSING = f"shared data not found: no shared/data beside {ROOT} or above it (see docs/development.md)"


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
