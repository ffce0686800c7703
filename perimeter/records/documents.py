"""Travel-document status: the lost, stolen, revoked and invalidated documents an issuing country reports.

Only the issuing country's node may add, amend or clear its records (as in INTERPOL's lost-and-stolen database);
records replicated from partners keep their owner node and are read-only here. A record is found by its issuing
country and its *number key* (``perimeter.core.text.document_number_key``: no spaces or dashes, letter O read as
zero), so a number typed or read with those slips still finds it.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, computed_field

from perimeter.core.countries import normalise_code
from perimeter.core.dates import PartialDate
from perimeter.core.errors import InvalidInput
from perimeter.core.text import document_number_key
from perimeter.records.common import Record, Sensitivity

MAX_NUMBER_KEY = 35  # a TD1 number overflowing into the optional data field stays well under this
_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 <-]*$")

# Codes ICAO Doc 9303 lets documents carry that stand for a country we already know under its alpha-3 code.
_ISSUER_EQUIVALENTS = {"D": "DEU"}


class DocumentType(StrEnum):
    PASSPORT = "passport"
    ID_CARD = "id-card"
    VISA = "visa"
    RESIDENCE_PERMIT = "residence-permit"
    TRAVEL_DOCUMENT = "travel-document"
    OTHER = "other"


class DocumentStatus(StrEnum):
    """Why a document must no longer be accepted, in the words the owner reported it with."""

    LOST = "lost"
    STOLEN = "stolen"
    REVOKED = "revoked"
    INVALIDATED = "invalidated"


#: Status words a load file may use to say "this document is no longer reported": the record is cleared.
CLEARING_STATUSES = frozenset({"cleared", "recovered"})

# ICAO Doc 9303 document codes: the first letter says the kind, the second (when any) is the issuer's choice.
_ICAO_TYPES = {
    "P": DocumentType.PASSPORT,
    "I": DocumentType.ID_CARD,
    "A": DocumentType.ID_CARD,
    "C": DocumentType.ID_CARD,
    "V": DocumentType.VISA,
}
_ICAO_TWO_LETTER = {"IR": DocumentType.RESIDENCE_PERMIT, "AR": DocumentType.RESIDENCE_PERMIT}
_TYPE_WORDS = {
    **{kind.value: kind for kind in DocumentType},
    "idcard": DocumentType.ID_CARD,
    "id card": DocumentType.ID_CARD,
    "national-id": DocumentType.ID_CARD,
    "residence permit": DocumentType.RESIDENCE_PERMIT,
    "travel document": DocumentType.TRAVEL_DOCUMENT,
}


def document_type_from_icao(code: str) -> DocumentType:
    """The kind of document an MRZ document code names: ``P`` passport, ``I``/``A``/``C`` ID card, ``V`` visa."""
    code = code.strip().upper().rstrip("<")
    if code in _ICAO_TWO_LETTER:
        return _ICAO_TWO_LETTER[code]
    return _ICAO_TYPES.get(code[:1], DocumentType.OTHER)


def parse_document_type(value: str) -> DocumentType:
    """A document type from its name (``passport``) or its ICAO code (``P``, ``ID``, ``V``)."""
    text = value.strip()
    if text.lower() in _TYPE_WORDS:
        return _TYPE_WORDS[text.lower()]
    if 1 <= len(text) <= 2 and text.isalpha() and text.upper()[0] in _ICAO_TYPES:
        return document_type_from_icao(text)
    allowed = ", ".join(kind.value for kind in DocumentType)
    raise InvalidInput(f"document type {value!r} is not one of {allowed} (or an ICAO code P, I, A, C, V)")


def parse_status(value: str) -> DocumentStatus:
    try:
        return DocumentStatus(value.strip().lower())
    except ValueError:
        allowed = ", ".join(status.value for status in DocumentStatus)
        raise InvalidInput(f"status {value!r} is not one of {allowed} (or cleared / recovered)") from None


def issuing_country(code: str) -> str:
    """The issuer's code as records are keyed by it: validated, upper case, ``D`` read as ``DEU``."""
    value = normalise_code(code, "issuing country")
    return _ISSUER_EQUIVALENTS.get(value, value)


def number_key(number: str) -> str:
    """The key a document number is stored and looked up by, refusing what cannot be a document number."""
    text = number.strip()
    if not _NUMBER.match(text):
        raise InvalidInput(
            f"document number {number!r} may hold only letters A-Z, digits, spaces, dashes and '<' fillers"
        )
    key = document_number_key(text)
    if not key or len(key) > MAX_NUMBER_KEY:
        raise InvalidInput(f"document number {number!r} must have 1 to {MAX_NUMBER_KEY} letters and digits")
    return key


def _checked_number(value: str) -> str:
    number_key(value)
    return " ".join(value.split()).upper()


def _document_type(value: object) -> object:
    return parse_document_type(value) if isinstance(value, str) else value


def _status(value: object) -> object:
    return parse_status(value) if isinstance(value, str) else value


IssuingCountry = Annotated[str, AfterValidator(issuing_country)]
DocumentNumber = Annotated[str, Field(min_length=1, max_length=64), AfterValidator(_checked_number)]
DocumentTypeField = Annotated[DocumentType, BeforeValidator(_document_type)]
StatusField = Annotated[DocumentStatus, BeforeValidator(_status)]
OptionalText = Annotated[str | None, Field(max_length=500)]


class DocumentReference(Record):
    """Which document: issuing country, type and number (the number as written; ``key`` as compared)."""

    issuing_country: IssuingCountry
    document_type: DocumentTypeField = DocumentType.PASSPORT
    number: DocumentNumber

    @computed_field  # type: ignore[prop-decorator]
    @property
    def number_key(self) -> str:
        return document_number_key(self.number)

    @property
    def record_id(self) -> str:
        """The record's id in the change feed and the API path: ``UTO/passport/L898902C3``."""
        return f"{self.issuing_country}/{self.document_type.value}/{self.number_key}"


class DocumentStatusRecord(DocumentReference):
    """One document the issuing country no longer wants accepted, and who said so when."""

    status: StatusField
    reported_on: date
    reporting_authority: OptionalText = None
    holder_surname: OptionalText = None
    holder_given_names: OptionalText = None
    holder_birth_date: PartialDate | None = None
    owner_node: str = Field(min_length=1, max_length=100)
    remarks: Annotated[str | None, Field(max_length=2000)] = None
    sensitivity: Sensitivity = Sensitivity.GREEN
    retain_until: date | None = None
