"""OFAC's Specially Designated Nationals list and its consolidated non-SDN list, legacy CSV layout.

Three files describe one edition: the primary file (``sdn.csv`` / ``cons_prim.csv``: one row per subject), the
aliases (``alt.csv`` / ``cons_alt.csv``) and the addresses (``add.csv`` / ``cons_add.csv``), joined on ``ent_num``.
OFAC cuts remarks longer than 1,000 characters and continues them in ``sdn_comments.csv`` / ``cons_comments.csv``;
pass that file as ``comments`` to read the whole remarks (and the weak aliases at their end).

Decisions, so that every entry reads the same way:

- ``record_id`` is ``"{id_prefix}:{ent_num}"``, e.g. ``ofac-sdn:306``.
- Individuals' names are written ``SURNAME, Given Names``: ``family`` and ``given`` are split at the first comma,
  and ``full`` is the natural order ``Given Names SURNAME`` (a ``Jr.`` after a second comma goes last). Names of
  organisations, vessels and aircraft are kept as written.
- ``alt.csv`` aliases are strong (``aka`` and ``nka`` as aliases, ``fka`` as a former name); the ``a.k.a. '...'``
  aliases in the remarks are OFAC's "weak" aliases and are kept with quality ``weak``.
- The category is terrorism when a programme is one of :data:`TERRORISM_PROGRAMMES`, sanctions otherwise.
- Title, vessel type, tonnage, flag and owner are prefixed to the remarks; the call sign is a ``call-sign``
  document issued by the flag state. The remarks themselves are kept whole.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import ValidationError

from perimeter.core.errors import ParseError
from perimeter.core.scripts import detect_script
from perimeter.formats._common import Warnings, describe_validation
from perimeter.formats._ofac_csv import ADD_COLUMNS, ALT_COLUMNS, COMMENTS_COLUMNS, SDN_COLUMNS, Row, read_rows
from perimeter.formats.ofac_remarks import read_remarks
from perimeter.formats.watchlist_source import ListContext, ParsedList
from perimeter.records.watchlist import (
    Address,
    AliasQuality,
    Category,
    IdentityDocument,
    Name,
    NameKind,
    SubjectType,
    WatchlistEntry,
)

#: OFAC programme tags that are counter-terrorism designations (OFAC's "Counter Terrorism Sanctions" programme:
#: Specially Designated Global Terrorists, Specially Designated Terrorists, Foreign Terrorist Organizations, the
#: Non-SDN Palestinian Legislative Council list, and the Hizballah financing act).
TERRORISM_PROGRAMMES = frozenset({"SDGT", "SDT", "FTO", "NS-PLC", "HIFPAA"})

_SUBJECT_TYPES = {"individual": SubjectType.PERSON, "vessel": SubjectType.VESSEL, "aircraft": SubjectType.AIRCRAFT}
_ALT_KINDS = {"aka": NameKind.ALIAS, "nka": NameKind.ALIAS, "fka": NameKind.FORMERLY}
_SUFFIXES = frozenset({"JR", "JR.", "SR", "SR.", "II", "III", "IV"})


def parse_ofac(
    primary: bytes,
    aliases: bytes,
    addresses: bytes,
    context: ListContext,
    *,
    id_prefix: str,
    source_names: tuple[str, str, str],
    comments: tuple[str, bytes] | None = None,
) -> ParsedList:
    """One edition of an OFAC list in the legacy CSV layout; :class:`ParseError` if any file is malformed."""
    primary_name, alias_name, address_name = source_names
    rows: dict[int, Row] = {}
    for row in read_rows(primary, primary_name, SDN_COLUMNS):
        ent_num = row.integer("ent_num", primary_name)
        if ent_num in rows:
            raise ParseError(
                primary_name, f"line {row.line}", f"ent_num {ent_num} is already used on line {rows[ent_num].line}"
            )
        if not row["SDN_Name"]:
            raise ParseError(primary_name, f"line {row.line}", "SDN_Name is empty")
        if row["SDN_Type"].lower() not in _SUBJECT_TYPES and row["SDN_Type"]:
            reason = f"SDN_Type {row['SDN_Type']!r} is not individual, vessel, aircraft or -0- (an entity)"
            raise ParseError(primary_name, f"line {row.line}", reason)
        rows[ent_num] = row
    if not rows:
        raise ParseError(primary_name, None, "the file holds no entries")
    remarks = {ent_num: row["Remarks"] for ent_num, row in rows.items()}
    if comments is not None:
        for row in read_rows(comments[1], comments[0], COMMENTS_COLUMNS):
            ent_num = _known(row, rows, comments[0])
            remarks[ent_num] += row["remarks_continued"]

    alt_rows: dict[int, list[Row]] = {}
    for row in read_rows(aliases, alias_name, ALT_COLUMNS):
        row.integer("alt_num", alias_name)
        if row["alt_type"].lower() not in _ALT_KINDS:
            raise ParseError(alias_name, f"line {row.line}", f"alt_type {row['alt_type']!r} is not aka, fka or nka")
        if not row["alt_name"]:
            raise ParseError(alias_name, f"line {row.line}", "alt_name is empty")
        alt_rows.setdefault(_known(row, rows, alias_name), []).append(row)

    warnings = Warnings()
    address_lists: dict[int, list[Address]] = {}
    for row in read_rows(addresses, address_name, ADD_COLUMNS):
        row.integer("add_num", address_name)
        ent_num = _known(row, rows, address_name)
        address = _address(row, warnings)
        if address is not None:
            address_lists.setdefault(ent_num, []).append(address)

    entries = []
    for ent_num, row in rows.items():
        try:
            entry = _entry(
                f"{id_prefix}:{ent_num}",
                row,
                remarks[ent_num],
                alt_rows.get(ent_num, []),
                address_lists.get(ent_num, []),
                context,
                warnings,
            )
        except ValidationError as error:
            raise ParseError(primary_name, f"line {row.line}", describe_validation(error)) from None
        entries.append(entry)
    return ParsedList(entries=entries, warnings=warnings.lines())


def _known(row: Row, rows: dict[int, Row], source: str) -> int:
    ent_num = row.integer("ent_num", source)
    if ent_num not in rows:
        raise ParseError(source, f"line {row.line}", f"ent_num {ent_num} is not an entry of the primary file")
    return ent_num


def _entry(
    record_id: str,
    row: Row,
    remarks: str,
    alt_rows: list[Row],
    addresses: list[Address],
    context: ListContext,
    warnings: Warnings,
) -> WatchlistEntry:
    subject_type = _SUBJECT_TYPES.get(row["SDN_Type"].lower(), SubjectType.ORGANISATION)
    person = subject_type is SubjectType.PERSON
    facts = read_remarks(remarks, warnings)
    names = [make_name(row["SDN_Name"], NameKind.PRIMARY, AliasQuality.STRONG, person=person)]
    names.extend(
        make_name(alt["alt_name"], _ALT_KINDS[alt["alt_type"].lower()], AliasQuality.STRONG, person=person)
        for alt in alt_rows
    )
    names.extend(make_name(text, kind, AliasQuality.WEAK, person=person) for text, kind in facts.aliases)
    programmes = tuple(dict.fromkeys(_programmes(row["Program"])))
    documents = list(facts.documents)
    prefix = _vessel_remarks(row, documents, warnings)
    return WatchlistEntry(
        record_id=record_id,
        list_name=context.list_name,
        owner_node=context.owner_node,
        category=Category.TERRORISM if TERRORISM_PROGRAMMES.intersection(programmes) else Category.SANCTIONS,
        subject_type=subject_type,
        names=tuple(names),
        birth_dates=tuple(facts.birth_dates),
        places_of_birth=tuple(facts.places_of_birth),
        nationalities=tuple(facts.nationalities),
        gender=facts.gender,
        documents=tuple(documents),
        addresses=tuple(addresses),
        programmes=programmes,
        remarks="; ".join([*prefix, remarks] if remarks else prefix) or None,
        sensitivity=context.sensitivity,
    )


def make_name(text: str, kind: NameKind, quality: AliasQuality, *, person: bool) -> Name:
    """A name as OFAC writes it; a person's ``SURNAME, Given`` is split and put in natural order."""
    family = given = None
    full = text
    if person and "," in text:
        parts = [part.strip() for part in text.split(",")]
        rest = [part for part in parts[1:] if part.upper() not in _SUFFIXES]
        if parts[0] and rest and all(rest):
            family, given = parts[0], " ".join(rest)
            full = " ".join([given, family, *(part for part in parts[1:] if part.upper() in _SUFFIXES)])
    return Name(full=full, kind=kind, quality=quality, given=given, family=family, script=detect_script(full))


