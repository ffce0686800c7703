"""Loading editions as deltas, independent of any file format."""

from typing import Any

import pytest
from sqlalchemy import func, select

from perimeter.core.access import Actor, Role
from perimeter.core.errors import Conflict, ParseError, PermissionDenied
from perimeter.formats.watchlist_source import ParsedList
from perimeter.records.watchlist import WatchlistEntry
from perimeter.services import watchlist_entries as entries
from perimeter.services.node import Node
from perimeter.services.watchlist_loading import load_parsed
from perimeter.store import audit_log, changes
from perimeter.store.tables.watchlist import watchlist_documents, watchlist_names


def entry(record_id: str, name: str, **extra: Any) -> WatchlistEntry:
    return WatchlistEntry.model_validate(
        {
            "record_id": record_id,
            "list_name": "test-list",
            "owner_node": "us-cbp",
            "category": "criminal",
            "subject_type": "person",
            "names": [{"full": name}, {"full": name.upper() + " ALIAS", "kind": "alias", "quality": "weak"}],
            **extra,
        }
    )


def load(node: Node, actor: Actor, *items: WatchlistEntry, list_name: str = "test-list") -> Any:
    content = "".join(item.model_dump_json() for item in items).encode()
    return load_parsed(
        node, actor, list_name, "national", ParsedList(list(items)), source="test.jsonl", content=[content]
    )


def count(node: Node, table: Any) -> int:
    with node.db.read() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


def test_first_load_adds_everything_with_names_and_documents(node: Node, admin: Actor) -> None:
    report = load(
        node, admin, entry("a", "Anna Alpha", documents=[{"number": "X1", "country": "USA"}]), entry("b", "Bo Beta")
    )
    assert report.added == ["a", "b"] and report.edition_id is not None
    assert count(node, watchlist_names) == 4 and count(node, watchlist_documents) == 1
    summary, editions = entries.get_list(node, admin, "test-list")
    assert summary.entry_count == 2 and editions[0].added == 2


def test_reloading_the_same_edition_changes_nothing(node: Node, admin: Actor) -> None:
    load(node, admin, entry("a", "Anna Alpha"), entry("b", "Bo Beta"))
    with node.db.read() as connection:
        before = changes.latest_seq(connection)
    report = load(node, admin, entry("a", "Anna Alpha"), entry("b", "Bo Beta"))
    assert not report.changed_anything and report.unchanged == 2 and report.edition_id is None
    with node.db.read() as connection:
        assert changes.latest_seq(connection) == before
    assert len(entries.get_list(node, admin, "test-list")[1]) == 1


def test_a_newer_edition_is_applied_as_a_delta_and_fed_to_the_change_feed(node: Node, admin: Actor) -> None:
    load(node, admin, entry("a", "Anna Alpha"), entry("b", "Bo Beta"), entry("c", "Cy Gamma"))
    report = load(node, admin, entry("a", "Anna Alpha"), entry("b", "Bo Beta-Renamed"), entry("d", "Di Delta"))
    assert (report.added, report.changed, report.removed, report.unchanged) == (["d"], ["b"], ["c"], 1)
    assert entries.get_entry(node, admin, "b").primary_name == "Bo Beta-Renamed"
    assert count(node, watchlist_names) == 6
    with node.db.read() as connection:
        feed = [(change.record_id, change.op) for change in changes.since(connection, "watchlist-entry", 3)]
    assert feed == [("d", "add"), ("b", "change"), ("c", "remove")]


def test_a_failed_load_leaves_the_previous_edition_intact(node: Node, admin: Actor) -> None:
    load(node, admin, entry("a", "Anna Alpha"))
    with pytest.raises(ParseError, match="appears more than once"):
        load(node, admin, entry("b", "Bo Beta"), entry("b", "Bo Beta"))
    assert [row.record_id for row in entries.page(node, admin)] == ["a"]


def test_record_ids_are_unique_across_an_owners_lists(node: Node, admin: Actor) -> None:
    load(node, admin, entry("a", "Anna Alpha"))
    other = entry("a", "Someone Else").model_copy(update={"list_name": "other-list"})
    with pytest.raises(Conflict, match="already belong to another list: a \\(in test-list\\)"):
        load(node, admin, other, list_name="other-list")


def test_loading_needs_the_write_permission(node: Node) -> None:
    with pytest.raises(PermissionDenied):
        load(node, Actor.user("olga", Role.OFFICER), entry("a", "Anna Alpha"))


def test_every_load_is_audited_with_its_counts(node: Node, admin: Actor) -> None:
    load(node, admin, entry("a", "Anna Alpha"))
    load(node, admin, entry("a", "Anna Alpha"))
    with node.db.read() as connection:
        events = [e for e in audit_log.entries(connection) if e.action == "watchlist.load"]
    assert events[0].details["added"] == 1 and events[1].details["unchanged"] is True


def test_national_entries_can_be_edited_one_by_one(node: Node, admin: Actor) -> None:
    entries.create_list(node, admin, "us-lookout", "Immigration lookouts")
    data = {"id": "lk-1", "category": "immigration-lookout", "subject_type": "person", "names": [{"full": "Jo Doe"}]}
    entries.add_entry(node, admin, "us-lookout", data)
    with pytest.raises(Conflict, match="already exists"):
        entries.add_entry(node, admin, "us-lookout", data)
    updated = entries.update_entry(node, admin, "us-lookout", "lk-1", {**data, "nationalities": ["MEX"]})
    assert updated.nationalities == ("MEX",)
    entries.remove_entry(node, admin, "us-lookout", "lk-1")
    assert entries.page(node, admin, list_name="us-lookout") == []
    with node.db.read() as connection:
        actions = [e.action for e in audit_log.entries(connection)][-4:]
    assert actions == ["watchlist.create", "watchlist.entry.add", "watchlist.entry.change", "watchlist.entry.remove"]


def test_official_lists_cannot_be_edited_entry_by_entry(node: Node, admin: Actor) -> None:
    load_parsed(
        node,
        admin,
        "ofac-sdn",
        "ofac-sdn",
        ParsedList([entry("ofac-sdn:1", "X").model_copy(update={"list_name": "ofac-sdn"})]),
        source="sdn.csv",
        content=[b"x"],
    )
    with pytest.raises(Conflict, match="official ofac-sdn list"):
        entries.remove_entry(node, admin, "ofac-sdn", "ofac-sdn:1")


def test_an_entry_with_an_unknown_country_is_refused_with_the_field(node: Node, admin: Actor) -> None:
    entries.create_list(node, admin, "us-lookout")
    data = {
        "id": "x",
        "category": "criminal",
        "subject_type": "person",
        "names": [{"full": "A B"}],
        "nationalities": ["ZZZ"],
    }
    with pytest.raises(Exception, match=r"nationalities\.0: .*'ZZZ' is not an ISO 3166-1 alpha-3 code"):
        entries.add_entry(node, admin, "us-lookout", data)
    assert entries.page(node, admin, list_name="us-lookout") == []
