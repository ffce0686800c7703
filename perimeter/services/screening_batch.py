"""Screening files of queries: ``perimeter screen batch`` and ``screen compare``, and the API's bulk jobs.

A batch streams: lines are read, screened and written in chunks, so a file of any size needs little memory. With
more than one worker the chunks are screened by forked processes that share the loaded index (copy-on-write) and
the analysts' decisions, and come back in input order. The result is written to a temporary file renamed into
place at the end, so a bad line (reported with its line number) leaves no partial result behind.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from perimeter.core.access import Actor, Permission
from perimeter.core.errors import InvalidInput
from perimeter.screening.algorithms import Algorithm
from perimeter.screening.index import CandidateIndex
from perimeter.screening.query import Hit, ScreeningQuery
from perimeter.services import screening_decisions
from perimeter.services.node import Node
from perimeter.services.screening import check_purpose, screener

CHUNK = 200  # queries per unit of work
Suppressions = dict[str, dict[tuple[str, str, str], int]]
BatchProgress = Callable[[str, int, int | None], None]

# What a worker screens with: (algorithm, index, threshold, suppressions, source name).
Context = tuple[Algorithm, CandidateIndex, float, Suppressions, str]
_WORKER: Context | None = None  # set in each forked worker by its initializer


@dataclass(frozen=True)
class BatchReport:
    queries: int
    alerted: int
    hits: int
    workers: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.queries / self.seconds if self.seconds else 0.0


def parse_line(text: str, where: str) -> tuple[str, ScreeningQuery]:
    """One line of a queries file: its ``id`` and the query."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidInput(f"{where}: not JSON ({error.msg} at column {error.colno})") from None
    if not isinstance(data, dict) or not isinstance(data.get("id"), str) or not data["id"]:
        raise InvalidInput(f"{where}: each line needs a non-empty string 'id'")
    return data["id"], ScreeningQuery.from_mapping(data, where)


def hit_line(hit: Hit) -> dict[str, Any]:
    """A hit as a results file carries it."""
    return {
        "record_id": hit.record_id,
        "list": hit.list_name,
        "matched_name": hit.matched_name,
        "score": round(hit.score, 4),
        "explanation": list(hit.explanation),
    }


def _numbered(lines: Iterable[str]) -> Iterator[list[tuple[int, str]]]:
    chunk: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            chunk.append((number, line))
            if len(chunk) == CHUNK:
                yield chunk
                chunk = []
    if chunk:
        yield chunk


def _start_worker(context: Context) -> None:
    global _WORKER
    _WORKER = context


def _screen_in_worker(chunk: list[tuple[int, str]]) -> tuple[list[str], int, int]:
    assert _WORKER is not None, "the batch worker was not initialised"
    return _screen_chunk(_WORKER, chunk)


def _screen_chunk(context: Context, chunk: list[tuple[int, str]]) -> tuple[list[str], int, int]:
    algorithm, index, threshold, suppressed, source = context
    lines = []
    alerted = hits_total = 0
    for number, text in chunk:
        query_id, query = parse_line(text, f"{source}, line {number}")
        hidden = suppressed.get(query.fingerprint, {})
        hits = [
            hit_line(hit)
            for hit in algorithm.screen(index, query, threshold)
            if (hit.owner_node, hit.record_id, hit.entry_hash) not in hidden
        ]
        alerted += bool(hits)
        hits_total += len(hits)
        lines.append(json.dumps({"id": query_id, "hits": hits}, ensure_ascii=False))
    return lines, alerted, hits_total


def worker_count(node: Node, workers: int | None) -> int:
    wanted = workers if workers is not None else node.settings.screening_workers
    return max(1, wanted or os.cpu_count() or 1)


