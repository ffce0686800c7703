"""The agreement: a versioned document between two or more nodes saying what each may receive, how, and why.

Written in YAML; each clause governs one kind of record from some owners to some recipients::

    agreement: us-ca-documents
    version: 1
    title: Lost and stolen travel documents, United States and Canada
    parties: [us-cbp, ca-cbsa]
    in_force: 2026-01-01
    expires: 2028-12-31
    clauses:
      - id: lost-stolen-documents
        record_kind: document-status
        level: full                  # the most a recipient may get: hit-no-hit, summary or full
        fields:                      # the complete set each level releases
          summary: [status, issuing_country, document_type]
          full: [status, issuing_country, document_type, number, reported_on]
        purposes: [border-screening, visa-vetting]
        mode: replicated             # or queried
        onward_sharing: false
        retention_days: 365
        response_deadline_hours: 48
        query_limit_per_day: 100000

``owners`` and ``recipients`` (node ids) narrow a clause to some parties; ``categories`` narrows a watch-list
clause to some categories (e.g. ``[terrorism]``). A hit-no-hit answer never carries a field.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from perimeter.core.errors import InvalidInput
from perimeter.records.common import describe_problems


class Level(StrEnum):
    HIT_NO_HIT = "hit-no-hit"
    SUMMARY = "summary"
    FULL = "full"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Level.HIT_NO_HIT: 0, Level.SUMMARY: 1, Level.FULL: 2}


class Mode(StrEnum):
    REPLICATED = "replicated"
    QUERIED = "queried"


_ID = r"^[a-z0-9][a-z0-9._-]{0,98}[a-z0-9]$"


class Clause(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=_ID)
    record_kind: str = Field(min_length=1)
    level: Level
    fields: dict[Level, list[str]] = Field(default_factory=dict)
    purposes: list[str] = Field(min_length=1)
    mode: Mode = Mode.QUERIED
    owners: list[str] | None = None
    recipients: list[str] | None = None
    categories: list[str] | None = None
    onward_sharing: bool = False
    retention_days: int = Field(ge=0)
    response_deadline_hours: int = Field(ge=1)
    query_limit_per_day: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _fields_fit_levels(self) -> Clause:
        if self.fields.get(Level.HIT_NO_HIT):
            raise ValueError("a hit-no-hit answer releases no field: leave fields.hit-no-hit empty")
        for level in self.fields:
            if level.rank > self.level.rank:
                raise ValueError(f"fields are given for {level.value}, above the clause's level {self.level.value}")
        if self.level is not Level.HIT_NO_HIT and not self.fields.get(self.level):
            raise ValueError(f"the clause's level is {self.level.value}: list the fields it releases")
        summary, full = set(self.fields.get(Level.SUMMARY, [])), set(self.fields.get(Level.FULL, []))
        if full and not summary <= full:
            raise ValueError(f"full must release every summary field; missing {sorted(summary - full)}")
        return self

    def released(self, level: Level) -> frozenset[str]:
        """The fields an answer at ``level`` may carry under this clause."""
        return frozenset(self.fields.get(level, [])) if level.rank <= self.level.rank else frozenset()

    def covers(self, owner: str, recipient: str) -> bool:
        return (self.owners is None or owner in self.owners) and (
            self.recipients is None or recipient in self.recipients
        )


class Agreement(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    agreement: str = Field(pattern=_ID)
    version: int = Field(ge=1)
    title: str = ""
    parties: list[str] = Field(min_length=2)
    in_force: date
    expires: date
    clauses: list[Clause] = Field(min_length=1)

    @field_validator("parties")
    @classmethod
    def _distinct(cls, parties: list[str]) -> list[str]:
        if len(set(parties)) != len(parties):
            raise ValueError("each party is named once")
        return parties

    @model_validator(mode="after")
    def _consistent(self) -> Agreement:
        if self.expires <= self.in_force:
            raise ValueError(f"expires ({self.expires}) must come after in_force ({self.in_force})")
        ids = [clause.id for clause in self.clauses]
        if len(set(ids)) != len(ids):
            raise ValueError("clause ids must be unique")
        for clause in self.clauses:
            strangers = set(clause.owners or []) | set(clause.recipients or [])
            if not strangers <= set(self.parties):
                raise ValueError(f"clause {clause.id} names non-parties: {sorted(strangers - set(self.parties))}")
        return self

    @property
    def purposes(self) -> frozenset[str]:
        return frozenset(purpose for clause in self.clauses for purpose in clause.purposes)

    def in_force_on(self, day: date) -> bool:
        return self.in_force <= day <= self.expires

    def clause(self, clause_id: str) -> Clause:
        for clause in self.clauses:
            if clause.id == clause_id:
                return clause
        raise InvalidInput(f"agreement {self.agreement} v{self.version} has no clause {clause_id!r}")


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_document(text: str, source: str = "agreement") -> dict[str, Any]:
    """The parsed YAML document (signatures included), or a precise error."""
    try:
        document = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as error:
        raise InvalidInput(f"{source}: not valid YAML: {error}") from None
    if not isinstance(document, dict):
        raise InvalidInput(f"{source}: an agreement is a YAML mapping (agreement, version, parties, clauses, ...)")
    return document


def validate(document: dict[str, Any], source: str = "agreement") -> Agreement:
    body = {key: value for key, value in document.items() if key != "signatures"}
    try:
        return Agreement.model_validate(body)
    except ValidationError as error:
        raise InvalidInput(f"{source}: {describe_problems(error, 'agreement')}") from None
