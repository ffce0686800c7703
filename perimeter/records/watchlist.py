"""Watch-list entries: a person, organisation, vessel or aircraft that an owner asks partners to look out for."""

from __future__ import annotations

import hashlib
from datetime import date
from enum import StrEnum

from pydantic import Field, field_validator, model_validator

from perimeter.core.dates import PartialDate
from perimeter.records.common import CountryCode, Record, Sensitivity


class SubjectType(StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"
    VESSEL = "vessel"
    AIRCRAFT = "aircraft"


class Category(StrEnum):
    """Why the subject is listed; agreements and targeting rules select on it."""

    TERRORISM = "terrorism"
    IMMIGRATION_LOOKOUT = "immigration-lookout"
    CRIMINAL = "criminal"
    SANCTIONS = "sanctions"
    ORGANISED_CRIME = "organised-crime"
    MISSING_PERSON = "missing-person"
    OTHER = "other"


class NameKind(StrEnum):
    PRIMARY = "primary"
    ALIAS = "alias"
    FORMERLY = "formerly"  # a former name of an organisation or a vessel
    ORIGINAL_SCRIPT = "original-script"  # the primary name written in its own script


class AliasQuality(StrEnum):
    """Strong aliases identify the subject as well as the primary name; weak ones (a nickname) only point."""

    STRONG = "strong"
    WEAK = "weak"


class Gender(StrEnum):
    MALE = "male"
    FEMALE = "female"
    OTHER = "other"


class Name(Record):
    """One name of a subject; every alias is a name in its own right and is screened as such."""

    full: str = Field(min_length=1, max_length=500)
    kind: NameKind = NameKind.PRIMARY
    quality: AliasQuality = AliasQuality.STRONG
    given: str | None = None
    family: str | None = None
    script: str | None = Field(default=None, description="ISO 15924 code when known, e.g. Latn, Arab, Cyrl")

    @field_validator("full")
    @classmethod
    def _collapse_spaces(cls, value: str) -> str:
        collapsed = " ".join(value.split())
        if not collapsed:
            raise ValueError("a name must not be blank")
        return collapsed


class BirthDate(Record):
    date: PartialDate
    approximate: bool = False


class Place(Record):
    text: str | None = None
    country: CountryCode | None = None


class IdentityDocument(Record):
    type: str = Field(default="passport", description="passport, national-id, visa, driving-licence, other")
    number: str = Field(min_length=1, max_length=64)
    country: CountryCode | None = Field(default=None, description="issuing country")
    issued_on: date | None = None
    expires_on: date | None = None
    note: str | None = None


class Address(Record):
    street: str | None = None
    city: str | None = None
    region: str | None = None
    postal_code: str | None = None
    country: CountryCode | None = None
    text: str | None = Field(default=None, description="the address as the source wrote it, when not split")
    note: str | None = None


class WatchlistEntry(Record):
    """One listed subject, as its owner published it.

    ``record_id`` keeps the source's own identifier (``ofac-sdn:306``, ``un:QDi.001``, a national list's id) so a
    hit can always be traced back to the owner's record.
    """

    record_id: str = Field(min_length=1, max_length=200, pattern=r"^\S+$")
    list_name: str = Field(min_length=1, max_length=100)
    owner_node: str = Field(min_length=1, max_length=100)
    category: Category
    subject_type: SubjectType
    names: tuple[Name, ...] = Field(min_length=1)
    birth_dates: tuple[BirthDate, ...] = ()
    places_of_birth: tuple[Place, ...] = ()
    nationalities: tuple[CountryCode, ...] = ()
    gender: Gender | None = None
    documents: tuple[IdentityDocument, ...] = ()
    addresses: tuple[Address, ...] = ()
    programmes: tuple[str, ...] = Field(default=(), description="sanctions programmes or legal basis")
    legal_basis: str | None = None
    listed_on: date | None = None
    remarks: str | None = None
    handling: str | None = Field(default=None, description="what the owner asks the finding officer to do on a hit")
    sensitivity: Sensitivity = Sensitivity.GREEN
    retain_until: date | None = None

    @model_validator(mode="after")
    def _one_primary_name(self) -> WatchlistEntry:
        if not any(name.kind is NameKind.PRIMARY for name in self.names):
            raise ValueError("an entry needs one name of kind 'primary'")
        return self

    @property
    def primary_name(self) -> str:
        return next(name.full for name in self.names if name.kind is NameKind.PRIMARY)

    def content_hash(self) -> str:
        """A digest of everything the entry says: equal digests mean an unchanged entry on re-load."""
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()
