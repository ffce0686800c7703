from dataclasses import replace
from datetime import UTC, datetime, timedelta

from perimeter.audit.chain import GENESIS_HASH, AuditEntry, AuditEvent, chain, verify


def _chain(count: int) -> list[AuditEntry]:
    entries, previous = [], GENESIS_HASH
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for seq in range(1, count + 1):
        entry = chain(seq, start + timedelta(seconds=seq), AuditEvent("system", "test", str(seq), {"n": seq}), previous)
        entries.append(entry)
        previous = entry.entry_hash
    return entries


def test_an_intact_chain_verifies() -> None:
    result = verify(_chain(5))
    assert result.ok and result.entries == 5


def test_a_changed_entry_is_named() -> None:
    entries = _chain(5)
    entries[2] = replace(entries[2], details={"n": 99})
    result = verify(entries)
    assert not result.ok and result.first_broken == 3 and "content" in (result.reason or "")


def test_a_removed_entry_is_named() -> None:
    entries = _chain(5)
    del entries[1]
    result = verify(entries)
    assert not result.ok and result.first_broken == 3


def test_a_rehashed_entry_breaks_the_next_link() -> None:
    entries = _chain(4)
    forged = chain(2, entries[1].at, AuditEvent("mallory", "test", "2", {"n": 2}), entries[0].entry_hash)
    entries[1] = forged
    result = verify(entries)
    assert not result.ok and result.first_broken == 3 and "link" in (result.reason or "")
