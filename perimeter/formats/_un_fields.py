"""The repeated parts of a UN consolidated-list record: aliases, birth dates, places, documents, addresses."""

from __future__ import annotations

import re
from datetime import date
from xml.etree.ElementTree import Element

from perimeter.core.dates import PartialDate
from perimeter.core.scripts import detect_script
from perimeter.formats._birth import MAX_RANGE_YEARS, MONTHS, birth_dates_between
from perimeter.formats._common import Warnings, one_line
from perimeter.records.watchlist import Address, AliasQuality, BirthDate, IdentityDocument, Name, NameKind, Place

#: The QUALITY of an alias: individuals' aliases are "Good" or "Low", entities' "a.k.a." or "f.k.a.".
ALIAS_QUALITIES: dict[str, tuple[NameKind, AliasQuality]] = {
    "good": (NameKind.ALIAS, AliasQuality.STRONG),
    "low": (NameKind.ALIAS, AliasQuality.WEAK),
    "a.k.a.": (NameKind.ALIAS, AliasQuality.STRONG),
    "f.k.a.": (NameKind.FORMERLY, AliasQuality.STRONG),
    "": (NameKind.ALIAS, AliasQuality.STRONG),
}
_ORIGINAL_SCRIPT = re.compile(r"(?P<name>.+?)\s*\(original script:\s*(?P<original>.+?)\)")
_SEPARATORS = re.compile(r";|\s[a-z]\)\s")
_SUB_UNIT = re.compile(r"\s*-\s*sub-unit name(?=\)$)")  # "اسم (Name - sub-unit name)"
_IN_PARENTHESES = re.compile(r"(?P<head>[^()]+?)\s*\((?P<inner>[^()]+)\)")
_MONTH_YEAR = re.compile(r"(?P<month>[A-Za-z]+)\.? (?P<year>\d{4})")
_NUMBER_AFTER_LABEL = re.compile(
    r"(?P<label>.*?\b(?:number|no\.?|n°)\s*:?)\s*(?P<number>[A-Z0-9][A-Z0-9 ./-]*)(?P<rest>\s*\(.*\))?", re.IGNORECASE
)
_NUMBER_WITH_REMARK = re.compile(r"(?P<number>[A-Z0-9][A-Z0-9 ./-]*?)\s*(?P<rest>\(.*\))", re.IGNORECASE)


def text(element: Element, tag: str) -> str:
    """The text of the child ``tag`` on one line, ``""`` when it is missing or empty."""
    value = element.findtext(tag)
    return one_line(value) if value else ""


def iso_date(value: str) -> date | None:
    """``2001-01-25`` (the UN sometimes appends a time-zone offset: ``2015-04-07-04:00``); ``None`` if unreadable."""
    try:
        return date.fromisoformat(value[:10]) if len(value) >= 10 else None
    except ValueError:
        return None


def alias_names(alias: Element, warnings: Warnings) -> list[Name]:
    """The names one ``*_ALIAS`` element gives: none when ALIAS_NAME is empty, two when it carries its original
    script as ``Abu Muhammad (original script: Абу Мухаммад)``."""
    written = text(alias, "ALIAS_NAME")
    if not written:
        return []
    quality_text = text(alias, "QUALITY")
    if quality_text.lower() not in ALIAS_QUALITIES:
        warnings.add(f"alias quality {quality_text!r} not known; read as a strong alias")
    kind, quality = ALIAS_QUALITIES.get(quality_text.lower(), (NameKind.ALIAS, AliasQuality.STRONG))
    return [
        Name(full=name, kind=kind, quality=quality, script=detect_script(name)) for name in alias_spellings(written)
    ]


def alias_spellings(written: str) -> list[str]:
    """The names one ALIAS_NAME holds: usually one, but the UN also packs several into one element.

    ``Name (original script: Имя)`` and ``Jin Tiesan (金铁三)`` give both spellings; ``A; B; C`` gives three names, as
    do ``حسن غول (Hassan Ghul; Hassan Gul)`` and ``Name (اسم (original script); Other)`` once the parentheses around
    the variants are taken off; an enumeration marker (``b)``) between two variants separates them too.
    """
    if split := _ORIGINAL_SCRIPT.fullmatch(written):
        return [split["name"], split["original"]]
    pieces = _SEPARATORS.split(written.replace("(original script)", "")) if ";" in written else [written]
    spellings: list[str] = []
    for piece in pieces:
        piece = _SUB_UNIT.sub("", " ".join(piece.split()).rstrip(",")).strip()
        if len(pieces) > 1 and piece.endswith(")") and piece.count(")") > piece.count("("):
            piece = piece[:-1].rstrip()
        if len(pieces) > 1 and piece.count("(") > piece.count(")"):  # "اسم (First variant"
            head, _, tail = piece.rpartition("(")
            spellings.extend(part.strip() for part in (head, tail) if part.strip())
        elif (other := _IN_PARENTHESES.fullmatch(piece)) and _scripts_differ(other["head"], other["inner"]):
            spellings.extend([other["head"], other["inner"].strip()])
        elif piece:
            spellings.append(piece)
    return spellings


def _scripts_differ(first: str, second: str) -> bool:
    scripts = detect_script(first), detect_script(second)
    return None not in scripts and scripts[0] != scripts[1]


