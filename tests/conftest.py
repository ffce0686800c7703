"""Shared fixtures: the real data folder."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _shared_data_candidates() -> list[Path]:
    """``../shared/data`` beside the checkout; from a git worktree, also beside the main checkout."""
    candidates = [REPO.parent / "shared" / "data"]
    git = REPO / ".git"
    if git.is_file():  # a worktree: ".git" holds "gitdir: <main>/.git/worktrees/<name>"
        pointer = git.read_text(encoding="utf-8").strip()
        if pointer.startswith("gitdir:"):
            main = Path(pointer.removeprefix("gitdir:").strip()).resolve().parents[2]
            candidates.append(main.parent / "shared" / "data")
    return candidates


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data`` beside the checkout: the real lists, messages and documents."""
    candidates = _shared_data_candidates()
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    pytest.skip(f"the real data folder is absent (looked for {', '.join(str(path) for path in candidates)})")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrise ``paxlst_file`` and ``pnrgov_file`` over the real messages in ``shared/data/messages``."""
    for kind in ("paxlst", "pnrgov"):
        argument = f"{kind}_file"
        if argument not in metafunc.fixturenames:
            continue
        folders = [candidate / "messages" / kind for candidate in _shared_data_candidates()]
        folder = next((path for path in folders if path.is_dir()), None)
        if folder is None:
            reason = f"the real {kind} messages are absent (looked for {', '.join(str(path) for path in folders)})"
            metafunc.parametrize(argument, [pytest.param(None, marks=pytest.mark.skip(reason=reason))])
        else:
            files = sorted(path for path in folder.iterdir() if path.is_file())
            metafunc.parametrize(argument, files, ids=[path.name for path in files])
