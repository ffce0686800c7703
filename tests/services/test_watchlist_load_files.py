"""Loading the real official lists and national files end to end: counts, deltas, rejections, fetching."""

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from perimeter.core.access import Actor
from perimeter.core.errors import NotFound, ParseError, Unavailable
from perimeter.services import watchlist_entries as entries
from perimeter.services import watchlist_sources as sources
from perimeter.services.node import Node
from perimeter.store import audit_log
from perimeter.store.tables.watchlist import watchlist_entries, watchlist_names

REPO = Path(__file__).resolve().parents[2]


def counts(node: Node, list_name: str) -> tuple[int, int]:
    with node.db.read() as connection:
        n_entries = connection.execute(
            select(func.count()).select_from(watchlist_entries).where(watchlist_entries.c.list_name == list_name)
        ).scalar_one()
        n_names = connection.execute(select(func.count()).select_from(watchlist_names)).scalar_one()
    return n_entries, n_names


def last_action(node: Node) -> tuple[str, dict[str, object]]:
    with node.db.read() as connection:
        entry = list(audit_log.entries(connection))[-1]
    return entry.action, entry.details


@pytest.mark.slow
def test_ofac_sdn_loads_whole_and_reloads_as_nothing(node: Node, admin: Actor, shared_data: Path) -> None:
    report = sources.load_file(node, admin, "ofac-sdn", "ofac-sdn", shared_data / "lists/ofac-sdn")
    assert len(report.added) == 8976 and report.edition_id is not None
    assert entries.get_entry(node, admin, "ofac-sdn:306").primary_name == "BANCO NACIONAL DE CUBA"
    before = counts(node, "ofac-sdn")
    again = sources.load_file(node, admin, "ofac-sdn", "ofac-sdn", shared_data / "lists/ofac-sdn/sdn.csv")
    assert not again.changed_anything and again.unchanged == 8976
    assert counts(node, "ofac-sdn") == before


