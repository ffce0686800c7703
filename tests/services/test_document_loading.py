"""Bulk loads of the document status registry: transactional, idempotent, applied as a delta."""

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from perimeter.core.access import Actor, Role
from perimeter.core.errors import NotFound, ParseError, PermissionDenied
from perimeter.services import document_checks, document_loading
from perimeter.services.node import Node
from perimeter.store import audit_log, changes
from perimeter.store.tables.documents import document_status

HEADER = "issuing_country,document_type,number,status,reported_on,holder_surname,reporting_authority"


def write_csv(path: Path, *rows: str) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n")
    return path


def registry_size(node: Node) -> int:
    with node.db.read() as connection:
        return int(connection.execute(select(func.count()).select_from(document_status)).scalar_one())


def feed(node: Node, after: int = 0) -> list[tuple[str, str]]:
    with node.db.read() as connection:
        return [(change.record_id, change.op) for change in changes.since(connection, "document-status", after)]


def test_a_csv_file_loads_and_reloading_it_changes_nothing(uto_node: Node, admin: Actor, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "reg.csv",
        "UTO,P,L898902C3,stolen,2024-05-01,ERIKSSON,Utopia Police",
        "UTO,I,D23145890,lost,2024-05-02,,",
        "UTO,P,X1,cleared,2024-05-03,,",
    )
    report = document_loading.load_file(uto_node, admin, path)
    assert (report.delta.added, report.delta.removed, report.delta.not_held, report.lines) == (2, 0, 1, 3)
    assert report.delta.samples["add"] == ["UTO/passport/L898902C3", "UTO/id-card/D23145890"]
    assert feed(uto_node) == [("UTO/passport/L898902C3", "add"), ("UTO/id-card/D23145890", "add")]
    again = document_loading.load_file(uto_node, admin, path)
    assert not again.delta.changed_anything and again.delta.unchanged == 2
    assert len(feed(uto_node)) == 2 and registry_size(uto_node) == 2
    check = document_checks.check(uto_node, admin, "UTO", "L898902C3")
    assert check.records[0].holder_surname == "ERIKSSON" and check.records[0].reporting_authority == "Utopia Police"


def test_a_newer_file_is_applied_as_a_delta_of_statuses(uto_node: Node, admin: Actor, tmp_path: Path) -> None:
    document_loading.load_file(
        uto_node,
        admin,
        write_csv(
            tmp_path / "a.csv", "UTO,P,A1,lost,2024-01-01,,", "UTO,P,A2,lost,2024-01-01,,", "UTO,P,A3,lost,2024-01-01,,"
        ),
    )
    before = len(feed(uto_node))
    report = document_loading.load_file(
        uto_node,
        admin,
        write_csv(
            tmp_path / "b.csv",
            "UTO,P,A1,lost,2024-01-01,,",  # unchanged
            "UTO,P,A2,stolen,2024-01-01,,",  # lost, now known stolen
            "UTO,P,A3,recovered,2024-02-01,,",  # found again: cleared
            "UTO,P,A4,revoked,2024-02-01,,",  # new
        ),
    )
    assert (report.delta.added, report.delta.changed, report.delta.removed, report.delta.unchanged) == (1, 1, 1, 1)
    assert feed(uto_node)[before:] == [
        ("UTO/passport/A2", "change"),
        ("UTO/passport/A3", "remove"),
        ("UTO/passport/A4", "add"),
    ]
    assert document_checks.check(uto_node, admin, "UTO", "A2").status == "stolen"
    assert not document_checks.check(uto_node, admin, "UTO", "A3").found
    assert registry_size(uto_node) == 3


