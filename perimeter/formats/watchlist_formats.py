"""The registry of watch-list formats: a name, the files a directory holds for it, and its pure parser.

The service that reads files (from disk or from the publisher) looks a format up here and calls ``parse`` with
``(source_name, content)`` pairs in the order of ``files``, or with one pair for a single-file format.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from perimeter.core.errors import InvalidInput
from perimeter.formats.national_list import parse_national_csv, parse_national_jsonl
from perimeter.formats.ofac import parse_ofac
from perimeter.formats.un_list import parse_un_consolidated
from perimeter.formats.watchlist_source import ListContext, ParsedList

Parts = Sequence[tuple[str, bytes]]


@dataclass(frozen=True)
class WatchlistFormat:
    name: str
    description: str
    files: tuple[str, ...]  # the files a directory holds for this format, in the order ``parse`` takes them
    parse: Callable[[Parts, ListContext], ParsedList]
    #: Files that may follow ``files`` when the directory has them (OFAC's remarks continuations).
    optional_files: tuple[str, ...] = ()


def _ofac(id_prefix: str, files: tuple[str, ...]) -> Callable[[Parts, ListContext], ParsedList]:
    def parse(parts: Parts, context: ListContext) -> ParsedList:
        if len(parts) not in (3, 4):
            raise InvalidInput(
                f"the {id_prefix} format needs 3 files ({', '.join(files)}), optionally a 4th with the remarks"
                f" continued; got {len(parts)}"
            )
        (primary_name, primary), (alias_name, aliases), (address_name, addresses) = parts[:3]
        return parse_ofac(
            primary,
            aliases,
            addresses,
            context,
            id_prefix=id_prefix,
            source_names=(primary_name, alias_name, address_name),
            comments=parts[3] if len(parts) == 4 else None,
        )

    return parse


def _single(
    format_name: str, parser: Callable[[bytes, ListContext, str], ParsedList]
) -> Callable[[Parts, ListContext], ParsedList]:
    def parse(parts: Parts, context: ListContext) -> ParsedList:
        if len(parts) != 1:
            raise InvalidInput(f"the {format_name} format is one file; got {len(parts)}")
        (source, content), *_ = parts
        return parser(content, context, source)

    return parse


_SDN_FILES = ("sdn.csv", "alt.csv", "add.csv")
_NONSDN_FILES = ("cons_prim.csv", "cons_alt.csv", "cons_add.csv")

WATCHLIST_FORMATS: dict[str, WatchlistFormat] = {
    fmt.name: fmt
    for fmt in (
        WatchlistFormat(
            "ofac-sdn",
            "US Treasury OFAC Specially Designated Nationals list (legacy CSV)",
            _SDN_FILES,
            _ofac("ofac-sdn", _SDN_FILES),
            optional_files=("sdn_comments.csv",),
        ),
        WatchlistFormat(
            "ofac-nonsdn",
            "US Treasury OFAC consolidated non-SDN list (legacy CSV)",
            _NONSDN_FILES,
            _ofac("ofac-nonsdn", _NONSDN_FILES),
            optional_files=("cons_comments.csv",),
        ),
        WatchlistFormat(
            "un-consolidated",
            "UN Security Council consolidated sanctions list (XML)",
            (),
            _single("un-consolidated", parse_un_consolidated),
        ),
        WatchlistFormat(
            "jsonl",
            "national list, JSON Lines (docs/national-list-format.md)",
            (),
            _single("jsonl", parse_national_jsonl),
        ),
        WatchlistFormat(
            "csv",
            "national list, CSV (docs/national-list-format.md)",
            (),
            _single("csv", parse_national_csv),
        ),
    )
}
