"""Printing results: JSON for machines, tables for people, one line for errors."""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

import click
from pydantic import BaseModel
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

F = TypeVar("F", bound=Callable[..., Any])


def json_option(function: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")(function)


def to_plain(value: Any) -> Any:
    """Dataclasses, pydantic models, dates and paths as plain JSON values."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {key: to_plain(item) for key, item in dataclasses.asdict(value).items()}
    if isinstance(value, dict):
        return {str(key): to_plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_plain(item) for item in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if hasattr(value, "value") and isinstance(getattr(value, "value", None), str):
        return value.value
    return value


def print_json(value: Any) -> None:
    click.echo(json.dumps(to_plain(value), indent=2, ensure_ascii=False))


def print_table(rows: Sequence[Any], columns: Sequence[str], title: str | None = None) -> None:
    plain = [to_plain(row) for row in rows]
    table = Table(title=title, show_lines=False, header_style="bold")
    for column in columns:
        table.add_column(column.replace("_", " "))
    for row in plain:
        table.add_row(*("" if row.get(column) is None else str(row.get(column)) for column in columns))
    Console().print(table)


def emit(value: Any, as_json: bool, columns: Sequence[str] | None = None, title: str | None = None) -> None:
    """JSON when asked (or when the value is not tabular), else a table of ``columns`` or key/value lines."""
    if as_json or (columns is None and not isinstance(value, dict)):
        print_json(value)
        return
    if columns is not None:
        print_table(value if isinstance(value, list) else [value], columns, title)
        return
    for key, item in to_plain(value).items():
        if isinstance(item, list | dict):
            item = json.dumps(item, ensure_ascii=False) if len(json.dumps(item)) < 200 else f"({len(item)} items)"
        click.echo(f"{key}: {item}")


@contextmanager
def progress_bar(enabled: bool | None = None) -> Iterator[Callable[[str, int, int | None], None] | None]:
    """A progress callback drawing a bar on a terminal (stderr), or ``None`` when not on a terminal."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        yield None
        return
    console = Console(stderr=True)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        tasks: dict[str, Any] = {}

        def update(phase: str, done: int, total: int | None) -> None:
            if phase not in tasks:
                tasks[phase] = bar.add_task(phase, total=total)
            bar.update(tasks[phase], completed=done, total=total)

        yield update
