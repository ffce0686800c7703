"""Computing a node's figures for a period, section by section, and putting several nodes' figures side by side."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection

from perimeter.reports import queries
from perimeter.reports.model import Block, Figure, NodeFigures, Period, SectionFigures
from perimeter.reports.sections import ALL_SECTIONS, SECTIONS, FigureSpec, Section


def node_figures(
    connection: Connection,
    node_id: str,
    country: str,
    name: str,
    period: Period,
    sections: tuple[Section, ...] = ALL_SECTIONS,
) -> NodeFigures:
    """The sections' figures for the period, each computed by its registered query over this node's database.

    Statistics for partners take the Act's sections only: the annex on this node's audit chain is for its own
    oversight (and the most costly part to compute).
    """
    context = queries.QueryContext(connection, period, node_id)
    found = tuple(
        SectionFigures(section.key, tuple(_block(context, spec) for spec in section.figures)) for section in sections
    )
    return NodeFigures(node_id, country, name, period, found)


def statistics_figures(connection: Connection, node_id: str, country: str, name: str, period: Period) -> NodeFigures:
    """The figures a node gives partners: the Act's sections."""
    return node_figures(connection, node_id, country, name, period, SECTIONS)


def _block(context: queries.QueryContext, spec: FigureSpec) -> Block:
    figures = queries.run(context, spec.query, dict(spec.params))
    return Block(spec.key, spec.title, tuple(figures), spec.chart, spec.note)


@dataclass(frozen=True)
class Row:
    """One figure across the nodes of a joint report: a value per node (``None``: that node did not give it)."""

    key: str
    label: str
    unit: str
    values: tuple[int | float | None, ...]

    @property
    def total(self) -> int | float:
        return sum(value for value in self.values if value is not None)


@dataclass(frozen=True)
class JointBlock:
    key: str
    title: str
    rows: tuple[Row, ...]
    chart: str | None
    note: str | None

    @property
    def has_data(self) -> bool:
        return any(value for row in self.rows for value in row.values)


@dataclass(frozen=True)
class JointSection:
    section: Section
    blocks: tuple[JointBlock, ...]

    @property
    def has_data(self) -> bool:
        return any(block.has_data for block in self.blocks)


@dataclass(frozen=True)
class JointReport:
    period: Period
    nodes: tuple[NodeFigures, ...]  # the local node first
    sections: tuple[JointSection, ...]

    @property
    def local(self) -> NodeFigures:
        return self.nodes[0]

    @property
    def is_joint(self) -> bool:
        return len(self.nodes) > 1

    def local_figures(self) -> list[tuple[Section, Block, Figure]]:
        """The local node's figures with the section and block they appear in (for the sources appendix)."""
        found: list[tuple[Section, Block, Figure]] = []
        for section in ALL_SECTIONS:
            figures = self.local.section(section.key)
            for block in figures.blocks if figures else ():
                found.extend((section, block, figure) for figure in block.figures)
        return found


def joint(nodes: list[NodeFigures]) -> JointReport:
    """Put the nodes' figures side by side, figure by figure, in the Act's order (partners' figures as given)."""
    period = nodes[0].period
    sections = []
    for section in ALL_SECTIONS:
        blocks = []
        for spec in section.figures:
            per_node = [_find_block(node, section.key, spec.key) for node in nodes]
            blocks.append(JointBlock(spec.key, spec.title, _rows(per_node), spec.chart, spec.note))
        sections.append(JointSection(section, tuple(blocks)))
    return JointReport(period, tuple(nodes), tuple(sections))


def _find_block(node: NodeFigures, section_key: str, block_key: str) -> Block | None:
    section = node.section(section_key)
    if section is None:
        return None
    return next((block for block in section.blocks if block.key == block_key), None)


def _rows(per_node: list[Block | None]) -> tuple[Row, ...]:
    keys: dict[str, tuple[str, str]] = {}
    for block in per_node:
        for figure in block.figures if block else ():
            keys.setdefault(figure.key, (figure.label, figure.unit))
    rows = []
    for key, (label, unit) in keys.items():
        values = tuple(_value(block, key) for block in per_node)
        rows.append(Row(key, label, unit, values))
    return tuple(rows)


def _value(block: Block | None, key: str) -> int | float | None:
    """``None``: the node gave no such block; 0: its block has no row for the key (a breakdown's absent group)."""
    if block is None:
        return None
    return next((figure.value for figure in block.figures if figure.key == key), 0)
