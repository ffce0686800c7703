"""Charts for the report: horizontal bar charts drawn with matplotlib as inline, accessible SVG.

Pure: values in, SVG text out (no files). The SVG carries a ``<title>`` and a ``<desc>`` (the text alternative,
which states every value) and ``role="img"``; the report prints the data table beside every chart as well.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from html import escape

import matplotlib
from matplotlib.figure import Figure as MplFigure
from matplotlib.ticker import MaxNLocator

_PALETTE = ("#1f4e79", "#c55a11", "#548235", "#7030a0", "#bf9000", "#2e75b6")


@dataclass(frozen=True)
class Chart:
    chart_id: str
    title: str
    description: str
    svg: str


def describe(labels: list[str], series: list[tuple[str, list[float]]]) -> str:
    """The text alternative: every value of every series, in words a screen reader reads out."""
    parts = []
    for name, values in series:
        items = "; ".join(f"{label}: {_number(value)}" for label, value in zip(labels, values, strict=True))
        parts.append(f"{name}: {items}." if len(series) > 1 else f"{items}.")
    return " ".join(parts)


def bar_chart(chart_id: str, title: str, labels: list[str], series: list[tuple[str, list[float]]]) -> Chart:
    """Horizontal bars, one group per label and one bar per series (one series per country in a joint report)."""
    description = describe(labels, series)
    height = 0.9 + 0.28 * len(labels) * max(1, len(series))
    with matplotlib.rc_context(
        {"svg.fonttype": "none", "svg.hashsalt": "perimeter", "font.family": "DejaVu Sans", "font.size": 9}
    ):
        figure = MplFigure(figsize=(7.0, min(height, 9.0)), layout="constrained")
        axes = figure.add_subplot()
        bar = 0.8 / max(1, len(series))
        for index, (name, values) in enumerate(series):
            offsets = [row + index * bar for row in range(len(labels))]
            bars = axes.barh(offsets, values, height=bar, label=name, color=_PALETTE[index % len(_PALETTE)])
            axes.bar_label(bars, labels=[_number(value) for value in values], padding=3, fontsize=8)
        axes.set_yticks([row + bar * (len(series) - 1) / 2 for row in range(len(labels))], labels=labels)
        axes.invert_yaxis()
        axes.spines[["top", "right"]].set_visible(False)
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.margins(x=0.15)
        if len(series) > 1:
            axes.legend(frameon=False, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.08), ncols=len(series))
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return Chart(chart_id, title, description, _accessible(buffer.getvalue(), chart_id, title, description))


def _accessible(svg: str, chart_id: str, title: str, description: str) -> str:
    """Inline-ready SVG: no XML prologue, ``role="img"``, and a title and description it is labelled by."""
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    # Make the ids matplotlib generates unique to this chart, so that several charts can share one page.
    svg = re.sub(r'id="([^"]+)"', rf'id="{chart_id}-\1"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", rf"url(#{chart_id}-\1)", svg)
    svg = re.sub(r'xlink:href="#([^"]+)"', rf'xlink:href="#{chart_id}-\1"', svg)
    opening = re.match(r"<svg[^>]*>", svg)
    assert opening is not None
    tag = opening.group(0)
    labelled = tag[:-1] + f' role="img" aria-labelledby="{chart_id}-title {chart_id}-desc">'
    labelled = re.sub(r'\s(width|height)="[^"]*"', "", labelled, count=2)
    inner = (
        f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(description)}</desc>'
    )
    return labelled + inner + svg[len(tag) :]


def _number(value: float) -> str:
    return f"{value:,.1f}" if isinstance(value, float) and not value.is_integer() else f"{int(value):,}"
