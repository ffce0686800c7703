"""What the Remarks column of OFAC's legacy CSV says about a subject, read into structured fields.

OFAC writes birth dates, places of birth, nationalities, documents and its "weak" aliases into one free-text column,
as ``;``-separated statements: ``DOB 12 Jan 1960; alt. DOB 1961; POB Baghdad, Iraq; nationality Iraq;
Passport A1234567 (Iraq) expires 01 Feb 2010; a.k.a. 'ABU ALI'``. Statements this module does not recognise are
left alone: the whole text is kept as the entry's remarks in any case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from perimeter.core.dates import PartialDate
from perimeter.formats._birth import MAX_RANGE_YEARS, MONTHS, birth_dates_between
from perimeter.formats._common import Warnings, country_code, says_unknown
from perimeter.records.watchlist import BirthDate, Gender, IdentityDocument, NameKind, Place

_DATE = r"(?:\d{1,2} [A-Z][a-z]{2} \d{4}|[A-Z][a-z]{2} \d{4}|\d{4})"
_DOB = re.compile(rf"DOB (?P<circa>circa )?(?P<start>{_DATE})(?:\s*(?:to|-)\s*(?P<end>{_DATE}))?")
_ALIAS = re.compile(r"(?P<kind>[afn])\.k\.a\.,? '(?P<name>.+)'")
_NUMBER = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ./\-]*")
_DOCUMENT_TAIL = re.compile(
    r"(?P<number>.+?)(?:\s*\((?P<country>[^()]+)\))?"
    r"(?:,?\s+issued\s+(?P<issued>[A-Za-z0-9 ]+?))?(?:,?\s+expires\s+(?P<expires>[A-Za-z0-9 ]+?))?"
)

#: Labels OFAC puts before an identifying number, and the document type Perimeter files it under.
DOCUMENT_LABELS: dict[str, str] = {
    "Passport": "passport",
    "Passport Booklet": "passport",
    "Diplomatic Passport": "passport",
    "British National Overseas Passport": "passport",
    "Travel Document Number": "travel-document",
    "National ID No.": "national-id",
    "Cedula No.": "national-id",
    "D.N.I.": "national-id",
    "Identification Number": "national-id",
    "Personal ID Card": "national-id",
    "Kenyan ID No.": "national-id",
    "Moroccan Personal ID No.": "national-id",
    "Bosnian Personal ID No.": "national-id",
    "Tazkira National ID Card": "national-id",
    "Turkish Identification Number": "national-id",
    "Numero de Identidad": "national-id",
    "Citizen's Card Number": "national-id",
    "National Foreign ID Number": "national-id",
    "C.U.R.P.": "national-id",
    "C.U.I.": "national-id",
    "C.U.I.P.": "national-id",
    "LE Number": "national-id",
    "Stateless Person ID Card": "national-id",
    "Refugee ID Card": "refugee-document",
    "Electoral Registry No.": "voter-id",
    "Credencial electoral": "voter-id",
    "I.F.E.": "voter-id",
    "Residency Number": "residence-permit",
    "Driver's License No.": "driving-licence",
    "Cartilla de Servicio Militar Nacional": "military-id",
    "Birth Certificate Number": "birth-certificate",
    "VisaNumberID": "visa",
    "SSN": "social-security",
    "Tax ID No.": "tax-id",
    "NIT": "tax-id",
    "R.F.C.": "tax-id",
    "RFC": "tax-id",
    "RUC": "tax-id",
    "RIF": "tax-id",
    "RTN": "tax-id",
    "C.U.I.T.": "tax-id",
    "C.I.F.": "tax-id",
    "V.A.T. Number": "tax-id",
    "Italian Fiscal Code": "tax-id",
    "US FEIN": "tax-id",
    "Registration ID": "registration",
    "Registration Number": "registration",
    "Company Number": "registration",
    "UK Company Number": "registration",
    "Commercial Registry Number": "registration",
    "Matricula Mercantil No": "registration",
    "Business Registration Number": "registration",
    "Business Registration Document": "registration",
    "Business Number": "registration",
    "Trade License No.": "registration",
    "Folio Mercantil No.": "registration",
    "Government Gazette Number": "registration",
    "Legal Entity Number": "registration",
    "Unified Social Credit Code (USCC)": "registration",
    "United Social Credit Code Certificate (USCCC)": "registration",
    "C.R. No.": "registration",
    "Public Registration Number": "registration",
    "D-U-N-S Number": "registration",
    "Chamber of Commerce Number": "registration",
    "Certificate of Incorporation Number": "registration",
    "Enterprise Number": "registration",
    "Registered Charity No.": "registration",
    "Vessel Registration Identification IMO": "imo",
    "MMSI": "mmsi",
    "Aircraft Manufacturer's Serial Number (MSN)": "aircraft-serial",
    "Aircraft Serial Identification": "aircraft-serial",
    "Aircraft Construction Number (also called L/N or S/N or F/N)": "aircraft-serial",
    "Aircraft Tail Number": "aircraft-tail",
}
_LABEL = re.compile(
    "(?P<label>"
    + "|".join(re.escape(label) for label in sorted(DOCUMENT_LABELS, key=len, reverse=True))
    + r")(?:\s*#|\s+No\.)?\s*:?\s+(?P<tail>.+)"
)


@dataclass
class RemarkFacts:
    """What the remarks of one entry say, in the record model's terms."""

    birth_dates: list[BirthDate] = field(default_factory=list)
    places_of_birth: list[Place] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    gender: Gender | None = None
    documents: list[IdentityDocument] = field(default_factory=list)
    aliases: list[tuple[str, NameKind]] = field(default_factory=list)  # the weak aliases: (name, kind)


