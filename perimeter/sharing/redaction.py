"""Redaction: of a record, only the fields a decision releases leave the node."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from perimeter.core.errors import PermissionDenied
from perimeter.sharing.policy import Decision


def redact(record: Mapping[str, Any], decision: Decision) -> dict[str, Any]:
    """The released part of ``record``: nothing at all unless the decision allows, never a field it does not name."""
    if not decision.allowed:
        raise PermissionDenied(f"nothing is disclosed: {decision.reason}")
    return {name: record[name] for name in sorted(decision.fields) if name in record}
