"""Rendering a report as HTML (Jinja2 templates with print CSS). Pure: a report in, a self-contained page out.

Every local figure gets a reference number that points into the sources appendix, where the query and the
parameters that produced it are printed; partners' figures point to the signed statistics they came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from perimeter.core.countries import country_name
from perimeter.reports import queries
from perimeter.reports.build import JointBlock, JointReport
from perimeter.reports.charts import Chart, bar_chart
from perimeter.reports.sections import ACT, ACT_REPORT_CLAUSE, COMMITTEES

NO_DATA_LOCAL = "This node holds no data for this section for the period."
NO_DATA_JOINT = "No node of this report holds data for this section for the period."

_ENVIRONMENT = Environment(
    loader=PackageLoader("perimeter.reports", "templates"),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True)
class SourceRow:
    ref: int
    section: str
    label: str
    value: str
    query: str
    params: str
    description: str


def render_html(report: JointReport, generated_at: datetime) -> str:
    refs: dict[tuple[str, str, str], int] = {}
    sources: list[SourceRow] = []
    for section, block, figure in report.local_figures():
        refs[(section.key, block.key, figure.key)] = len(sources) + 1
        params = ", ".join(f"{name}={value}" for name, value in figure.source.params)
        registered = queries.QUERIES.get(figure.source.query)
        sources.append(
            SourceRow(
                len(sources) + 1,
                f"{section.number}. {section.title}",
                figure.label,
                figure.display,
                figure.source.query,
                params,
                registered.description if registered else "",
            )
        )
    charts = {
        (joint_section.section.key, block.key): _chart(report, joint_section.section.key, block)
        for joint_section in report.sections
        for block in joint_section.blocks
        if block.chart and block.has_data
    }
    template = _ENVIRONMENT.get_template("report.html")
    return template.render(
        report=report,
        act=ACT,
        act_clause=ACT_REPORT_CLAUSE,
        committees=COMMITTEES,
        generated_at=generated_at.strftime("%Y-%m-%d %H:%M UTC"),
        country_name=country_name,
        refs=refs,
        sources=sources,
        charts=charts,
        no_data=NO_DATA_JOINT if report.is_joint else NO_DATA_LOCAL,
        number=_number,
    )


def _chart(report: JointReport, section_key: str, block: JointBlock) -> Chart:
    labels = [row.label for row in block.rows]
    series = [
        (node.country, [float(row.values[index] or 0) for row in block.rows]) for index, node in enumerate(report.nodes)
    ]
    return bar_chart(f"chart-{section_key}-{block.key}", block.title, labels, series)


def _number(value: int | float | None) -> str:
    if value is None:
        return "not reported"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"
