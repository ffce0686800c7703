"""The accuracy table (Markdown) from the benchmark's JSON report."""

from __future__ import annotations

from typing import Any

TARGETS = {
    "typos (1 and 2 edits)": "≥ 99 %",
    "hard": "≥ 95 %",
    "cross-script (all)": "≥ 80 %",
    "innocent": "≤ 0.1 %",
}
GROUPS = {
    "typos (1 and 2 edits)": ("typo-1", "typo-2"),
    "cross-script (all)": ("xscript-un-native", "xscript-un-latin", "pair-"),
    "cross-script false alerts (non-pairs)": ("nonpair-",),
}
ALERT_CLASSES = ("innocent", "nonpair-")


def group_rate(classes: dict[str, dict[str, Any]], members: tuple[str, ...]) -> tuple[int, int]:
    found = n = 0
    for cls, row in classes.items():
        if any(cls == m or (m.endswith("-") and cls.startswith(m)) for m in members):
            found, n = found + row["found"], n + row["n"]
    return found, n


def _cell(found: int, n: int, alerts: bool) -> str:
    if not n:
        return "–"
    digits = 2 if alerts else 1
    return f"{100 * found / n:.{digits}f} % ({found}/{n})"


def accuracy_table(report: dict[str, Any]) -> str:
    systems = report["systems"]
    names = list(systems)
    classes = sorted({cls for s in systems.values() for cls in s["classes"]})
    rows = [cls for cls in classes if not cls.startswith(("pair-", "nonpair-", "innocent"))]
    rows += [c for c in classes if c.startswith("pair-")] + [c for c in classes if c.startswith("nonpair-")]
    lines = ["| query class | target | " + " | ".join(names) + " |", "|---|---|" + "---|" * len(names)]
    for cls in rows:
        alerts = cls.startswith(ALERT_CLASSES)
        cells = []
        for name in names:
            row = systems[name]["classes"].get(cls)
            cells.append(_cell(row["found"], row["n"], alerts) if row else "–")
        lines.append(f"| {cls} | {TARGETS.get(cls, '')} | " + " | ".join(cells) + " |")
    for group, members in GROUPS.items():
        alerts = group.endswith("false alerts (non-pairs)")
        cells = [_cell(*group_rate(systems[n]["classes"], members), alerts) for n in names]
        lines.append(f"| **{group}** | {TARGETS.get(group, '')} | " + " | ".join(cells) + " |")
    cells = []
    for name in names:
        row = systems[name]["classes"].get("innocent")
        cells.append(f"**{_cell(row['found'], row['n'], True)}**" if row else "–")
    lines.append("| **innocent travellers alerted** | ≤ 0.1 % | " + " | ".join(cells) + " |")
    cells = []
    for name in names:
        p = systems[name]["precision"]
        cells.append(f"{100 * p['precision']:.1f} %" if p["precision"] is not None else "–")
    lines.append("| precision (correct alerts / alerts) | | " + " | ".join(cells) + " |")
    cells = []
    for name in names:
        t = systems[name]["timing"]
        cells.append(f"{t['queries'] / t['seconds']:,.0f} q/s" if t.get("seconds") else "–")
    lines.append("| speed, main set, one core | | " + " | ".join(cells) + " |")
    cells = [str(systems[n]["timing"].get("threshold", "")) for n in names]
    lines.append("| alert threshold | | " + " | ".join(cells) + " |")
    return "\n".join(lines)
