"""The screening service on a real node (both backends): the index on disk follows the change feed, screens are
audited by their callers, decisions are remembered, files are screened in bulk."""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from perimeter.core.access import Actor, Role
from perimeter.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from perimeter.formats.watchlist_source import ParsedList
from perimeter.records.watchlist import WatchlistEntry
from perimeter.screening.query import ScreeningQuery
from perimeter.services import screening, screening_batch, screening_decisions, screening_jobs
from perimeter.services.node import Node, open_node
from perimeter.services.watchlist_loading import load_parsed
from perimeter.store import audit_log

OFFICER = Actor.user("olga", Role.OFFICER)
ANALYST = Actor.user("anna", Role.ANALYST)

# Names and dates as the UN list gives them.
PEOPLE = {
    "QDi.006": ("Ayman AL-ZAWAHIRI", "أيمن الظواهري", "1951-06-19", "EGY"),
    "QDi.299": ("Ibrahim Awwad Ibrahim Ali al-Badri", "Abu Bakr al-Baghdadi", "1971", "IRQ"),
}


def entry(record_id: str, primary: str, alias: str, born: str, nationality: str, **extra: Any) -> WatchlistEntry:
    return WatchlistEntry.model_validate(
        {
            "record_id": record_id,
            "list_name": "un-test",
            "owner_node": "us-cbp",
            "category": "terrorism",
            "subject_type": "person",
            "names": [{"full": primary}, {"full": alias, "kind": "alias"}],
            "birth_dates": [{"date": born}],
            "nationalities": [nationality],
            "handling": "Refer to secondary; call the owner's liaison desk.",
            **extra,
        }
    )


def load(node: Node, *entries: WatchlistEntry) -> None:
    content = "".join(item.model_dump_json() for item in entries).encode()
    load_parsed(node, Actor.system(), "un-test", "national", ParsedList(list(entries)), source="t", content=[content])


@pytest.fixture
def listed(node: Node) -> Iterator[Node]:
    load(node, *(entry(rid, *values) for rid, values in PEOPLE.items()))
    yield node
    screening.forget(node)


def actions(node: Node) -> list[str]:
    with node.db.read() as connection:
        return [item.action for item in audit_log.entries(connection)]


def test_screen_person_is_audited_without_the_name(listed: Node) -> None:
    query = ScreeningQuery.create("Aiman al-Zawahri", birth_date="1951", nationality="EGY")
    fingerprint, hits = screening.screen_person(listed, OFFICER, query)
    assert fingerprint == query.fingerprint and [hit.record_id for hit in hits] == ["QDi.006"]
    hit = hits[0]
    assert hit.owner_node == "us-cbp" and hit.list_name == "un-test" and hit.category == "terrorism"
    assert 0.8 <= hit.score <= 1.0 and hit.handling and hit.alerts and hit.algorithm == "perimeter-v1"
    assert {"name_similarity", "birth_date_match", "nationality_match"} <= {name for name, _c, _d in hit.features}
    with listed.db.read() as connection:
        last = list(audit_log.entries(connection))[-1]
    assert last.action == "screen.person" and last.target == fingerprint and last.actor == "user:olga"
    assert last.details["hits"] == 1 and last.details["records"] == ["us-cbp/QDi.006"]
    assert "Zawahri" not in json.dumps(last.details)


def test_the_screener_itself_writes_nothing(listed: Node) -> None:
    before = actions(listed)
    screening.screener(listed).screen(ScreeningQuery.create("Abu Bakr al Baghdadi"))
    assert actions(listed) == before


def test_screening_needs_the_permission(listed: Node) -> None:
    with pytest.raises(PermissionDenied, match="'screen' permission"):
        screening.screen_person(listed, Actor.user("aud", Role.AUDITOR), ScreeningQuery.create("Ayman"))


