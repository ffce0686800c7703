"""The registry of watch-list formats: every format reads its real or example files through one call shape."""

from __future__ import annotations

from pathlib import Path

import pytest

from perimeter.core.errors import InvalidInput
from perimeter.formats.watchlist_formats import WATCHLIST_FORMATS
from perimeter.formats.watchlist_source import ListContext

CONTEXT = ListContext("a-list", "us-cbp")
DATA = Path(__file__).resolve().parents[1] / "data"


def test_the_registry_names_every_format() -> None:
    assert set(WATCHLIST_FORMATS) == {"ofac-sdn", "ofac-nonsdn", "un-consolidated", "jsonl", "csv"}
    assert all(name == fmt.name and fmt.description for name, fmt in WATCHLIST_FORMATS.items())
    assert WATCHLIST_FORMATS["ofac-sdn"].files == ("sdn.csv", "alt.csv", "add.csv")
    assert WATCHLIST_FORMATS["ofac-nonsdn"].files == ("cons_prim.csv", "cons_alt.csv", "cons_add.csv")
    assert WATCHLIST_FORMATS["ofac-sdn"].optional_files == ("sdn_comments.csv",)
    assert all(WATCHLIST_FORMATS[name].files == () for name in ("un-consolidated", "jsonl", "csv"))


@pytest.mark.parametrize(
    ("format_name", "folder", "count", "first_id"),
    [
        ("ofac-sdn", "ofac-sdn", 8976, "ofac-sdn:36"),
        ("ofac-nonsdn", "ofac-consolidated-nonsdn", 442, "ofac-nonsdn:9639"),
        ("un-consolidated", "un-consolidated/UN_consolidated.xml", 1003, "un:CDi.001"),
    ],
)
def test_official_lists_through_the_registry(
    shared_data: Path, format_name: str, folder: str, count: int, first_id: str
) -> None:
    fmt = WATCHLIST_FORMATS[format_name]
    path = shared_data / "lists" / folder
    parts = [(str(path / name), (path / name).read_bytes()) for name in fmt.files] or [(str(path), path.read_bytes())]
    parsed = fmt.parse(parts, CONTEXT)
    assert len(parsed.entries) == count
    assert parsed.entries[0].record_id == first_id
    assert parsed.entries[0].list_name == "a-list"


def test_the_remarks_continuation_file_may_follow(shared_data: Path) -> None:
    fmt = WATCHLIST_FORMATS["ofac-sdn"]
    path = shared_data / "lists" / "ofac-sdn"
    parts = [(name, (path / name).read_bytes()) for name in fmt.files + fmt.optional_files]
    entries = {entry.record_id: entry for entry in fmt.parse(parts, CONTEXT).entries}
    assert "khaleesi" in [name.full for name in entries["ofac-sdn:28264"].names]


@pytest.mark.parametrize(("format_name", "file_name"), [("jsonl", "national-list.jsonl"), ("csv", "national-list.csv")])
def test_national_lists_through_the_registry(format_name: str, file_name: str) -> None:
    parsed = WATCHLIST_FORMATS[format_name].parse([(file_name, (DATA / file_name).read_bytes())], CONTEXT)
    assert len(parsed.entries) in (3, 4)


def test_a_wrong_number_of_files_is_refused() -> None:
    with pytest.raises(InvalidInput, match="needs 3 files"):
        WATCHLIST_FORMATS["ofac-sdn"].parse([("sdn.csv", b"")], CONTEXT)
    with pytest.raises(InvalidInput, match="is one file; got 2"):
        WATCHLIST_FORMATS["jsonl"].parse([("a", b""), ("b", b"")], CONTEXT)