def test_json_lines_load_the_same_way(uto_node: Node, admin: Actor, tmp_path: Path) -> None:
    rows = [
        {
            "issuing_country": "UTO",
            "document_type": "passport",
            "number": "L898902C3",
            "status": "stolen",
            "reported_on": "2024-05-01",
            "holder_birth_date": "1974-08-12",
            "sensitivity": "TLP:AMBER",
        },
        {
            "issuing_country": "UTO",
            "document_type": "visa",
            "number": "V-77",
            "status": "invalidated",
            "reported_on": "2024-05-02",
        },
    ]
    path = tmp_path / "reg.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    report = document_loading.load_file(uto_node, admin, path)
    assert report.delta.added == 2
    record = document_checks.check(uto_node, admin, "UTO", "L898902C3").records[0]
    assert str(record.holder_birth_date) == "1974-08-12" and record.sensitivity == "TLP:AMBER"
    assert not document_loading.load_file(uto_node, admin, path).delta.changed_anything


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            ["UTO,P,B1,stolen,2024-01-01,,", "UTO,P,B2,stolen,2024-13-01,,"],
            "bad.csv, line 3: reported_on: '2024-13-01'",
        ),
        (
            ["UTO,P,B1,stolen,2024-01-01,,", "UTO,P,B-1,lost,2024-01-01,,"],
            "bad.csv, line 3: document UTO passport B-1 is",
        ),
        (
            ["UTO,P,B1,stolen,2024-01-01,,", "MEX,P,B2,stolen,2024-01-01,,"],
            "bad.csv, line 3: the document was issued by MEX; only the issuing country's node may report",
        ),
        (["UTO,P,B1,stolen,2024-01-01,,", "UTO,P,B2,stole,2024-01-01,,"], "bad.csv, line 3: status: status 'stole'"),
        (["UTO,P,B1,stolen,2024-01-01,,", "UTO,P,B2,stolen"], "bad.csv, line 3: 4 fields where the header has 7"),
    ],
)
def test_a_bad_file_is_refused_whole_with_its_line(
    uto_node: Node, admin: Actor, tmp_path: Path, rows: list[str], message: str
) -> None:
    document_loading.load_file(uto_node, admin, write_csv(tmp_path / "good.csv", "UTO,P,A1,lost,2024-01-01,,"))
    with pytest.raises(ParseError) as caught:
        document_loading.load_file(uto_node, admin, write_csv(tmp_path / "bad.csv", *rows))
    assert str(caught.value).startswith(str(tmp_path / message.split(",")[0]) + "," + message.split(",", 1)[1])
    assert registry_size(uto_node) == 1 and len(feed(uto_node)) == 1
    with uto_node.db.read() as connection:
        last = list(audit_log.entries(connection))[-1]
    assert last.action == "document.status.load.rejected" and "line 3" in last.details["reason"]


def test_a_truncated_file_writes_nothing(uto_node: Node, admin: Actor, tmp_path: Path) -> None:
    path = tmp_path / "cut.csv"
    path.write_text(HEADER + "\nUTO,P,A1,lost,2024-01-01,,\nUTO,P,A2,lost,2024-0")
    with pytest.raises(ParseError, match=r"line 3: .*is it truncated"):
        document_loading.load_file(uto_node, admin, path)
    assert registry_size(uto_node) == 0


def test_loading_is_for_the_registry_keepers(uto_node: Node, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "reg.csv", "UTO,P,A1,lost,2024-01-01,,")
    with pytest.raises(PermissionDenied, match="documents:write"):
        document_loading.load_file(uto_node, Actor.user("olga", Role.OFFICER), path)
    report = document_loading.load_file(uto_node, Actor.user("lena", Role.LIST_MANAGER), path)
    assert report.delta.added == 1
    with pytest.raises(NotFound, match="no such file"):
        document_loading.load_file(uto_node, Actor.user("lena", Role.LIST_MANAGER), tmp_path / "nothing.csv")


def test_a_load_is_audited_with_its_counts(uto_node: Node, admin: Actor, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "reg.csv", "UTO,P,A1,lost,2024-01-01,,", "UTO,P,A2,lost,2024-01-01,,")
    document_loading.load_file(uto_node, admin, path)
    with uto_node.db.read() as connection:
        event = [e for e in audit_log.entries(connection) if e.action == "document.status.load"][-1]
    assert event.details["added"] == 2 and event.details["lines"] == 2 and event.target == str(path)