def test_the_index_follows_the_change_feed_without_rebuilding(listed: Node, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = screening.screener(listed)
    assert screening.index_path(listed, "perimeter-v1").is_file()
    assert engine.screen(ScreeningQuery.create("Shamil Basayev"))[1] == []
    monkeypatch.setattr(screening, "_build", lambda *args: pytest.fail("the index was rebuilt"))
    basayev = entry("SDN.7", "Shamil BASAYEV", "Шамиль Басаев", "1965-01-14", "RUS")
    load(listed, *(entry(rid, *values) for rid, values in PEOPLE.items() if rid != "QDi.299"), basayev)
    assert [h.record_id for h in engine.screen(ScreeningQuery.create("Chamil Bassaev"))[1]] == ["SDN.7"]
    assert engine.screen(ScreeningQuery.create("Ibrahim Awwad Ibrahim Ali al-Badri"))[1] == []  # removed
    screening.forget(listed)  # a new process: loads the saved index, which is current
    again = screening.screener(listed)
    assert again is not engine and again.index.seq == engine.index.seq
    assert [h.record_id for h in again.screen(ScreeningQuery.create("Basaev Shamil"))[1]] == ["SDN.7"]


def test_a_false_match_is_remembered_until_either_side_changes(listed: Node) -> None:
    query = ScreeningQuery.create("Ayman al-Zawahiri", birth_date="1951-06-19")
    fingerprint, hits = screening.screen_person(listed, ANALYST, query)
    with pytest.raises(PermissionDenied):
        screening_decisions.mark_false_match(listed, OFFICER, fingerprint, "us-cbp", "QDi.006")
    decision = screening_decisions.mark_false_match(listed, ANALYST, fingerprint, "us-cbp", "QDi.006", "not him")
    assert actions(listed)[-1] == "screen.decision"
    with pytest.raises(Conflict, match="already marks"):
        screening_decisions.mark_false_match(listed, ANALYST, fingerprint, "us-cbp", "QDi.006")
    _fp, hits = screening.screen_person(listed, OFFICER, query)
    assert hits[0].suppressed_by == decision.decision_id and not hits[0].alerts
    other = ScreeningQuery.create("Ayman al-Zawahiri", birth_date="1951-06-19", document_number="X1")
    assert screening.screener(listed).screen(other)[1][0].alerts  # another traveller's data
    changed = entry("QDi.006", *PEOPLE["QDi.006"], remarks="Reported alive in 2022.")
    load(listed, changed, entry("QDi.299", *PEOPLE["QDi.299"]))
    assert screening.screener(listed).screen(query)[1][0].alerts  # the entry changed
    with pytest.raises(NotFound):
        screening_decisions.mark_false_match(listed, ANALYST, fingerprint, "us-cbp", "nobody")
    with pytest.raises(InvalidInput, match="fingerprint"):
        screening_decisions.mark_false_match(listed, ANALYST, "x", "us-cbp", "QDi.006")


def test_revoking_a_decision_alerts_again(listed: Node) -> None:
    query = ScreeningQuery.create("Abu Bakr al-Baghdadi")
    fingerprint, _hits = screening.screen_person(listed, ANALYST, query)
    decision = screening_decisions.mark_false_match(listed, ANALYST, fingerprint, "us-cbp", "QDi.299")
    assert not screening.screener(listed).screen(query)[1][0].alerts
    revoked = screening_decisions.revoke(listed, ANALYST, decision.decision_id)
    assert revoked.revoked_by == "user:anna" and actions(listed)[-1] == "screen.decision.revoke"
    assert screening.screener(listed).screen(query)[1][0].alerts
    assert screening_decisions.decisions(listed, OFFICER, fingerprint) == []
    assert len(screening_decisions.decisions(listed, OFFICER, fingerprint, include_revoked=True)) == 1
    with pytest.raises(Conflict, match="already revoked"):
        screening_decisions.revoke(listed, ANALYST, decision.decision_id)


def test_the_next_screen_sees_what_another_process_changed(listed: Node) -> None:
    """Decisions are cached between screens: a decision, a revocation or a list change made through another
    connection to the database (another process) must still be seen by the very next screen here."""
    query = ScreeningQuery.create("Ayman al-Zawahiri", birth_date="1951-06-19")
    fingerprint, hits = screening.screen_person(listed, OFFICER, query)
    assert hits[0].record_id == "QDi.006" and hits[0].alerts
    other = open_node(listed.settings)
    try:
        decision = screening_decisions.mark_false_match(other, ANALYST, fingerprint, "us-cbp", "QDi.006")
        assert screening.screen_person(listed, OFFICER, query)[1][0].suppressed_by == decision.decision_id
        screening_decisions.revoke(other, ANALYST, decision.decision_id)
        assert screening.screen_person(listed, OFFICER, query)[1][0].alerts
        load(other, *(entry(rid, *values) for rid, values in PEOPLE.items() if rid != "QDi.006"))
        assert all(hit.record_id != "QDi.006" for hit in screening.screen_person(listed, OFFICER, query)[1])
    finally:
        screening.forget(other)
        other.close()


def write_queries(path: Path, count: int) -> Path:
    names = ["Ayman al Zawahiri", "John Smith", "أيمن الظواهري", "Abu Bakr Baghdadi", "Maria Lopez"]
    lines = [json.dumps({"id": f"q{i}", "name": names[i % len(names)]}, ensure_ascii=False) for i in range(count)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_file_is_screened_alike_by_one_or_several_workers(listed: Node, tmp_path: Path) -> None:
    source = write_queries(tmp_path / "queries.jsonl", 450)
    one = screening_batch.screen_file(listed, OFFICER, source, tmp_path / "one.jsonl", workers=1)
    two = screening_batch.screen_file(listed, OFFICER, source, tmp_path / "two.jsonl", workers=2)
    assert (tmp_path / "one.jsonl").read_text() == (tmp_path / "two.jsonl").read_text()
    assert one.queries == two.queries == 450 and one.alerted == 270 and two.workers == 2
    first = json.loads((tmp_path / "one.jsonl").read_text().splitlines()[0])
    assert first["id"] == "q0" and first["hits"][0]["record_id"] == "QDi.006"
    assert set(first["hits"][0]) == {"record_id", "list", "matched_name", "score", "explanation"}
    assert actions(listed)[-2:] == ["screen.batch", "screen.batch"]


def test_a_bad_line_stops_the_batch_and_leaves_no_result(listed: Node, tmp_path: Path) -> None:
    source = write_queries(tmp_path / "queries.jsonl", 5)
    with source.open("a") as file:
        file.write('{"id": "bad", "name": "Ali", "nationality": "XX"}\n')
    with pytest.raises(InvalidInput, match=r"queries.jsonl, line 6: nationality 'XX'"):
        screening_batch.screen_file(listed, OFFICER, source, tmp_path / "out.jsonl", workers=2)
    assert not (tmp_path / "out.jsonl").exists() and not (tmp_path / "out.jsonl.partial").exists()


def test_a_bulk_job_runs_and_only_its_submitter_sees_it(listed: Node, tmp_path: Path) -> None:
    content = write_queries(tmp_path / "q.jsonl", 12).read_bytes()
    job = screening_jobs.submit(listed, OFFICER, content, run=False)
    assert job.status == "queued" and job.total == 12
    with pytest.raises(Conflict, match="queued"):
        screening_jobs.results_path(listed, OFFICER, job.job_id)
    screening_jobs.run_job(listed, OFFICER, job.job_id)
    done = screening_jobs.status(listed, OFFICER, job.job_id)
    assert done.status == "done" and done.done == 12 and done.alerted == 7
    lines = screening_jobs.results_path(listed, OFFICER, job.job_id).read_text().splitlines()
    assert len(lines) == 12
    with pytest.raises(NotFound):
        screening_jobs.status(listed, Actor.user("other", Role.OFFICER), job.job_id)
    with pytest.raises(InvalidInput, match="line 2: 'name' is missing"):
        screening_jobs.submit(listed, OFFICER, b'{"id": "a", "name": "Ali"}\n{"id": "b"}\n')
