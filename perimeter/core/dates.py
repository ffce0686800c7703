"""Partial dates: a birth date is often known only to the year or the month."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

from perimeter.core.errors import InvalidInput

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class PartialDate:
    """A date known to the year (``1971``), the month (``1971-05``) or the day (``1971-05-30``).

    Serialises as that ISO 8601 text, so it round-trips through JSON and the database unchanged.
    """

    __slots__ = ("day", "month", "year")

    def __init__(self, year: int, month: int | None = None, day: int | None = None) -> None:
        if day is not None and month is None:
            raise InvalidInput("a partial date with a day must also have a month")
        if not 1 <= year <= 9999:
            raise InvalidInput(f"year {year} is out of range")
        if month is not None and not 1 <= month <= 12:
            raise InvalidInput(f"month {month} is out of range in {year}-{month:02d}")
        if day is not None and month is not None:
            try:
                date(year, month, day)
            except ValueError as error:
                raise InvalidInput(f"{year:04d}-{month:02d}-{day:02d} is not a calendar date ({error})") from None
        self.year = year
        self.month = month
        self.day = day

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
        match = _PATTERN.match(text.strip())
        if not match:
            raise InvalidInput(f"{text!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = match.groups()
        return cls(int(year), int(month) if month else None, int(day) if day else None)

    @classmethod
    def from_date(cls, value: date) -> PartialDate:
        return cls(value.year, value.month, value.day)

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def as_date(self) -> date | None:
        """The full date, when the day is known."""
        if self.month is None or self.day is None:
            return None
        return date(self.year, self.month, self.day)

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def __repr__(self) -> str:
        return f"PartialDate({self})"

    def _key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PartialDate) and self._key() == other._key()

    def __lt__(self, other: PartialDate) -> bool:
        return self._key() < other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        def validate(value: Any) -> PartialDate:
            if isinstance(value, PartialDate):
                return value
            if isinstance(value, date):
                return cls.from_date(value)
            if isinstance(value, int):
                return cls(value)
            if isinstance(value, str):
                return cls.parse(value)
            raise InvalidInput(f"{value!r} is not a partial date")

        return core_schema.no_info_plain_validator_function(
            validate, serialization=core_schema.plain_serializer_function_ser_schema(str)
        )

    @classmethod
    def __get_pydantic_json_schema__(cls, _schema: core_schema.CoreSchema, _handler: Any) -> dict[str, Any]:
        return {"type": "string", "pattern": _PATTERN.pattern, "examples": ["1971", "1971-05", "1971-05-30"]}


def parse_date(text: str, what: str = "date") -> date:
    """Read a full ISO 8601 date, with a message that names what was being read."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(f"{what} {text!r} is not a date of the form YYYY-MM-DD") from None
