"""Where editions come from: files on disk, or the publisher's site. Reads bytes, then hands them to the parsers."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import httpx

from perimeter.core.access import Actor, Permission
from perimeter.core.errors import InvalidInput, NotFound, PerimeterError, Unavailable
from perimeter.formats.watchlist_formats import WATCHLIST_FORMATS, WatchlistFormat
from perimeter.services.node import Node
from perimeter.services.watchlist_loading import LoadReport, ProgressCallback, list_context, load_parsed

# Lists read from the national-list format are one kind of list whatever the file type (JSON Lines or CSV).
NATIONAL_FORMATS = frozenset({"jsonl", "csv"})
FETCHABLE = ("ofac-sdn", "ofac-nonsdn", "un-consolidated")


def get_format(name: str) -> WatchlistFormat:
    try:
        return WATCHLIST_FORMATS[name]
    except KeyError:
        raise InvalidInput(
            f"unknown list format {name!r}; formats are: {', '.join(sorted(WATCHLIST_FORMATS))}"
        ) from None


def list_kind(format_name: str) -> str:
    return "national" if format_name in NATIONAL_FORMATS else format_name


def read_files(fmt: WatchlistFormat, path: Path) -> list[tuple[str, bytes]]:
    """The (name, content) pairs a format needs, from a file or from the directory that holds its files."""
    if not path.exists():
        raise NotFound(f"{path}: no such file or directory")
    if not fmt.files:
        if path.is_dir():
            raise InvalidInput(f"{path} is a directory; the {fmt.name} format is one file")
        return [(str(path), path.read_bytes())]
    directory = path if path.is_dir() else path.parent
    if path.is_file() and path.name not in fmt.files:
        raise InvalidInput(f"{path}: the {fmt.name} format reads {', '.join(fmt.files)} from one directory")
    missing = [name for name in fmt.files if not (directory / name).is_file()]
    if missing:
        raise NotFound(
            f"{directory}: missing {', '.join(missing)} (the {fmt.name} format needs {', '.join(fmt.files)})"
        )
    return [(str(directory / name), (directory / name).read_bytes()) for name in fmt.files]


def download(urls: Sequence[str], timeout: float, optional: Sequence[str] = ()) -> list[tuple[str, bytes]]:
    """Download ``urls`` (all needed) and then ``optional`` (skipped when the publisher does not have them)."""
    parts = []
    with httpx.Client(timeout=timeout, follow_redirects=True) as client:
        for url in [*urls, *optional]:
            try:
                response = client.get(url)
                response.raise_for_status()
            except httpx.HTTPStatusError as error:
                if url in optional and error.response.status_code == 404:
                    continue
                status = error.response.status_code
                raise Unavailable(f"could not download {url}: the server answered {status}") from None
            except httpx.HTTPError as error:
                raise Unavailable(f"could not download {url}: {type(error).__name__}: {error}") from None
            if not response.content:
                raise Unavailable(f"could not download {url}: the server sent an empty file")
            parts.append((url, response.content))
    return parts


def publisher_urls(node: Node, format_name: str) -> tuple[list[str], list[str]]:
    """The URLs of the publisher's current edition: (needed, optional)."""
    settings = node.settings
    if format_name in ("ofac-sdn", "ofac-nonsdn"):
        base = (settings.ofac_sdn_url if format_name == "ofac-sdn" else settings.ofac_nonsdn_url).rstrip("/")
        fmt = WATCHLIST_FORMATS[format_name]
        return [f"{base}/{name}" for name in fmt.files], [f"{base}/{name}" for name in fmt.optional_files]
    if format_name == "un-consolidated":
        return [settings.un_list_url], []
    raise InvalidInput(f"{format_name!r} has no publisher to fetch from; fetchable lists: {', '.join(FETCHABLE)}")


def load_file(
    node: Node,
    actor: Actor,
    list_name: str,
    format_name: str,
    path: Path,
    *,
    description: str = "",
    progress: ProgressCallback | None = None,
) -> LoadReport:
    """Load an edition from disk (``perimeter watchlist load``)."""
    actor.require(Permission.WATCHLIST_WRITE)
    fmt = get_format(format_name)
    if progress:
        progress("reading", 0, None)
    parts = read_files(fmt, path)
    return _parse_and_load(node, actor, list_name, fmt, parts, str(path), description, progress)


def load_content(
    node: Node,
    actor: Actor,
    list_name: str,
    format_name: str,
    parts: Sequence[tuple[str, bytes]],
    *,
    description: str = "",
    progress: ProgressCallback | None = None,
) -> LoadReport:
    """Load an edition already in memory (an upload through the API)."""
    actor.require(Permission.WATCHLIST_WRITE)
    fmt = get_format(format_name)
    expected = len(fmt.files) or 1
    if not expected <= len(parts) <= expected + len(fmt.optional_files):
        raise InvalidInput(f"the {fmt.name} format needs {expected} file(s), got {len(parts)}")
    source = ", ".join(name for name, _ in parts)
    return _parse_and_load(node, actor, list_name, fmt, parts, source, description, progress)


def fetch(
    node: Node, actor: Actor, format_name: str, list_name: str | None = None, progress: ProgressCallback | None = None
) -> LoadReport:
    """Download the publisher's current edition and load it (``perimeter watchlist fetch``)."""
    actor.require(Permission.WATCHLIST_WRITE)
    fmt = get_format(format_name)
    urls, optional = publisher_urls(node, format_name)
    if progress:
        progress("downloading", 0, None)
    parts = download(urls, node.settings.http_timeout_seconds, optional)
    return _parse_and_load(node, actor, list_name or format_name, fmt, parts, ", ".join(urls), "", progress)


def _parse_and_load(
    node: Node,
    actor: Actor,
    list_name: str,
    fmt: WatchlistFormat,
    parts: Sequence[tuple[str, bytes]],
    source: str,
    description: str,
    progress: ProgressCallback | None,
) -> LoadReport:
    context = list_context(node, list_name)
    try:
        if progress:
            progress("parsing", 0, None)
        parsed = fmt.parse(parts, context)
        return load_parsed(
            node,
            actor,
            list_name,
            list_kind(fmt.name),
            parsed,
            source=source,
            content=[content for _, content in parts],
            description=description or fmt.description,
            progress=progress,
        )
    except PerimeterError as error:
        # The edition was refused and nothing was written; the refusal itself is worth a line in the audit trail.
        with node.db.write() as connection:
            node.audit(connection, actor, "watchlist.load.rejected", list_name, source=source, reason=error.message)
        raise
