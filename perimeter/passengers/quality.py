"""Data quality of a received manifest: was it on time, is every traveller complete, do the counts agree.

Scheduled departures are local times of the departure airport and Perimeter holds no airport time zones, so the
lead time is counted as if the local time were UTC: for a carrier's report, hours early or late are what matter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from perimeter.records.passenger import Traveller, TravellerRole


@dataclass(frozen=True)
class Quality:
    minutes_before_departure: int | None
    late: bool
    incomplete_travellers: int
    count_mismatch: bool
    findings: tuple[str, ...]


def assess(
    travellers: Sequence[Traveller],
    departure: datetime | None,
    received_at: datetime,
    late_minutes: int,
    declared: tuple[int | None, int | None] = (None, None),
    warnings: Sequence[str] = (),
) -> Quality:
    """``declared`` is (passengers, crew) as the message counts them; ``late_minutes`` the setting."""
    findings: list[str] = []
    minutes = None
    if departure is not None:
        minutes = int((departure.replace(tzinfo=UTC) - received_at).total_seconds() // 60)
    late = minutes is not None and minutes < late_minutes
    if minutes is None:
        findings.append("no scheduled departure: timeliness unknown")
    elif minutes < 0:
        findings.append(f"received {-minutes} minutes after the scheduled departure")
    elif late:
        findings.append(f"received {minutes} minutes before departure (less than {late_minutes})")
    missing = {"document": 0, "birth date": 0, "nationality": 0}
    incomplete = 0
    for traveller in travellers:
        gaps = [
            name
            for name, absent in (
                ("document", not traveller.documents),
                ("birth date", traveller.birth_date is None),
                ("nationality", traveller.nationality is None),
            )
            if absent
        ]
        for name in gaps:
            missing[name] += 1
        incomplete += bool(gaps)
    findings += [f"{count} traveller(s) without {name}" for name, count in missing.items() if count]
    mismatch = False
    for role, count in zip((TravellerRole.PASSENGER, TravellerRole.CREW), declared, strict=True):
        held = sum(1 for traveller in travellers if traveller.role is role)
        if count is not None and count != held:
            mismatch = True
            findings.append(f"declares {count} {role.value}(s), holds {held}")
    if warnings:
        findings.append(f"{len(warnings)} warning(s) reading the message")
    return Quality(minutes, late, incomplete, mismatch, tuple(findings))
