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


def _ms(block: dict[str, Any] | None, key: str = "p50") -> str:
    return f"{block[key]:.1f}" if block and key in block else "–"


def speed_table(report: dict[str, Any]) -> str:
    """One column per list measured (``ofac+un``, ``synthetic``)."""
    columns = [name for name in ("ofac+un", "synthetic") if name in report]
    people = report.get("synthetic_list", {}).get("people") or 0
    heads = ["OFAC SDN + UN (9,979 entries)" if c == "ofac+un" else f"synthetic ({people:,} people)" for c in columns]
    rows: list[tuple[str, list[str]]] = []

    def add(title: str, value: Any) -> None:
        rows.append((title, [value(report[c]) for c in columns]))

    def get(r: dict[str, Any], *keys: str) -> Any:
        for key in keys:
            if not isinstance(r, dict) or key not in r:
                return None
            r = r[key]
        return r

    add(
        "**batch, one core** (`screen_many`; target ≥ 2,000 q/s on 1 M names)",
        lambda r: f"**{get(r, 'batch', 'queries_per_second')} q/s**",
    )
    add(
        "one query, in process, p50 / p99 ms",
        lambda r: f"{_ms(get(r, 'batch', 'screen_one_ms'))} / {_ms(get(r, 'batch', 'screen_one_ms'), 'p99')}",
    )
    add(
        "**`POST /api/v1/screen` round trip, p50 / p99 ms** (target p99 < 20)",
        lambda r: f"**{_ms(get(r, 'api', 'round_trip_ms'))} / {_ms(get(r, 'api', 'round_trip_ms'), 'p99')}**",
    )
    add(
        "the same requests, node time reported (`ms`), p50 / p99",
        lambda r: f"{_ms(get(r, 'api', 'node_reported_ms'))} / {_ms(get(r, 'api', 'node_reported_ms'), 'p99')}",
    )
    add(
        "`perimeter screen batch`, wall s, 1 worker / all cores",
        lambda r: f"{get(r, 'cli_batch_workers_1_seconds')} / {get(r, 'cli_batch_workers_0_seconds')}",
    )
    add("`perimeter screen person`, wall s (index on disk)", lambda r: f"{get(r, 'cli_screen_person_seconds')}")
    add("index build from the database, s", lambda r: f"{get(r, 'build', 'build_seconds')}")
    add("index file, MB", lambda r: f"{get(r, 'build', 'index_file_mb')}")
    add("index opened by a new process, s", lambda r: f"{get(r, 'open', 'open_seconds')}")
    add(
        "refresh after a 100-person list edition, s (changes)",
        lambda r: f"{get(r, 'refresh', 'refresh_seconds')} ({get(r, 'refresh', 'changes_applied')})",
    )
    add("peak RSS: build / batch / API server, MB",
        lambda r: f"{get(r, 'build', 'peak_rss_mb')} / {get(r, 'batch', 'peak_rss_mb')} / "
        f"{get(r, 'api', 'server_peak_rss_mb')}")  # fmt: skip
    lines = ["| | " + " | ".join(heads) + " |", "|---|" + "---|" * len(columns)]
    lines += [f"| {title} | " + " | ".join(cells) + " |" for title, cells in rows]
    return "\n".join(lines)