def screen_file(
    node: Node,
    actor: Actor,
    source: Path,
    target: Path,
    *,
    workers: int | None = None,
    purpose: str = "bulk-screening",
    progress: BatchProgress | None = None,
) -> BatchReport:
    """Screen every line of ``source`` (JSON Lines) into ``target``; audited as one ``screen.batch`` entry."""
    actor.require(Permission.SCREEN)
    check_purpose(purpose)
    if not source.is_file():
        raise InvalidInput(f"{source}: no such file")
    engine = screener(node)
    engine.refresh()
    count = worker_count(node, workers)
    context = (engine.algorithm, engine.index, engine.threshold, screening_decisions.all_active(node), str(source))
    started = time.perf_counter()
    queries = alerted = hits = 0
    partial = target.with_name(target.name + ".partial")
    failure: InvalidInput | None = None
    try:
        with source.open(encoding="utf-8") as lines, partial.open("w", encoding="utf-8") as sink:
            for out, chunk_alerted, chunk_hits in _results(context, _numbered(lines), count):
                sink.write("\n".join(out) + "\n")
                queries += len(out)
                alerted += chunk_alerted
                hits += chunk_hits
                if progress:
                    progress("screening", queries, None)
        partial.replace(target)
    except InvalidInput as error:
        failure = error
        raise
    except UnicodeDecodeError as error:
        failure = InvalidInput(f"{source}: not UTF-8 text ({error.reason} at byte {error.start})")
        raise failure from None
    finally:
        partial.unlink(missing_ok=True)
        with node.db.write(wait_for_disk=False) as connection:
            node.audit(
                connection,
                actor,
                "screen.batch",
                source.name,
                purpose=purpose,
                queries=queries,
                alerted=alerted,
                hits=hits,
                workers=count,
                rejected=failure.message if failure else None,
            )
    return BatchReport(queries, alerted, hits, count, time.perf_counter() - started)


def _results(
    context: Context, chunks: Iterator[list[tuple[int, str]]], workers: int
) -> Iterator[tuple[list[str], int, int]]:
    """Results chunk by chunk, in input order: here, or in forked workers that inherit the loaded index."""
    if workers == 1:
        yield from (_screen_chunk(context, chunk) for chunk in chunks)
        return
    forking = multiprocessing.get_context("fork")
    with forking.Pool(workers, initializer=_start_worker, initargs=(context,)) as pool:
        yield from pool.imap(_screen_in_worker, chunks)


def compare_file(node: Node, actor: Actor, source: Path, target: Path) -> int:
    """Score each pair of ``source`` (``{"id", "a": {query}, "b": {query}}``) into ``target``; how many pairs."""
    actor.require(Permission.SCREEN)
    if not source.is_file():
        raise InvalidInput(f"{source}: no such file")
    engine = screener(node)
    partial = target.with_name(target.name + ".partial")
    pairs = 0
    try:
        with source.open(encoding="utf-8") as lines, partial.open("w", encoding="utf-8") as sink:
            for number, text in enumerate(lines, start=1):
                if not text.strip():
                    continue
                where = f"{source}, line {number}"
                pair_id, a, b = _parse_pair(text, where)
                score, alert, found = engine.compare(a, b)
                line = {
                    "id": pair_id,
                    "score": round(score, 4),
                    "alert": alert,
                    "explanation": [f.detail for f in found],
                }
                sink.write(json.dumps(line, ensure_ascii=False) + "\n")
                pairs += 1
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    with node.db.write(wait_for_disk=False) as connection:
        node.audit(connection, actor, "screen.compare", source.name, pairs=pairs)
    return pairs


def _parse_pair(text: str, where: str) -> tuple[str, ScreeningQuery, ScreeningQuery]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidInput(f"{where}: not JSON ({error.msg} at column {error.colno})") from None
    if not isinstance(data, dict) or not isinstance(data.get("id"), str):
        raise InvalidInput(f"{where}: each line needs a string 'id', and 'a' and 'b' queries")
    for side in ("a", "b"):
        if side not in data:
            raise InvalidInput(f"{where}: '{side}' is missing")
    a = ScreeningQuery.from_mapping(data["a"], f"{where}, a")
    b = ScreeningQuery.from_mapping(data["b"], f"{where}, b")
    return data["id"], a, b