def _programmes(text: str) -> Iterable[str]:
    """``SDGT] [IFSR`` (the brackets OFAC leaves between several programmes) -> ``SDGT``, ``IFSR``."""
    for part in text.split("] ["):
        programme = part.strip(" []")
        if programme:
            yield programme


def _vessel_remarks(row: Row, documents: list[IdentityDocument], warnings: Warnings) -> list[str]:
    """Title and vessel columns as remarks; the call sign as a document of the flag state."""
    flag = warnings.country(row["Vess_flag"], "vessel flag") if row["Vess_flag"] else None
    if row["Call_Sign"]:
        documents.append(IdentityDocument(type="call-sign", number=row["Call_Sign"], country=flag))
    labels = (
        ("Title", "Title"),
        ("Call_Sign", "Call sign"),
        ("Vess_type", "Vessel type"),
        ("Tonnage", "Tonnage"),
        ("GRT", "Gross registered tonnage"),
        ("Vess_flag", "Flag"),
        ("Vess_owner", "Owner"),
    )
    return [f"{label}: {row[column]}" for column, label in labels if row[column]]


def _address(row: Row, warnings: Warnings) -> Address | None:
    """An address row; ``None`` when every column is empty (OFAC writes such rows for many entries)."""
    street, city, country_text, note = row["address"], row["city_state_postal"], row["country"], row["add_remarks"]
    if not (street or city or country_text or note):
        return None
    country = warnings.country(country_text, "address") if country_text else None
    text = ", ".join(part for part in (street, city, country_text) if part) if country_text and not country else None
    return Address(street=street or None, city=city or None, country=country, text=text, note=note or None)