@pytest.mark.slow
def test_a_newer_edition_is_a_delta_and_a_truncated_one_changes_nothing(
    node: Node, admin: Actor, shared_data: Path, tmp_path: Path
) -> None:
    edition = tmp_path / "sdn"
    shutil.copytree(shared_data / "lists/ofac-sdn", edition)
    sources.load_file(node, admin, "ofac-sdn", "ofac-sdn", edition)
    lines = (edition / "sdn.csv").read_bytes().split(b"\r\n")
    assert lines[0].startswith(b'36,"AEROCARIBBEAN AIRLINES"')
    lines[0] = lines[0].replace(b"AEROCARIBBEAN AIRLINES", b"AEROCARIBBEAN AIRLINES S.A.")
    del lines[1]  # 173 ANGLO-CARIBBEAN CO., LTD. is delisted
    lines.insert(2, b'99999999,"NEWLY LISTED TRADING CO.",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ')
    (edition / "sdn.csv").write_bytes(b"\r\n".join(lines))
    (edition / "alt.csv").write_bytes(
        b"\r\n".join(line for line in (edition / "alt.csv").read_bytes().split(b"\r\n") if not line.startswith(b"173,"))
    )
    (edition / "add.csv").write_bytes(
        b"\r\n".join(line for line in (edition / "add.csv").read_bytes().split(b"\r\n") if not line.startswith(b"173,"))
    )
    report = sources.load_file(node, admin, "ofac-sdn", "ofac-sdn", edition)
    assert report.added == ["ofac-sdn:99999999"]
    assert report.changed == ["ofac-sdn:36"]
    assert report.removed == ["ofac-sdn:173"]
    assert report.unchanged == 8974
    assert entries.get_entry(node, admin, "ofac-sdn:99999999").category.value == "terrorism"

    before = counts(node, "ofac-sdn")
    content = (edition / "sdn.csv").read_bytes()
    (edition / "sdn.csv").write_bytes(content[: len(content) // 2 + 7])  # cut mid-line
    with pytest.raises(ParseError, match=r"sdn\.csv, line \d+: ") as error:
        sources.load_file(node, admin, "ofac-sdn", "ofac-sdn", edition)
    assert counts(node, "ofac-sdn") == before
    action, details = last_action(node)
    assert action == "watchlist.load.rejected" and details["reason"] == error.value.message


@pytest.mark.slow
def test_un_list_loads_individuals_and_entities(node: Node, admin: Actor, shared_data: Path) -> None:
    path = shared_data / "lists/un-consolidated/UN_consolidated.xml"
    report = sources.load_file(node, admin, "un", "un-consolidated", path)
    kinds = [entries.get_entry(node, admin, rid).subject_type.value for rid in report.added]
    assert kinds.count("person") == 730 and kinds.count("organisation") == 273
    assert entries.get_entry(node, admin, "un:QDi.001").record_id == "un:QDi.001"


def test_broken_xml_is_rejected_with_its_line_and_nothing_changes(
    node: Node, admin: Actor, shared_data: Path, tmp_path: Path
) -> None:
    sources.load_content(node, admin, "un", "un-consolidated", [("un.xml", _small_un(shared_data))])
    before = counts(node, "un")
    broken = tmp_path / "broken.xml"
    broken.write_bytes(_small_un(shared_data)[:-40])
    with pytest.raises(ParseError, match=r"broken\.xml, line \d+"):
        sources.load_file(node, admin, "un", "un-consolidated", broken)
    assert counts(node, "un") == before


def _small_un(shared_data: Path) -> bytes:
    """The real UN file cut down to its first two individuals, still well-formed."""
    text = (shared_data / "lists/un-consolidated/UN_consolidated.xml").read_text(encoding="utf-8")
    head, rest = text.split("<INDIVIDUAL>", 1)
    individuals = rest.split("</INDIVIDUAL>")[:2]
    body = "<INDIVIDUAL>" + "</INDIVIDUAL>".join(individuals) + "</INDIVIDUAL>"
    return (head + body + "</INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>").encode()


def test_national_lists_in_jsonl_and_csv(node: Node, admin: Actor) -> None:
    jsonl = sources.load_file(node, admin, "us-tsc", "jsonl", REPO / "tests/data/national-list.jsonl")
    assert jsonl.added and "us-tsc-000123" in jsonl.added
    csv = sources.load_file(node, admin, "mx-lookout", "csv", REPO / "tests/data/national-list.csv")
    assert csv.added
    summary, _ = entries.get_list(node, admin, "us-tsc")
    assert summary.source_format == "national"


def test_an_unknown_country_rejects_the_whole_national_file(node: Node, admin: Actor, tmp_path: Path) -> None:
    good = (REPO / "tests/data/national-list.jsonl").read_text()
    sources.load_content(node, admin, "us-tsc", "jsonl", [("v1.jsonl", good.encode())])
    before = counts(node, "us-tsc")
    bad = good.replace('"nationalities": ["USA"]', '"nationalities": ["ZZZ"]', 1)
    assert bad != good
    path = tmp_path / "v2.jsonl"
    path.write_text(bad)
    with pytest.raises(ParseError, match=r"v2\.jsonl, line 1: nationalities\[0\]: country code 'ZZZ' is not"):
        sources.load_file(node, admin, "us-tsc", "jsonl", path)
    assert counts(node, "us-tsc") == before


def test_missing_files_are_named(node: Node, admin: Actor, tmp_path: Path) -> None:
    (tmp_path / "sdn.csv").write_text("")
    with pytest.raises(NotFound, match=r"missing alt\.csv, add\.csv"):
        sources.load_file(node, admin, "ofac-sdn", "ofac-sdn", tmp_path)


@pytest.fixture
def publisher(shared_data: Path) -> Iterator[str]:
    """A local HTTP server standing in for the publishers, serving the shared data folder."""
    handler = functools.partial(_QuietHandler, directory=str(shared_data / "lists"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.mark.slow
def test_fetch_downloads_and_loads_the_publishers_edition(make_node: object, publisher: str, admin: Actor) -> None:
    node: Node = make_node(  # type: ignore[operator]
        ofac_sdn_url=f"{publisher}/ofac-sdn/", un_list_url=f"{publisher}/un-consolidated/UN_consolidated.xml"
    )
    report = sources.fetch(node, admin, "un-consolidated")
    assert len(report.added) == 1003 and report.source.startswith(publisher)
    sdn = sources.fetch(node, admin, "ofac-sdn")
    assert len(sdn.added) == 8976
    assert not sources.fetch(node, admin, "ofac-sdn").changed_anything


def test_fetch_from_an_unreachable_publisher_fails_clearly(make_node: object, admin: Actor) -> None:
    node: Node = make_node(un_list_url="http://127.0.0.1:9/consolidated.xml")  # type: ignore[operator]
    with pytest.raises(Unavailable, match=r"could not download http://127\.0\.0\.1:9/consolidated\.xml: ConnectError"):
        sources.fetch(node, admin, "un-consolidated")
