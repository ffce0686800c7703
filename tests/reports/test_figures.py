"""Every figure of the report against records loaded for the purpose, and every figure reproduced from its source."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from perimeter.core.access import Actor
from perimeter.core.errors import InvalidInput, NotFound
from perimeter.reports import build, queries
from perimeter.reports.model import NodeFigures, Period
from perimeter.reports.sections import ALL_SECTIONS, SECTIONS
from perimeter.screening.query import ScreeningQuery
from perimeter.services import screening, watchlist_entries
from perimeter.services.node import Node
from perimeter.store.tables.audit import audit_log as audit_table
from tests.reports.loaded import EXPECTED, PERIOD, TODAY, load


def figures_of(node: Node, period: Period = PERIOD) -> NodeFigures:
    with node.db.read() as connection:
        return build.node_figures(connection, node.node_id, node.identity.country, node.identity.name, period)


def value(figures: NodeFigures, section: str, block: str, key: str) -> int | float:
    found = figures.section(section)
    assert found is not None
    for item in found.blocks:
        if item.key == block:
            return next(figure.value for figure in item.figures if figure.key == key)
    raise AssertionError(f"no block {block} in {section}")


def test_each_figure_has_the_value_the_loaded_records_give(node: Node, admin: Actor) -> None:
    load(node, admin)
    figures = figures_of(node)
    actual = {key: value(figures, *key) for key in EXPECTED}
    assert actual == EXPECTED


def test_each_figure_is_reproduced_by_its_source_query(node: Node, admin: Actor) -> None:
    load(node, admin)
    figures = figures_of(node)
    count = 0
    with node.db.read() as connection:
        for section in figures.sections:
            for block in section.blocks:
                for figure in block.figures:
                    assert figure.source.param_dict["from"] == PERIOD.first.isoformat()
                    again = queries.reproduce(connection, node.node_id, figure.source, figure.key)
                    assert again == figure
                    count += 1
    assert count >= len(EXPECTED)


def test_the_period_bounds_the_figures(node: Node, admin: Actor) -> None:
    load(node, admin)
    earlier = figures_of(node, Period(TODAY - timedelta(days=200), TODAY - timedelta(days=101)))
    assert value(earlier, "document-integrity", "documents-reported", "lost") == 1
    assert value(earlier, "document-integrity", "fraud-incidents", "forged-page") == 1
    assert value(earlier, "document-integrity", "document-checks", "checks") == 0
    assert value(earlier, "law-enforcement", "disclosures", "ca-cbsa/x") == 1


def test_sections_follow_the_act_and_those_without_figures_have_no_data(node: Node, admin: Actor) -> None:
    load(node, admin)
    assert [section.number for section in SECTIONS] == list(range(1, 16))
    figures = figures_of(node)
    with_data = {section.key for section in figures.sections if section.has_data}
    assert with_data == {"document-integrity", "immigration", "watch-lists", "law-enforcement", "oversight"}
    assert [section.key for section in figures.sections] == [section.key for section in ALL_SECTIONS]


def test_an_empty_period_has_no_data_in_any_section_of_the_act(node: Node) -> None:
    figures = figures_of(node, Period.parse("2001-01-01", "2001-06-30"))
    assert not any(section.has_data for section in figures.sections if section.key != "oversight")


def test_joint_rows_total_the_nodes_and_mark_missing_figures(node: Node, admin: Actor) -> None:
    load(node, admin)
    local = figures_of(node)
    partner = NodeFigures("ca-cbsa", "CAN", "CBSA", PERIOD, local.sections[:5], "statistics")
    report = build.joint([local, partner])
    integrity = next(item for item in report.sections if item.section.key == "document-integrity")
    checks = next(block for block in integrity.blocks if block.key == "document-checks")
    assert [(row.key, row.values, row.total) for row in checks.rows] == [
        ("checks", (5, 5), 10),
        ("hits", (2, 2), 4),
    ]
    lists = next(item for item in report.sections if item.section.key == "watch-lists")
    assert lists.blocks[0].rows[0].values == (2, None)  # the partner gave no watch-list figures


def test_bad_periods_and_unknown_queries_are_refused(node: Node) -> None:
    with pytest.raises(InvalidInput, match="before it begins"):
        Period.parse("2026-06-30", "2026-01-01")
    with pytest.raises(InvalidInput, match="--from '2026-13-01' is not a date"):
        Period.parse("2026-13-01", "2026-12-31")
    with node.db.read() as connection, pytest.raises(NotFound, match="no report query named 'nope'"):
        queries.run(queries.QueryContext(connection, PERIOD, node.node_id), "nope")


def test_screenings_by_the_engine_are_counted(node: Node, admin: Actor) -> None:
    watchlist_entries.create_list(node, admin, "lookout")
    data = {"id": "w-1", "category": "terrorism", "subject_type": "person", "names": [{"full": "Abdul Rahman Zaheer"}]}
    watchlist_entries.add_entry(node, admin, "lookout", data)
    _fingerprint, hits = screening.screen_person(node, admin, ScreeningQuery.create("Abdul Rahman Zaheer"))
    assert [hit.record_id for hit in hits if hit.alerts] == ["w-1"]
    queries = [ScreeningQuery.create("Abdul Rahman Zaheer"), ScreeningQuery.create("Maria Lopez Garcia")]
    screening.screen_people(node, admin, queries)
    figures = figures_of(node)
    assert [
        value(figures, "immigration", "screenings", key) for key in ("screenings", "screenings-with-hits", "hits")
    ] == [
        3,
        2,
        2,
    ]


def test_a_changed_audit_entry_shows_in_the_chain_figure(node: Node, admin: Actor) -> None:
    load(node, admin)
    assert value(figures_of(node), "oversight", "audit-chain", "broken-links") == 0
    with node.db.write() as connection:
        connection.execute(
            update(audit_table).where(audit_table.c.action == "document.check").values(details={"found": False})
        )
    figures = figures_of(node)
    assert value(figures, "oversight", "audit-chain", "broken-links") == 1
    assert value(figures, "oversight", "audit-chain", "entries-verified") < value(
        figures, "oversight", "audit-chain", "entries-in-period"
    )


def test_incidents_by_month_cover_every_month_of_the_period(node: Node, admin: Actor) -> None:
    load(node, admin)
    figures = figures_of(node)
    integrity = figures.section("document-integrity")
    assert integrity is not None
    block = next(item for item in integrity.blocks if item.key == "fraud-incidents-by-month")
    assert [figure.key for figure in block.figures] == PERIOD.months()
    assert sum(figure.value for figure in block.figures) == 3  # the three incidents of the period
    assert Period.parse("2025-11-15", "2026-02-01").months() == ["2025-11", "2025-12", "2026-01", "2026-02"]
