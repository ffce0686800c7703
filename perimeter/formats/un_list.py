"""The UN Security Council consolidated sanctions list, official XML (``CONSOLIDATED_LIST``).

Parsed with ``defusedxml``: a document that declares a DTD, defines entities or refers to external resources is
refused. Decisions:

- ``record_id`` is ``un:<REFERENCE_NUMBER>`` (``un:QDi.001``); an individual is a person, an entity an organisation.
- ``full`` is FIRST_NAME to FOURTH_NAME joined in the UN's order. ``family`` is the last of them and ``given`` the
  others, except on the DPRK list (``KP...`` references), which writes the family name first (``KIM / SONG CHOL``).
  A name of one part has neither. NAME_ORIGINAL_SCRIPT is a name of kind ``original-script`` with its script.
- Alias QUALITY ``Good`` and ``a.k.a.`` give strong aliases, ``Low`` weak ones, ``f.k.a.`` a strong former name.
  Empty aliases are skipped; ``Name (original script: Имя)`` gives both spellings.
- A BETWEEN birth date becomes each year of the range, approximate (see :mod:`perimeter.formats._birth`). Birth
  dates and places that an alias carries are added to the subject's.
- The category is terrorism for the Al-Qaida (ISIL) and Taliban lists, sanctions for the others.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element
from xml.etree.ElementTree import ParseError as XMLParseError

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import fromstring
from pydantic import ValidationError

from perimeter.core.errors import ParseError
from perimeter.core.scripts import detect_script
from perimeter.formats import _un_fields as fields
from perimeter.formats._common import Warnings, describe_validation, one_line
from perimeter.formats.watchlist_source import ListContext, ParsedList
from perimeter.records.watchlist import (
    BirthDate,
    Category,
    Gender,
    Name,
    NameKind,
    SubjectType,
    WatchlistEntry,
)

#: UN_LIST_TYPE values of the counter-terrorism regimes (resolutions 1267/1989/2253 and 1988).
TERRORISM_LISTS = frozenset({"al-qaida", "isil", "taliban"})
_TERRORISM_PREFIXES = ("QD", "TA")
_NAME_TAGS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
_GENDERS = {"male": Gender.MALE, "female": Gender.FEMALE}
_REFUSALS: dict[type[DefusedXmlException], str] = {
    DTDForbidden: "the document declares a DTD (<!DOCTYPE ...>); DTDs are refused, the UN list has none",
    EntitiesForbidden: "the document defines an XML entity; entities are refused, the UN list has none",
    ExternalReferenceForbidden: "the document refers to an external resource; external references are refused",
}


def parse_un_consolidated(data: bytes, context: ListContext, source: str) -> ParsedList:
    """Every individual and entity of one edition; :class:`ParseError` for malformed XML or an unusable record."""
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except XMLParseError as error:
        line, column = error.position
        reason = str(error).rsplit(": line ", 1)[0]
        raise ParseError(source, f"line {line}, column {column}", f"malformed XML: {reason}") from None
    except DefusedXmlException as error:
        raise ParseError(source, None, _REFUSALS.get(type(error), f"refused: {error}")) from None
    if root.tag != "CONSOLIDATED_LIST":
        raise ParseError(source, root.tag, "the root element is not CONSOLIDATED_LIST")
    warnings = Warnings()
    entries: list[WatchlistEntry] = []
    seen: dict[str, str] = {}
    for group, tag in (("INDIVIDUALS", "INDIVIDUAL"), ("ENTITIES", "ENTITY")):
        for index, element in enumerate(root.iterfind(f"{group}/{tag}"), 1):
            where = f"CONSOLIDATED_LIST/{group}/{tag}[{index}] (DATAID {fields.text(element, 'DATAID') or '?'})"
            reference = fields.text(element, "REFERENCE_NUMBER")
            if not reference:
                raise ParseError(source, where, "REFERENCE_NUMBER is missing or empty")
            if reference in seen:
                raise ParseError(source, where, f"REFERENCE_NUMBER {reference} is already used by {seen[reference]}")
            seen[reference] = where
            try:
                entries.append(_entry(element, tag, reference, context, warnings))
            except ValueError as error:  # pydantic's ValidationError or a reason of our own
                reason = describe_validation(error) if isinstance(error, ValidationError) else str(error)
                raise ParseError(source, where, reason) from None
    return ParsedList(entries=entries, warnings=warnings.lines(), published=root.get("dateGenerated"))


def _entry(element: Element, tag: str, reference: str, context: ListContext, warnings: Warnings) -> WatchlistEntry:
    person = tag == "INDIVIDUAL"
    names = primary_names(element, reference, person=person)
    birth_dates: list[BirthDate] = []
    for dob in element.iterfind("INDIVIDUAL_DATE_OF_BIRTH"):
        birth_dates.extend(fields.birth_dates(dob, warnings))
    places = [
        place
        for pob in element.iterfind("INDIVIDUAL_PLACE_OF_BIRTH")
        if (place := fields.place_of_birth(pob, warnings))
    ]
    for alias in element.iterfind(f"{tag}_ALIAS"):
        names.extend(fields.alias_names(alias, warnings))
        alias_dates, alias_places = fields.alias_birth(alias, warnings)
        birth_dates.extend(alias_dates)
        places.extend(alias_places)
    nationalities = []
    for value in element.iterfind("NATIONALITY/VALUE"):
        code = warnings.country(value.text or "", "nationality")
        if code and code not in nationalities:
            nationalities.append(code)
    documents = [doc for item in element.iterfind("INDIVIDUAL_DOCUMENT") if (doc := fields.document(item, warnings))]
    addresses = [address for item in element.iterfind(f"{tag}_ADDRESS") if (address := fields.address(item, warnings))]
    list_type = fields.text(element, "UN_LIST_TYPE")
    terrorism = list_type.lower() in TERRORISM_LISTS or reference.startswith(_TERRORISM_PREFIXES)
    return WatchlistEntry(
        record_id=f"un:{reference}",
        list_name=context.list_name,
        owner_node=context.owner_node,
        category=Category.TERRORISM if terrorism else Category.SANCTIONS,
        subject_type=SubjectType.PERSON if person else SubjectType.ORGANISATION,
        names=tuple(names),
        birth_dates=tuple(dict.fromkeys(birth_dates)),
        places_of_birth=tuple(dict.fromkeys(places)),
        nationalities=tuple(nationalities),
        gender=_GENDERS.get(fields.text(element, "GENDER").lower()),
        documents=tuple(documents),
        addresses=tuple(addresses),
        programmes=(list_type,) if list_type else (),
        listed_on=fields.iso_date(fields.text(element, "LISTED_ON")),
        remarks=_remarks(element),
        sensitivity=context.sensitivity,
    )


def primary_names(element: Element, reference: str, *, person: bool) -> list[Name]:
    """The primary name, its original-script spelling, and for an entity written ``A ; B`` the name ``B``."""
    parts = [part for part in (fields.text(element, tag) for tag in _NAME_TAGS) if part]
    if not parts:
        raise ValueError("no name: FIRST_NAME to FOURTH_NAME are all empty")
    full = " ".join(parts)
    given = family = None
    if person and len(parts) > 1:
        if reference.startswith("KP"):
            family, given = parts[0], " ".join(parts[1:])
        else:
            family, given = parts[-1], " ".join(parts[:-1])
    names = [Name(full=full, given=given, family=family, script=detect_script(full))]
    if not person and len(others := re.split(r"\s;\s", full)) > 1:
        names.extend(Name(full=other, kind=NameKind.ALIAS, script=detect_script(other)) for other in others)
    if original := fields.text(element, "NAME_ORIGINAL_SCRIPT"):
        names.append(Name(full=original, kind=NameKind.ORIGINAL_SCRIPT, script=detect_script(original)))
    return names


def _remarks(element: Element) -> str | None:
    parts = []
    for label, tag in (("Title", "TITLE"), ("Designation", "DESIGNATION")):
        values = [one_line(value.text or "") for value in element.iterfind(f"{tag}/VALUE")]
        if values := [value for value in values if value]:
            parts.append(f"{label}: {', '.join(values)}")
    if comments := fields.text(element, "COMMENTS1"):
        parts.append(comments)
    return "; ".join(parts) or None