def read_remarks(remarks: str, warnings: Warnings) -> RemarkFacts:
    """Every statement of ``remarks`` that this module recognises, as structured facts."""
    facts = RemarkFacts()
    for raw in re.split(r";\s*", remarks):
        statement = raw.strip().removeprefix("alt. ").rstrip(".").strip()
        if not statement:
            continue
        _read_statement(statement, facts, warnings)
    return facts


def _read_statement(statement: str, facts: RemarkFacts, warnings: Warnings) -> None:
    head = statement.split(" ", 1)[0]
    if head == "DOB":
        facts.birth_dates.extend(parse_dob(statement, warnings))
    elif head == "POB" and len(statement) > 4:
        facts.places_of_birth.append(parse_place(statement[4:], warnings, "place of birth"))
    elif head in ("nationality", "nationality:", "citizen"):
        code = warnings.country(statement.split(" ", 1)[1] if " " in statement else "", "nationality")
        if code and code not in facts.nationalities:
            facts.nationalities.append(code)
    elif head == "Gender":
        facts.gender = {"Gender Male": Gender.MALE, "Gender Female": Gender.FEMALE}.get(statement, facts.gender)
    elif alias := _ALIAS.fullmatch(statement):
        kind = NameKind.FORMERLY if alias["kind"] == "f" else NameKind.ALIAS
        facts.aliases.append((alias["name"], kind))
    elif document := parse_document(statement, warnings):
        facts.documents.append(document)


def parse_partial(text: str) -> PartialDate:
    """``12 Jan 1960``, ``Jan 1960`` or ``1960`` as a partial date (the caller has matched the shape)."""
    parts = text.split()
    if len(parts) == 3:
        return PartialDate(int(parts[2]), MONTHS[parts[1].lower()], int(parts[0]))
    if len(parts) == 2:
        return PartialDate(int(parts[1]), MONTHS[parts[0].lower()])
    return PartialDate(int(parts[0]))


def parse_dob(statement: str, warnings: Warnings) -> list[BirthDate]:
    """``DOB 12 Jan 1960``, ``DOB circa 1960``, ``DOB 1955 to 1957``... as birth dates; ``[]`` when unreadable."""
    match = _DOB.fullmatch(statement)
    try:
        if not match:
            raise ValueError(statement)
        start = parse_partial(match["start"])
        end = parse_partial(match["end"]) if match["end"] else None
    except (ValueError, KeyError):
        warnings.add(f"birth date not understood: {statement!r}")
        return []
    approximate = bool(match["circa"])
    if end is None:
        return [BirthDate(date=start, approximate=approximate)]
    dates = birth_dates_between(start, end)
    if dates is None:
        warnings.add(f"birth date range longer than {MAX_RANGE_YEARS} years kept as its two ends: {statement!r}")
        dates = [BirthDate(date=PartialDate(start.year), approximate=True)]
        dates.append(BirthDate(date=PartialDate(end.year), approximate=True))
    return dates


def parse_place(text: str, warnings: Warnings, where: str) -> Place:
    """A place as OFAC writes it (``Culiacan, Sinaloa, Mexico``): the text as written, the country from its end.

    The end is tried as one, then two comma-separated parts (``Congo, Democratic Republic of the``), then as its last
    one or two words (``Khartoum Sudan``, ``Sarajevo Bosnia-Herzegovina``).
    """
    segments = [segment.strip() for segment in text.split(",")]
    words = segments[-1].split()
    candidates = (segments[-1], ", ".join(segments[-2:]), " ".join(words[-1:]), " ".join(words[-2:]))
    for candidate in candidates:
        if code := country_code(candidate):
            return Place(text=text, country=code)
    if not says_unknown(text):
        warnings.add(f"{where}: no country recognised in {text!r}; kept as text")
    return Place(text=text)


def parse_document(statement: str, warnings: Warnings) -> IdentityDocument | None:
    """``Passport A123 (Iraq) issued 01 Feb 2005 expires 31 Jan 2010`` and the like; ``None`` for other statements."""
    labelled = _LABEL.fullmatch(statement)
    if not labelled:
        return None
    tail = _DOCUMENT_TAIL.fullmatch(labelled["tail"])
    if not tail:
        return None
    number = tail["number"].strip()
    if not _NUMBER.fullmatch(number) or not any(char.isdigit() for char in number) or len(number) > 64:
        return None
    kind = DOCUMENT_LABELS[labelled["label"]]
    notes = [labelled["label"]] if labelled["label"] not in ("Passport",) else []
    country = None
    if tail["country"]:
        country = warnings.country(tail["country"], f"{kind} issuing country")
        if country is None:
            notes.append(f"issued by {tail['country']}")
    issued = _full_date(tail["issued"], "issued", notes)
    expires = _full_date(tail["expires"], "expires", notes)
    return IdentityDocument(
        type=kind,
        number=number,
        country=country,
        issued_on=issued,
        expires_on=expires,
        note="; ".join(notes) or None,
    )


def _full_date(text: str | None, what: str, notes: list[str]) -> date | None:
    """A day-precise date; a date known only to the month or year goes into the notes instead."""
    if not text:
        return None
    if re.fullmatch(_DATE, text):
        try:
            partial = parse_partial(text)
        except (ValueError, KeyError):
            partial = None
        if partial is not None and (full := partial.as_date()) is not None:
            return full
    notes.append(f"{what} {text}")
    return None
