"""Applying a changes-only push (``MSG+:141``) to the record kept from earlier pushes.

A PNRGOV update push carries, for each record changed since the last push, the record as it now stands; records
not changed are not sent. A record the airline cancelled, or took off the flight, comes with an empty ``ORG``
(:attr:`Pnr.cancelled`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable
from typing import Any, TypeVar

from perimeter.core.errors import InvalidInput
from perimeter.core.text import fold
from perimeter.records.pnr import Pnr, PnrTraveller

T = TypeVar("T", bound=Hashable)

# What the booking is now: taken from the newer record (kept from the stored one when the newer has none).
_STATE = (
    "group_name",
    "itinerary",
    "non_air_segments",
    "seats",
    "bags",
    "excess_baggage",
    "tickets",
    "payments",
    "special_services",
    "splits",
)
# What has been learnt about the people and the booking: kept, whatever a later version says.
_FACTS = ("phones", "emails", "addresses", "remarks", "history", "other_locators")


def apply_pnr_changes(stored: Pnr, change: Pnr) -> Pnr:
    """The record after ``change`` (a newer version of it, from a changes-only push) is applied to ``stored``.

    - Both must be the same record (same locator, and carrier when both say); otherwise :class:`InvalidInput`.
    - A cancelled ``change`` marks the stored record cancelled; nothing else of it is kept but its history.
    - The state of the booking (itinerary, seats, bags, tickets, payments, services, splits, group name, agency)
      is the newer version's: ``change``'s, unless its ``last_modified`` is earlier than ``stored``'s (a late,
      stale push), in which case ``stored``'s. A list the newer version leaves empty keeps the older one's.
    - Travellers are the newer version's, matched to stored ones by reference (else by name): what the newer
      version leaves empty is filled from the stored traveller, and documents, addresses and frequent-flyer
      numbers accumulate, so a passport reported once stays known.
    - Contacts, addresses, remarks, history and other locators accumulate (stored first, without duplicates).
    - ``created_at`` is the earliest known, ``last_modified`` the latest; ``cancelled`` is False.
    """
    if stored.record_locator != change.record_locator or (
        stored.carrier and change.carrier and stored.carrier != change.carrier
    ):
        raise InvalidInput(
            f"PNR {change.carrier or ''}/{change.record_locator} is not PNR {stored.carrier or ''}/"
            f"{stored.record_locator}: changes apply to the same record only"
        )
    history = _union(stored.history, change.history)
    if change.cancelled:
        return stored.model_copy(
            update={"cancelled": True, "history": history, "last_modified": _latest(stored, change)}
        )
    stale = (
        stored.last_modified is not None
        and change.last_modified is not None
        and (change.last_modified < stored.last_modified)
    )
    newer, older = (stored, change) if stale else (change, stored)
    update: dict[str, Any] = {name: getattr(newer, name) or getattr(older, name) for name in _STATE}
    update.update({name: _union(getattr(stored, name), getattr(change, name)) for name in _FACTS})
    update["history"] = history
    update["booking_agency"] = newer.booking_agency or older.booking_agency
    update["carrier"] = stored.carrier or change.carrier
    update["travellers"] = _travellers(newer.travellers or older.travellers, older.travellers)
    update["created_at"] = min(
        (value for value in (stored.created_at, change.created_at) if value is not None), default=None
    )
    update["last_modified"] = _latest(stored, change)
    update["ticketed_at"] = newer.ticketed_at or older.ticketed_at
    update["cancelled"] = False
    return stored.model_copy(update=update)


def _latest(stored: Pnr, change: Pnr) -> Any:
    return max((value for value in (stored.last_modified, change.last_modified) if value is not None), default=None)


def _union(first: tuple[T, ...], second: tuple[T, ...]) -> tuple[T, ...]:
    """``first``, then what ``second`` holds beyond it (counted: an entry twice in both is kept twice)."""
    unmatched = Counter(first)
    added = []
    for item in second:
        if unmatched[item]:
            unmatched[item] -= 1
        else:
            added.append(item)
    return (*first, *added)


def _travellers(current: tuple[PnrTraveller, ...], earlier: tuple[PnrTraveller, ...]) -> tuple[PnrTraveller, ...]:
    merged = []
    for traveller in current:
        before = _match(traveller, earlier)
        if before is None:
            merged.append(traveller)
            continue
        filled: dict[str, Any] = {
            name: getattr(before, name)
            for name, value in traveller
            if value in (None, ()) and getattr(before, name) not in (None, ())
        }
        for name in ("documents", "addresses", "frequent_flyer"):
            filled[name] = _union(getattr(before, name), getattr(traveller, name))
        merged.append(traveller.model_copy(update=filled))
    return tuple(merged)


def _key(traveller: PnrTraveller) -> tuple[str, str]:
    return fold(traveller.surname), fold(traveller.given_names or "")


def _match(traveller: PnrTraveller, candidates: tuple[PnrTraveller, ...]) -> PnrTraveller | None:
    """The stored traveller with the same reference (and surname), else the same names."""
    key = _key
    if traveller.reference:
        found = next((t for t in candidates if t.reference == traveller.reference), None)
        if found is not None and key(found)[0] == key(traveller)[0]:
            return found
    return next((t for t in candidates if key(t) == key(traveller)), None)
