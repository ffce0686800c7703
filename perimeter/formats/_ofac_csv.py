"""The legacy CSV files of OFAC (``sdn.csv``, ``alt.csv``, ``add.csv`` and the non-SDN ``cons_*.csv``), row by row.

No header; every line has a fixed number of columns; text is quoted, numbers are not, and ``-0-`` (often followed by
a space) means empty. Each file ends with a DOS end-of-file byte (0x1A) after its last line break. A row is read
whole or the file is refused: a wrong column count, a quote left open or a file cut in the middle of a line raise
:class:`ParseError` with the line number.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

from perimeter.core.errors import ParseError
from perimeter.formats._common import decode_legacy

_EMPTY = "-0-"
_INTEGER = re.compile(r"[0-9]+")

SDN_COLUMNS = (
    "ent_num",
    "SDN_Name",
    "SDN_Type",
    "Program",
    "Title",
    "Call_Sign",
    "Vess_type",
    "Tonnage",
    "GRT",
    "Vess_flag",
    "Vess_owner",
    "Remarks",
)
ALT_COLUMNS = ("ent_num", "alt_num", "alt_type", "alt_name", "alt_remarks")
ADD_COLUMNS = ("ent_num", "add_num", "address", "city_state_postal", "country", "add_remarks")
COMMENTS_COLUMNS = ("ent_num", "remarks_continued")


@dataclass(frozen=True)
class Row:
    """One CSV record: the line it starts on and its values by column name (``-0-`` read as ``""``)."""

    line: int
    values: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.values[column]

    def integer(self, column: str, source: str) -> int:
        value = self.values[column]
        if not _INTEGER.fullmatch(value):
            raise ParseError(source, f"line {self.line}", f"{column} {value!r} is not a whole number")
        return int(value)


def read_rows(data: bytes, source: str, columns: tuple[str, ...]) -> Iterator[Row]:
    """The rows of one OFAC CSV file, each checked for its column count; ``ParseError`` at the first bad line."""
    text = decode_legacy(data).rstrip("\x1a")
    ends_cleanly = not text or text.endswith(("\n", "\r"))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    last_line = 0
    while True:
        start = last_line + 1
        try:
            fields = next(reader)
        except StopIteration:
            if not ends_cleanly:
                raise ParseError(
                    source, f"line {last_line}", "the file ends in the middle of this line: it looks truncated"
                ) from None
            return
        except csv.Error as error:
            if reader.line_num >= text.count("\n") + 1 and not ends_cleanly:
                reason = f"the file ends inside a quoted value begun on line {start}: it looks truncated"
            else:
                reason = f"malformed CSV ({error}); a quote is probably not closed"
            raise ParseError(source, f"line {start}", reason) from None
        last_line = reader.line_num
        if not fields or fields == [""]:
            continue
        if last_line != start:
            raise ParseError(
                source,
                f"line {start}",
                f"a quoted value runs on to line {last_line}: a quote is probably not closed",
            )
        if len(fields) != len(columns):
            reason = f"expected {len(columns)} columns ({', '.join(columns)}), found {len(fields)}"
            if not ends_cleanly and last_line >= text.count("\n") + 1:
                reason += "; the file ends in the middle of this line: it looks truncated"
            raise ParseError(source, f"line {start}", reason)
        values = {}
        for column, value in zip(columns, fields, strict=True):
            value = value.strip()
            values[column] = "" if value == _EMPTY else value
        yield Row(start, values)
