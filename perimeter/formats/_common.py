"""Helpers the watch-list parsers share: decoding, country names, aggregated warnings, readable validation errors."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from perimeter.core.countries import code_from_name
from perimeter.core.errors import ParseError

# Country fields that say "we do not know" rather than naming a place: no code, and nothing to warn about.
_NO_COUNTRY = frozenset({"", "-0-", "undetermined", "unknown", "na", "n/a", "none", "none identified"})


def decode_legacy(data: bytes) -> str:
    """Text of a publisher's file whose encoding is not declared: UTF-8 (with or without BOM), else Windows-1252.

    Windows-1252 leaves five byte values undefined; a file holding them is read as Latin-1, which never fails.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def decode_utf8(data: bytes, source: str) -> str:
    """Text of a file that must be UTF-8, or :class:`ParseError` at the line of the first byte that is not."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ParseError(source, f"line {line}", f"the file is not UTF-8 (byte 0x{data[error.start]:02x})") from None


@lru_cache(maxsize=4096)
def country_code(name: str) -> str | None:
    """The code of a country name as the lists write it (``Region: Gaza`` included); ``None`` if none is known."""
    text = name.strip().rstrip(".").strip()
    code = code_from_name(text)
    if code is None and text.lower().startswith("region:"):
        code = code_from_name(text.split(":", 1)[1])
    return code


def says_unknown(name: str) -> bool:
    """True for the words lists write when they do not know the country (``undetermined``, ``na``...)."""
    return name.strip().rstrip(".").strip().lower() in _NO_COUNTRY


class Warnings:
    """Warnings counted by kind, so that a thousand unresolved names make one line each, not a thousand lines."""

    def __init__(self) -> None:
        self._counts: Counter[str] = Counter()

    def add(self, message: str) -> None:
        self._counts[message] += 1

    def country(self, name: str, where: str) -> str | None:
        """The code of a country written as a name; ``None`` (with a warning unless it says "unknown") otherwise."""
        code = country_code(name)
        if code is None and not says_unknown(name):
            self.add(f"{where}: country {name.strip()!r} not recognised; kept as text")
        return code

    def lines(self) -> list[str]:
        return [
            message if count == 1 else f"{message} ({count} times)" for message, count in sorted(self._counts.items())
        ]


def field_path(loc: tuple[int | str, ...], renames: dict[str, str] | None = None) -> str:
    """``("names", 0, "full")`` -> ``"names[0].full"``, renaming model fields to the names the file uses."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            name = (renames or {}).get(part, part)
            path += f".{name}" if path else name
    return path or "(record)"


def error_message(item: ErrorDetails) -> str:
    """What one pydantic error says, without pydantic's ``Value error,`` prefix."""
    if item["type"] == "extra_forbidden":
        return "is not a field of this format"
    message = str(item["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    value = item.get("input")
    kind = item["type"]
    if (kind in ("enum", "literal_error") or "parsing" in kind) and isinstance(value, str | int | float):
        message += f", not {value!r}"
    return message


def describe_validation(error: ValidationError, renames: dict[str, str] | None = None) -> str:
    """A pydantic error as one readable line per problem: ``field.path: what is wrong``."""
    return "; ".join(
        f"{field_path(tuple(item['loc']), renames)}: {error_message(item)}" for item in error.errors(include_url=False)
    )


def one_line(value: Any) -> str:
    """Whitespace (including line breaks inside an XML element) collapsed to single spaces."""
    return " ".join(str(value).split())
