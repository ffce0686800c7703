"""Shared fixtures: the real data folder."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _main_checkout(repo: Path) -> Path | None:
    """The main checkout of a git worktree (whose ``.git`` is a file naming ``<main>/.git/worktrees/<name>``)."""
    marker = repo / ".git"
    if not marker.is_file():
        return None
    first_line = marker.read_text(encoding="utf-8").splitlines()[0] if marker.stat().st_size else ""
    if not first_line.startswith("gitdir:"):
        return None
    return Path(first_line.removeprefix("gitdir:").strip()).resolve().parents[2]


def _shared_data_candidates() -> list[Path]:
    candidates = [REPO.parent / "shared" / "data"]
    main = _main_checkout(REPO)
    if main is not None:
        candidates.append(main.parent / "shared" / "data")
    return candidates


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data`` beside the checkout (or beside the main checkout, from a git worktree): the real lists."""
    candidates = _shared_data_candidates()
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    pytest.skip(f"the real data folder is absent (looked for {', '.join(map(str, candidates))})")
