"""The national-list format: the watch list an agency exports from its own system, as JSON Lines or CSV.

Both forms carry the fields of :class:`~perimeter.records.watchlist.WatchlistEntry` except ``list_name`` and
``owner_node``, which come from the list being loaded; the record id is called ``id`` and is kept as given.
The format is documented, with complete examples, in ``docs/national-list-format.md``. Files must be UTF-8.
An edition is read whole: the first error (invalid JSON, a field that does not validate, a duplicate id) raises
:class:`ParseError` naming the line, and the field or column.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from perimeter.core.errors import ParseError
from perimeter.formats._common import decode_utf8, describe_validation
from perimeter.formats._national_csv import read_csv_rows
from perimeter.formats.watchlist_source import ListContext, ParsedList
from perimeter.records.watchlist import WatchlistEntry

_FROM_CONTEXT = ("list_name", "owner_node")


def parse_national_jsonl(data: bytes, context: ListContext, source: str) -> ParsedList:
    """One entry per line, as a JSON object; blank lines are allowed."""
    entries = _Entries(source)
    for number, line in enumerate(decode_utf8(data, source).split("\n"), 1):
        if not line.strip():
            continue
        location = f"line {number}"
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            raise ParseError(source, location, f"invalid JSON at column {error.colno}: {error.msg}") from None
        if not isinstance(value, dict):
            raise ParseError(source, location, f"expected a JSON object, found {type(value).__name__}")
        for key in _FROM_CONTEXT:
            if key in value:
                raise ParseError(source, location, f"{key}: is set by the list being loaded, not by the file")
        if "record_id" in value:
            raise ParseError(source, location, "record_id: is not a field of this format (the record id is 'id')")
        payload = {("record_id" if key == "id" else key): item for key, item in value.items()}
        try:
            entry = _validate(payload, context)
        except ValidationError as error:
            raise ParseError(source, location, describe_validation(error, {"record_id": "id"})) from None
        entries.add(entry, number)
    return entries.parsed()


def parse_national_csv(data: bytes, context: ListContext, source: str) -> ParsedList:
    """A header row, then one entry per row; multi-valued cells separated by ``|`` (see the format's document)."""
    entries = _Entries(source)
    for row in read_csv_rows(decode_utf8(data, source), source):
        try:
            entry = _validate(row.payload, context)
        except ValidationError as error:
            column, reason = row.explain(error)
            raise ParseError(source, f"line {row.line}, column {column}", reason) from None
        entries.add(entry, row.line)
    return entries.parsed()


def _validate(payload: dict[str, Any], context: ListContext) -> WatchlistEntry:
    payload.setdefault("sensitivity", context.sensitivity)
    return WatchlistEntry.model_validate({**payload, "list_name": context.list_name, "owner_node": context.owner_node})


class _Entries:
    """The entries read so far, refusing a second use of an id."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.entries: list[WatchlistEntry] = []
        self.lines: dict[str, int] = {}

    def add(self, entry: WatchlistEntry, line: int) -> None:
        if entry.record_id in self.lines:
            raise ParseError(
                self.source,
                f"line {line}",
                f"id {entry.record_id!r} is already used on line {self.lines[entry.record_id]}",
            )
        self.lines[entry.record_id] = line
        self.entries.append(entry)

    def parsed(self) -> ParsedList:
        if not self.entries:
            raise ParseError(self.source, None, "the file holds no entries")
        return ParsedList(entries=self.entries)
