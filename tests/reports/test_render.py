"""The report as HTML and as PDF: sections in the Act's order, charts with text alternatives, sources, no-data lines."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from perimeter.core.access import Actor, Role
from perimeter.core.errors import InvalidInput, PermissionDenied
from perimeter.reports.model import Period
from perimeter.reports.render import NO_DATA_LOCAL
from perimeter.reports.sections import SECTIONS
from perimeter.services import reports
from perimeter.services.node import Node
from perimeter.store import audit_log
from tests.reports.loaded import PERIOD, load


def test_the_html_report_shows_each_section_in_order_with_traceable_figures(
    node: Node, admin: Actor, tmp_path: Path
) -> None:
    load(node, admin)
    result = reports.joint_report(node, admin, PERIOD, tmp_path / "report.html")
    html = result.out.read_text()
    positions = [html.index(f'id="section-{section.key}"') for section in SECTIONS]
    assert positions == sorted(positions)
    assert html.count(NO_DATA_LOCAL) == 11  # the 15 sections of the Act less the 4 this node has figures for
    # A chart is an image with a title and a text alternative that states the values.
    assert "<svg" in html and 'role="img"' in html
    assert re.search(r'<desc id="chart-document-integrity-fraud-incidents-desc">[^<]*counterfeit incidents: 2', html)
    # Every figure points into the appendix, where its query and parameters are printed.
    refs = set(re.findall(r'href="#source-(\d+)"', html))
    assert refs and all(f'id="source-{ref}"' in html for ref in refs)
    assert f"documents.checks</code> (from={PERIOD.first.isoformat()}, to={PERIOD.last.isoformat()})" in html
    with node.db.read() as connection:
        event = audit_log.latest(connection, limit=1)[0]
    assert (event.action, event.details["format"], event.details["partners"]) == ("report.joint", "html", [])


def test_the_pdf_report_prints_pages_that_are_not_blank(node: Node, admin: Actor, tmp_path: Path) -> None:
    if shutil.which("chromium") is None or shutil.which("pdftoppm") is None:
        pytest.skip("needs Debian's chromium and poppler-utils' pdftoppm")
    load(node, admin)
    out = reports.joint_report(node, admin, PERIOD, tmp_path / "report.pdf").out
    assert out.read_bytes().startswith(b"%PDF")
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(out), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 4
    for page in pages:
        with Image.open(page) as image:
            darkest, _ = image.convert("L").getextrema()
            assert darkest < 128, f"{page.name} is blank"


def test_an_empty_period_says_so_in_every_section_of_the_act(node: Node, admin: Actor, tmp_path: Path) -> None:
    out = reports.joint_report(node, admin, Period.parse("2001-01-01", "2001-06-30"), tmp_path / "empty.html").out
    html = out.read_text()
    assert html.count(NO_DATA_LOCAL) == len(SECTIONS) + 1  # and the annex: no audit entry in the period
    assert "<svg" not in html


def test_reports_need_the_permission_and_a_known_format(node: Node, admin: Actor, tmp_path: Path) -> None:
    with pytest.raises(PermissionDenied, match="reports:read"):
        reports.joint_report(node, Actor.user("olga", Role.OFFICER), PERIOD, tmp_path / "r.html")
    with pytest.raises(InvalidInput, match=r"as \.html or \.pdf, not \.docx"):
        reports.joint_report(node, admin, PERIOD, tmp_path / "r.docx")
    assert not list(tmp_path.glob("r.*"))
