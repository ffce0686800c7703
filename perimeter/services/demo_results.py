"""The demonstration's checks: each expected outcome or refusal, and the JSON summary ``demo --check`` prints."""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from perimeter.core.errors import PerimeterError


@dataclass
class Check:
    name: str
    kind: str  # outcome or refusal
    ok: bool
    detail: str


@dataclass
class ScenarioResult:
    checks: list[Check] = field(default_factory=list)
    latencies_ms: list[float] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(check.ok for check in self.checks)

    def expect(self, name: str, ok: bool, detail: str = "") -> bool:
        self.checks.append(Check(name, "outcome", bool(ok), detail))
        return bool(ok)

    def refused(self, name: str, action: Callable[[], object], needle: str) -> None:
        """``action`` must raise a domain error whose message contains ``needle``."""
        try:
            action()
        except PerimeterError as error:
            self.checks.append(Check(name, "refusal", needle in error.message, error.message))
            return
        self.checks.append(Check(name, "refusal", False, "it was not refused"))

    def summary(self) -> dict[str, Any]:
        samples = sorted(self.latencies_ms)
        return {
            "ok": self.ok,
            "checks": len(self.checks),
            "failed": [vars(check) for check in self.checks if not check.ok],
            "outcomes": {check.name: check.ok for check in self.checks if check.kind == "outcome"},
            "refusals": {check.name: check.detail for check in self.checks if check.kind == "refusal"},
            "hit_notification_latency_ms": {
                "samples": [round(value, 1) for value in samples],
                "p50": round(statistics.median(samples), 1) if samples else None,
                "max": round(samples[-1], 1) if samples else None,
            },
            **self.facts,
        }
