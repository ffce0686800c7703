"""Where the benchmark finds the project and the shared data."""

from __future__ import annotations

from pathlib import Path

BENCH = Path(__file__).resolve().parents[1]
ROOT = BENCH.parent


def shared_data() -> Path:
    """``../shared/data`` of the project root (or of a parent, for a git worktree)."""
    for parent in BENCH.parents:
        if (parent / "shared" / "data" / "lists").is_dir():
            return parent / "shared" / "data"
    return ROOT.parent / "shared" / "data"