def birth_dates(element: Element, warnings: Warnings) -> list[BirthDate]:
    """One ``INDIVIDUAL_DATE_OF_BIRTH``: EXACT or APPROXIMATELY with DATE or YEAR, or BETWEEN FROM_YEAR and
    TO_YEAR (each year of the range, approximate). A month and year written only in the NOTE are read too."""
    kind = text(element, "TYPE_OF_DATE").upper()
    approximate = kind == "APPROXIMATELY"
    try:
        if kind == "BETWEEN":
            start, end = PartialDate.parse(text(element, "FROM_YEAR")), PartialDate.parse(text(element, "TO_YEAR"))
            dates = birth_dates_between(start, end)
            if dates is None:
                warnings.add(f"birth date range longer than {MAX_RANGE_YEARS} years kept as its two ends")
                dates = [BirthDate(date=start, approximate=True), BirthDate(date=end, approximate=True)]
            return dates
        value = text(element, "DATE") or text(element, "YEAR")
        if value:
            return [BirthDate(date=PartialDate.parse(value), approximate=approximate)]
    except ValueError:
        warnings.add(f"birth date not understood: {one_line(' '.join(element.itertext()))!r}")
        return []
    note = _MONTH_YEAR.fullmatch(text(element, "NOTE"))
    if note and note["month"][:3].lower() in MONTHS:
        month = PartialDate(int(note["year"]), MONTHS[note["month"][:3].lower()])
        return [BirthDate(date=month, approximate=approximate)]
    return []


def alias_birth(alias: Element, warnings: Warnings) -> tuple[list[BirthDate], list[Place]]:
    """The birth date and place that some individuals' aliases carry (the ones used with that alias)."""
    dates = []
    if value := text(alias, "DATE_OF_BIRTH"):
        try:
            dates.append(BirthDate(date=PartialDate.parse(value[:10])))
        except ValueError:
            warnings.add(f"alias birth date not understood: {value!r}")
    places = []
    city, country = text(alias, "CITY_OF_BIRTH"), text(alias, "COUNTRY_OF_BIRTH")
    if city or country:
        places.append(_place([city], country, warnings, "alias place of birth"))
    return dates, places


def place_of_birth(element: Element, warnings: Warnings) -> Place | None:
    parts = [text(element, tag) for tag in ("STREET", "CITY", "STATE_PROVINCE")]
    note, country = text(element, "NOTE"), text(element, "COUNTRY")
    if note:
        parts.append(f"({note})")
    if not any(parts) and not country:
        return None
    return _place(parts, country, warnings, "place of birth")


def _place(parts: list[str], country_text: str, warnings: Warnings, where: str) -> Place:
    country = warnings.country(country_text, where) if country_text else None
    if country_text and country is None:
        parts = [*parts, country_text]
    return Place(text=", ".join(part for part in parts if part) or None, country=country)


def address(element: Element, warnings: Warnings) -> Address | None:
    values = {tag: text(element, tag) for tag in ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY", "NOTE")}
    if not any(values.values()):
        return None
    country = warnings.country(values["COUNTRY"], "address") if values["COUNTRY"] else None
    return Address(
        street=values["STREET"] or None,
        city=values["CITY"] or None,
        region=values["STATE_PROVINCE"] or None,
        postal_code=values["ZIP_CODE"] or None,
        country=country,
        text=values["COUNTRY"] if values["COUNTRY"] and country is None else None,
        note=values["NOTE"] or None,
    )


def document(element: Element, warnings: Warnings) -> IdentityDocument | None:
    """One ``INDIVIDUAL_DOCUMENT``; ``None`` when it has no number (the UN writes many empty ones)."""
    written = text(element, "NUMBER")
    if not written:
        if text(element, "TYPE_OF_DOCUMENT"):
            warnings.add("document without a number skipped (its text stays in the UN list)")
        return None
    number, notes = split_number(written)
    kinds = [text(element, "TYPE_OF_DOCUMENT"), text(element, "TYPE_OF_DOCUMENT2")]
    notes[:0] = [kind for kind in kinds[1:] if kind]
    if len(number) > 64:
        warnings.add("document number longer than 64 characters skipped")
        return None
    country_text = text(element, "ISSUING_COUNTRY") or text(element, "COUNTRY_OF_ISSUE")
    country = warnings.country(country_text, "document issuing country") if country_text else None
    if country_text and country is None:
        notes.append(f"issued by {country_text}")
    if city := text(element, "CITY_OF_ISSUE"):
        notes.append(f"issued in {city}")
    if note := text(element, "NOTE"):
        notes.append(note)
    return IdentityDocument(
        type=document_type(" ".join(kinds) + " " + written),
        number=number,
        country=country,
        issued_on=iso_date(text(element, "DATE_OF_ISSUE")),
        note="; ".join(notes) or None,
    )


def document_type(description: str) -> str:
    """``passport``, ``national-id`` or ``other``, from the words the UN uses (in English, French or Spanish)."""
    lowered = description.lower()
    if "passport" in lowered or "passeport" in lowered or "pasaporte" in lowered:
        return "passport"
    if "identif" in lowered or "identity" in lowered or "id card" in lowered:
        return "national-id"
    return "other"


def split_number(written: str) -> tuple[str, list[str]]:
    """The number itself and the words around it: ``CAR diplomatic passport no. D00000898`` gives
    ``D00000898`` and the note ``CAR diplomatic passport no.``; ``381110042 (Expired 25 Jan. 2016)`` gives
    ``381110042`` and ``(Expired 25 Jan. 2016)``. A number written alone is returned as it is."""
    labelled = _NUMBER_AFTER_LABEL.fullmatch(written)
    if labelled and any(char.isdigit() for char in labelled["number"]):
        notes = [labelled["label"].strip()] + ([labelled["rest"].strip()] if labelled["rest"] else [])
        return labelled["number"].strip(), notes
    remark = _NUMBER_WITH_REMARK.fullmatch(written)
    if remark and any(char.isdigit() for char in remark["number"]):
        return remark["number"].strip(), [remark["rest"]]
    return written, []
