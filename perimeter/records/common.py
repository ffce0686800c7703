"""Pieces every record kind shares: the sensitivity marking and the validated country code type."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError

from perimeter.core.countries import normalise_code


class Sensitivity(StrEnum):
    """Traffic Light Protocol 2.0 marking: how far the owner lets a record travel."""

    CLEAR = "TLP:CLEAR"
    GREEN = "TLP:GREEN"
    AMBER = "TLP:AMBER"
    AMBER_STRICT = "TLP:AMBER+STRICT"
    RED = "TLP:RED"


CountryCode = Annotated[str, AfterValidator(normalise_code)]
"""An ISO 3166-1 alpha-3 or ICAO code, upper-cased; anything else fails validation with a clear message."""


class Record(BaseModel):
    """Base of the record models: immutable, strict about unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False)


def describe_problems(error: ValidationError, what: str = "record") -> str:
    """A validation error as one line a person can act on: ``field: problem; field: problem``."""
    return "; ".join(
        f"{'.'.join(str(part) for part in item['loc']) or what}: {str(item['msg']).removeprefix('Value error, ')}"
        for item in error.errors()
    )
