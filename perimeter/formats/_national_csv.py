"""The CSV form of the national-list format: rows turned into the same payload the JSON Lines form carries.

A cell holds one value, or several separated by ``|``; documents are ``type:COUNTRY:number``, places of birth
``COUNTRY:text``, birth dates ``YYYY[-MM[-DD]]`` with a leading ``~`` when approximate. Empty cells are absent values.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from perimeter.core.errors import ParseError
from perimeter.formats._common import error_message, field_path

COLUMNS = (
    "id",
    "category",
    "subject_type",
    "name",
    "aliases",
    "weak_aliases",
    "birth_dates",
    "nationalities",
    "gender",
    "documents",
    "places_of_birth",
    "listed_on",
    "handling",
    "sensitivity",
    "remarks",
)
REQUIRED = ("id", "category", "subject_type", "name")
_SINGLE = {
    "id": "record_id",
    "category": "category",
    "subject_type": "subject_type",
    "gender": "gender",
    "listed_on": "listed_on",
    "handling": "handling",
    "sensitivity": "sensitivity",
    "remarks": "remarks",
}
_LISTS = ("birth_dates", "nationalities", "documents", "places_of_birth")
_COLUMN_OF_FIELD = {model_field: column for column, model_field in _SINGLE.items()} | {name: name for name in _LISTS}
_NAME_COLUMNS = (("name", "primary", "strong"), ("aliases", "alias", "strong"), ("weak_aliases", "alias", "weak"))


@dataclass
class CsvRow:
    """One data row: the line it starts on, the payload for the record model, and which cell each item came from."""

    line: int
    payload: dict[str, Any] = field(default_factory=dict)
    items: dict[str, list[str]] = field(default_factory=dict)  # the items of each multi-valued cell
    names: list[tuple[str, str]] = field(default_factory=list)  # (column, value) of each name, in payload order

    def explain(self, error: ValidationError) -> tuple[str, str]:
        """The column the first validation error is about, and the reason, quoting the item it is about."""
        first = error.errors(include_url=False)[0]
        loc = tuple(first["loc"])
        index = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else None
        value = None
        if loc and loc[0] == "names" and index is not None:
            column, value = self.names[index]
        else:
            column = _COLUMN_OF_FIELD.get(str(loc[0]), "(row)") if loc else "(row)"
            if index is not None and index < len(self.items.get(column, [])):
                value = self.items[column][index]
        reason = error_message(first)
        if len(loc) > 2:
            reason = f"{field_path(loc[2:])}: {reason}"
        if value is not None and repr(value) not in reason:
            reason = f"{value!r}: {reason}"
        return column, reason


def read_csv_rows(text: str, source: str) -> Iterator[CsvRow]:
    """The data rows of a national-list CSV file, after checking its header."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [cell.strip() for cell in next(reader, [])]
    except csv.Error as error:
        raise ParseError(source, "line 1", f"malformed CSV header: {error}") from None
    _check_header(header, source)
    last_line = reader.line_num
    while True:
        start = last_line + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if "unexpected end of data" in str(error):
                reason = "the file ends inside a quoted value: a quote is not closed"
            else:
                reason = f"malformed CSV: {error}"
            raise ParseError(source, f"line {start}", reason) from None
        last_line = reader.line_num
        if all(not value.strip() for value in values):
            continue
        if len(values) != len(header):
            reason = f"expected {len(header)} values (one per header column), found {len(values)}"
            raise ParseError(source, f"line {start}", reason)
        yield _row(start, dict(zip(header, (value.strip() for value in values), strict=True)), source)


def _check_header(header: list[str], source: str) -> None:
    if not any(header):
        raise ParseError(source, "line 1", f"the header row is missing; the columns are: {', '.join(COLUMNS)}")
    unknown = [column for column in header if column not in COLUMNS]
    if unknown:
        names = ", ".join(map(repr, unknown))
        raise ParseError(source, "line 1", f"unknown column(s) {names}; the columns are: {', '.join(COLUMNS)}")
    repeated = sorted({column for column in header if header.count(column) > 1})
    if repeated:
        raise ParseError(source, "line 1", f"column(s) {', '.join(map(repr, repeated))} appear more than once")
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise ParseError(source, "line 1", f"required column(s) {', '.join(map(repr, missing))} missing")


def _split(cell: str) -> list[str]:
    return [item.strip() for item in cell.split("|") if item.strip()]


def _row(line: int, cells: dict[str, str], source: str) -> CsvRow:
    for column in REQUIRED:
        if not cells[column]:
            raise ParseError(source, f"line {line}, column {column}", "is empty; a value is required")
    row = CsvRow(line)
    row.payload = {model_field: cells[column] for column, model_field in _SINGLE.items() if cells.get(column)}
    names = []
    for column, kind, quality in _NAME_COLUMNS:
        for value in [cells["name"]] if column == "name" else _split(cells.get(column, "")):
            names.append({"full": value, "kind": kind, "quality": quality})
            row.names.append((column, value))
    row.payload["names"] = names
    row.items = {column: _split(cells.get(column, "")) for column in _LISTS}
    row.payload["birth_dates"] = [
        {"date": item.removeprefix("~").strip(), "approximate": item.startswith("~")}
        for item in row.items["birth_dates"]
    ]
    row.payload["nationalities"] = row.items["nationalities"]
    row.payload["documents"] = [_document(item, line, source) for item in row.items["documents"]]
    row.payload["places_of_birth"] = [_place(item) for item in row.items["places_of_birth"]]
    return row


def _document(item: str, line: int, source: str) -> dict[str, str | None]:
    parts = [part.strip() for part in item.split(":", 2)]
    if len(parts) != 3 or not parts[0] or not parts[2]:
        raise ParseError(
            source,
            f"line {line}, column documents",
            f"{item!r} is not written type:COUNTRY:number (e.g. passport:USA:123456789; COUNTRY may be empty)",
        )
    return {"type": parts[0], "country": parts[1] or None, "number": parts[2]}


def _place(item: str) -> dict[str, str | None]:
    """``MEX:Tijuana, Baja California``, ``MEX:`` (the country only) or ``Tijuana`` (no country known)."""
    country, colon, text = item.partition(":")
    if not colon:
        return {"text": item, "country": None}
    return {"text": text.strip() or None, "country": country.strip() or None}
