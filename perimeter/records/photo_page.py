"""The photo page as an officer types it, and what does not agree with the machine-readable zone.

A forged data page, or a genuine zone pasted onto someone else's page, shows as a disagreement between the two.
Each comparison is a small function named after what it detects; its docstring is the explanation an officer reads.
Names are compared as ICAO Doc 9303 (Part 3) writes them in a zone: upper-case Latin letters, accents dropped or
transliterated (``Ü`` may be ``UE`` or ``U``), spaces, hyphens and apostrophes ignored, and a zone name that fills
its field may be the typed name cut short.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from pydantic import Field

from perimeter.core.dates import PartialDate
from perimeter.core.text import document_number_key
from perimeter.records.common import CountryCode, Record

# ICAO Doc 9303 Part 3, section 6: the recommended transliterations of Latin letters with marks.
_ICAO_LATIN = {"Ä": "AE", "Å": "AA", "Æ": "AE", "Ö": "OE", "Ø": "OE", "Ü": "UE", "ß": "SS", "Þ": "TH", "Œ": "OE"}


class PhotoPage(Record):
    """What the officer read on the data page; every field optional, only what was typed is compared."""

    surname: str | None = Field(default=None, max_length=200)
    given_names: str | None = Field(default=None, max_length=200)
    birth_date: PartialDate | None = None
    document_number: str | None = Field(default=None, max_length=64)
    nationality: CountryCode | None = None
    expiry_date: date | None = None

    @property
    def compared_fields(self) -> list[str]:
        return [name for name in type(self).model_fields if getattr(self, name) is not None]


class ZoneData(Protocol):
    """What a read machine-readable zone says about its holder (``perimeter.formats.mrz.MrzResult`` fits)."""

    @property
    def surname(self) -> str: ...
    @property
    def given_names(self) -> str: ...
    @property
    def name_truncated(self) -> bool: ...
    @property
    def birth_date(self) -> PartialDate | None: ...
    @property
    def document_number(self) -> str: ...
    @property
    def nationality(self) -> str: ...
    @property
    def expiry_date(self) -> date | None: ...


@dataclass(frozen=True)
class Mismatch:
    field: str
    typed: str
    zone: str
    explanation: str


def zone_forms(name: str) -> set[str]:
    """The ways a name may be written in a zone: letters only, accents dropped or transliterated the ICAO way."""
    upper = name.upper()
    transliterated = "".join(_ICAO_LATIN.get(ch, ch) for ch in upper)
    return {_letters(upper), _letters(transliterated)}


def _letters(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("ß", "SS"))
    return "".join(ch for ch in decomposed if "A" <= ch <= "Z")


def _name_agrees(typed: str, zone: str, truncated: bool) -> bool:
    zone_letters = _letters(zone)
    forms = zone_forms(typed)
    return zone_letters in forms or (truncated and any(form.startswith(zone_letters) for form in forms))


def surname_differs(page: PhotoPage, zone: ZoneData) -> Mismatch | None:
    """The surname on the photo page is not the one in the machine-readable zone."""
    if page.surname is None or _name_agrees(page.surname, zone.surname, zone.name_truncated):
        return None
    return Mismatch("surname", page.surname, zone.surname, surname_differs.__doc__ or "")


def given_names_differ(page: PhotoPage, zone: ZoneData) -> Mismatch | None:
    """The given names on the photo page are not the ones in the machine-readable zone."""
    if page.given_names is None or _name_agrees(page.given_names, zone.given_names, zone.name_truncated):
        return None
    return Mismatch("given_names", page.given_names, zone.given_names, given_names_differ.__doc__ or "")


def birth_date_differs(page: PhotoPage, zone: ZoneData) -> Mismatch | None:
    """The birth date on the photo page disagrees with the zone's in a part both know (year, month or day)."""
    typed, read = page.birth_date, zone.birth_date
    if typed is None or read is None:
        return None
    pairs = [(typed.year, read.year), (typed.month, read.month), (typed.day, read.day)]
    if all(a is None or b is None or a == b for a, b in pairs):
        return None
    return Mismatch("birth_date", str(typed), str(read), birth_date_differs.__doc__ or "")


def document_number_differs(page: PhotoPage, zone: ZoneData) -> Mismatch | None:
    """The document number on the photo page is not the zone's (spaces, dashes and O/0 forgiven)."""
    if page.document_number is None:
        return None
    if document_number_key(page.document_number) == document_number_key(zone.document_number):
        return None
    return Mismatch(
        "document_number", page.document_number, zone.document_number, document_number_differs.__doc__ or ""
    )


def nationality_differs(page: PhotoPage, zone: ZoneData) -> Mismatch | None:
    """The nationality on the photo page is not the zone's."""
    if page.nationality is None or page.nationality == zone.nationality:
        return None
    return Mismatch("nationality", page.nationality, zone.nationality, nationality_differs.__doc__ or "")


def expiry_date_differs(page: PhotoPage, zone: ZoneData) -> Mismatch | None:
    """The date of expiry on the photo page is not the zone's."""
    if page.expiry_date is None or zone.expiry_date is None or page.expiry_date == zone.expiry_date:
        return None
    return Mismatch("expiry_date", str(page.expiry_date), str(zone.expiry_date), expiry_date_differs.__doc__ or "")


COMPARISONS: tuple[Callable[[PhotoPage, ZoneData], Mismatch | None], ...] = (
    surname_differs,
    given_names_differ,
    birth_date_differs,
    document_number_differs,
    nationality_differs,
    expiry_date_differs,
)


def compare(page: PhotoPage, zone: ZoneData) -> list[Mismatch]:
    """Every disagreement between what the officer typed and what the zone says."""
    return [found for comparison in COMPARISONS if (found := comparison(page, zone)) is not None]
