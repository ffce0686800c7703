"""The document-status load file: CSV or JSON Lines, one document per line (pure: bytes in, lines out).

CSV header: ``issuing_country,document_type,number,status,reported_on`` and, optionally, ``holder_surname``,
``holder_given_names``, ``holder_birth_date``, ``reporting_authority``, ``remarks``, ``sensitivity``,
``retain_until``. JSON Lines: one object per line with the same keys. A status of ``cleared`` or ``recovered``
says the document is no longer reported, and clears its record.

Every problem is a :class:`ParseError` naming the file, the line and the reason; nothing is returned partially.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError

from perimeter.core.errors import InvalidInput, ParseError
from perimeter.records.documents import CLEARING_STATUSES, DocumentReference, DocumentStatusRecord

REQUIRED_COLUMNS = ("issuing_country", "document_type", "number", "status", "reported_on")
OPTIONAL_COLUMNS = (
    "holder_surname",
    "holder_given_names",
    "holder_birth_date",
    "reporting_authority",
    "remarks",
    "sensitivity",
    "retain_until",
)
FORMATS = ("csv", "jsonl")


@dataclass(frozen=True)
class StatusLine:
    """One line of a load file: the record it reports, or (``record`` is ``None``) the document it clears."""

    line: int
    reference: DocumentReference
    record: DocumentStatusRecord | None
    reported_on: date


def format_for(name: str) -> str:
    """``csv`` or ``jsonl`` from a file name's extension."""
    lowered = name.lower()
    if lowered.endswith(".csv"):
        return "csv"
    if lowered.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    raise InvalidInput(f"{name}: cannot tell the format from the extension; say csv or jsonl")


def parse(source: str, content: bytes, owner_node: str, fmt: str, today: date | None = None) -> list[StatusLine]:
    """Every line of a load file, validated, with duplicates refused; ``today`` refuses dates in the future.

    Empty fields (CSV) and nulls (JSON) mean "not given".
    """
    return list(iter_lines(source, content, owner_node, fmt, today))


def iter_lines(
    source: str, content: bytes, owner_node: str, fmt: str, today: date | None = None
) -> Iterator[StatusLine]:
    """The lines of :func:`parse` one at a time, so a large file need not be held as records all at once.

    An error is raised when its line is reached: a caller writes nothing before the iteration has ended.
    """
    if fmt not in FORMATS:
        raise InvalidInput(f"unknown document file format {fmt!r}; formats are: {', '.join(FORMATS)}")
    text = _decode(source, content)
    truncated_at = None if not text or text.endswith("\n") else text.count("\n") + 1
    rows = _csv_rows(source, text, truncated_at) if fmt == "csv" else _jsonl_rows(source, text, truncated_at)
    seen: dict[tuple[str, str, str], int] = {}
    for number, values in rows:
        try:
            parsed = _line(number, values, owner_node, today)
        except ParseError:
            raise
        except (InvalidInput, ValidationError) as error:
            raise ParseError(source, f"line {number}", _reason(error, truncated_at == number)) from None
        ref = parsed.reference
        key = (ref.issuing_country, ref.document_type.value, ref.number_key)
        if key in seen:
            raise ParseError(
                source,
                f"line {number}",
                f"document {ref.issuing_country} {ref.document_type.value} {ref.number} is already on line {seen[key]}"
                " (numbers are compared without spaces or dashes, letter O read as zero)",
            )
        seen[key] = number
        yield parsed


def _decode(source: str, content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise ParseError(source, f"line {line}", f"not UTF-8 text (byte {content[error.start]:#04x})") from None


def _csv_rows(source: str, text: str, truncated_at: int | None) -> Iterator[tuple[int, dict[str, Any]]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise ParseError(source, "line 1", f"the header is not valid CSV: {error}") from None
    if header is None:
        raise ParseError(source, None, "the file is empty; it needs a header line")
    columns = [name.strip() for name in header]
    unknown = [name for name in columns if name not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if unknown or missing:
        problem = f"unknown column(s) {', '.join(unknown)}" if unknown else f"missing column(s) {', '.join(missing)}"
        raise ParseError(
            source,
            "line 1",
            f"{problem}; the header needs {','.join(REQUIRED_COLUMNS)} (optional: {', '.join(OPTIONAL_COLUMNS)})",
        )
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            hint = " (the file ends inside a quoted field: is it truncated?)" if "end of data" in str(error) else ""
            raise ParseError(source, f"line {reader.line_num}", f"not valid CSV: {error}{hint}") from None
        number = reader.line_num
        if not fields or fields == [""]:
            continue
        if len(fields) != len(columns):
            hint = " (the file ends in the middle of this line: is it truncated?)" if number == truncated_at else ""
            raise ParseError(
                source, f"line {number}", f"{len(fields)} fields where the header has {len(columns)}{hint}"
            )
        yield number, {name: text for name, value in zip(columns, fields, strict=True) if (text := value.strip())}


def _jsonl_rows(source: str, text: str, truncated_at: int | None) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            continue
        try:
            value = json.loads(raw)
        except json.JSONDecodeError as error:
            hint = " (the file ends in the middle of this line: is it truncated?)" if number == truncated_at else ""
            raise ParseError(
                source, f"line {number}", f"not valid JSON: {error.msg} at column {error.colno}{hint}"
            ) from None
        if not isinstance(value, dict):
            raise ParseError(source, f"line {number}", f"expected a JSON object, found {type(value).__name__}")
        unknown = sorted(set(value) - set(REQUIRED_COLUMNS) - set(OPTIONAL_COLUMNS))
        if unknown:
            fields = ", ".join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)
            raise ParseError(source, f"line {number}", f"unknown field(s) {', '.join(unknown)}; fields are {fields}")
        yield number, {name: item for name, item in value.items() if item is not None and item != ""}


def _line(number: int, values: dict[str, Any], owner_node: str, today: date | None) -> StatusLine:
    missing = [name for name in REQUIRED_COLUMNS if name not in values]
    if missing:
        raise InvalidInput(f"{', '.join(missing)} must not be empty")
    reported_on = _date(values["reported_on"], today)
    if str(values["status"]).strip().lower() in CLEARING_STATUSES:
        reference = DocumentReference.model_validate(
            {key: values[key] for key in ("issuing_country", "document_type", "number")}
        )
        return StatusLine(number, reference, None, reported_on)
    values["reported_on"], values["owner_node"] = reported_on, owner_node
    record = DocumentStatusRecord.model_validate(values)
    return StatusLine(number, record, record, reported_on)


def _date(value: Any, today: date | None) -> date:
    if isinstance(value, date):
        day = value
    else:
        try:
            day = date.fromisoformat(str(value).strip())
        except ValueError:
            raise InvalidInput(f"reported_on: {value!r} is not a date of the form YYYY-MM-DD") from None
    if today is not None and day > today:
        raise InvalidInput(f"reported_on: {day.isoformat()} is in the future")
    return day


def _reason(error: Exception, truncated: bool) -> str:
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        message = str(first["msg"]).removeprefix("Value error, ")
        if first["type"] == "extra_forbidden":
            message = "unknown field"
        reason = f"{where}: {message}" if where else message
    else:
        reason = str(error)
    return reason + (" (the file ends in the middle of this line: is it truncated?)" if truncated else "")
