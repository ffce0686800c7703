"""Pieces that passenger manifests (API) and passenger name records (PNR) share: documents, flights, addresses."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, Field, model_validator

from perimeter.core.text import mask_card_numbers
from perimeter.records.common import CountryCode, Record

FreeText = Annotated[str, AfterValidator(mask_card_numbers)]
"""Text as a person or system wrote it; any payment card number in it is masked but for its last four digits."""


class TravelDocument(Record):
    """A passport, visa or identity card as the airline reported it (``DOC`` in PAXLST, ``SSR DOCS``/``DOCO`` in a
    PNR). Codes are kept as sent: ``P`` passport, ``V`` visa, ``I``, ``A``, ``C`` identity cards, ..."""

    type: str | None = Field(default=None, min_length=1, max_length=3, pattern=r"^[A-Z0-9]+$")
    number: str | None = Field(default=None, min_length=1, max_length=35)
    issuing_country: CountryCode | None = None
    expires_on: date | None = None
    issued_on: date | None = None
    issue_place: str | None = Field(default=None, max_length=70)

    @model_validator(mode="after")
    def _type_or_number(self) -> TravelDocument:
        if self.type is None and self.number is None:
            raise ValueError("a travel document needs a type or a number")
        return self


class FlightLeg(Record):
    """One flight: carrier, number, airports and scheduled times (local to each airport, as the standards give them).

    ``border_crossing`` is True for the leg reported with PAXLST's ``LOC+125``/``LOC+87`` pair (the last departure
    before, and the first arrival in, the receiving country) and False for a ``LOC+92`` routing leg.
    """

    carrier: str = Field(min_length=2, max_length=3)
    flight_number: str = Field(min_length=1, max_length=8)
    departure_airport: str | None = Field(default=None, min_length=3, max_length=5)
    arrival_airport: str | None = Field(default=None, min_length=3, max_length=5)
    scheduled_departure: datetime | None = None
    scheduled_arrival: datetime | None = None
    leg: int = Field(default=1, ge=1)
    border_crossing: bool = True

    @property
    def designator(self) -> str:
        """``UA0989``: carrier and flight number."""
        return f"{self.carrier}{self.flight_number}"


class Address(Record):
    """A postal address; ``kind`` says whose it is as the source coded it (``ADD`` purpose 700/701/702..., ``DOCA``
    ``R`` residence or ``D`` destination)."""

    kind: str | None = None
    street: str | None = None
    city: str | None = None
    region: str | None = None
    postal_code: str | None = None
    country: CountryCode | None = None
    text: FreeText | None = Field(default=None, description="the address as written, when it is not split")


class Reference(Record):
    """A reference number with its qualifier: ``AVF`` booking reference (PNR locator), ``ABO`` originator's
    reference, ``AEA`` government agency reference, ``CR`` customer reference, ``SEA`` seat, ``TN`` transaction."""

    qualifier: str = Field(min_length=1, max_length=3)
    value: str = Field(min_length=1, max_length=70)
    revision: str | None = None
