"""Bulk screening jobs for the API: submit a file of queries, poll its status, fetch its results.

A submitted file is checked whole before anything is stored (a bad line is refused with its line number), kept
under the node's home (``screening/jobs/<job id>/``), and screened in a background thread of the server by the
same code as ``perimeter screen batch``. Only the submitter (or an administrator) sees a job and its results.
"""

from __future__ import annotations

import secrets
import shutil
import threading
from pathlib import Path

from perimeter.core.access import Actor, Permission, Role
from perimeter.core.errors import Conflict, InvalidInput, NotFound, PerimeterError
from perimeter.services import screening_batch
from perimeter.services.node import Node
from perimeter.services.screening import check_purpose
from perimeter.store import screening as store
from perimeter.store.tables.base import utc_now

MAX_JOB_BYTES = 200 * 1024 * 1024
Job = store.Job


def _folder(node: Node, job_id: str) -> Path:
    return node.home / "screening" / "jobs" / job_id


def submit(node: Node, actor: Actor, content: bytes, purpose: str = "bulk-screening", *, run: bool = True) -> Job:
    """Check and store a JSON Lines file of queries and start screening it; the job as queued."""
    actor.require(Permission.SCREEN)
    check_purpose(purpose)
    if len(content) > MAX_JOB_BYTES:
        raise InvalidInput(f"the file is {len(content)} bytes; a job takes at most {MAX_JOB_BYTES}")
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InvalidInput(f"the file is not UTF-8 text ({error.reason} at byte {error.start})") from None
    total = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            screening_batch.parse_line(line, f"line {number}")
            total += 1
    if total == 0:
        raise InvalidInput("the file holds no queries")
    job_id = secrets.token_hex(8)
    folder = _folder(node, job_id)
    folder.mkdir(parents=True)
    (folder / "queries.jsonl").write_text(text, encoding="utf-8")
    try:
        with node.db.write() as connection:
            store.add_job(
                connection,
                job_id=job_id,
                status="queued",
                purpose=purpose,
                submitted_by=actor.audit_name,
                submitted_at=utc_now(),
                total=total,
                done=0,
                alerted=0,
            )
            node.audit(connection, actor, "screen.job.submit", job_id, queries=total, purpose=purpose)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    if run:
        threading.Thread(target=run_job, args=(node, actor, job_id), daemon=True, name=f"screen-{job_id}").start()
    return status(node, actor, job_id)


def run_job(node: Node, actor: Actor, job_id: str) -> None:
    """Screen a queued job (in this thread, one worker) and record how it ended."""
    folder = _folder(node, job_id)
    with node.db.write() as connection:
        store.update_job(connection, job_id, status="running")
        job = store.get_job(connection, job_id)
    purpose = job.purpose if job else "bulk-screening"

    def progress(_phase: str, done: int, _total: int | None) -> None:
        with node.db.write(wait_for_disk=False) as connection:
            store.update_job(connection, job_id, done=done)

    try:
        report = screening_batch.screen_file(
            node,
            actor,
            folder / "queries.jsonl",
            folder / "results.jsonl",
            workers=1,
            purpose=purpose,
            progress=progress,
        )
    except PerimeterError as error:
        values: dict[str, object] = {"status": "failed", "error": error.message}
    except Exception as error:
        values = {"status": "failed", "error": f"internal error: {type(error).__name__}"}
    else:
        values = {"status": "done", "done": report.queries, "alerted": report.alerted}
    with node.db.write() as connection:
        store.update_job(connection, job_id, finished_at=utc_now(), **values)


def status(node: Node, actor: Actor, job_id: str) -> Job:
    actor.require(Permission.SCREEN)
    with node.db.read() as connection:
        job = store.get_job(connection, job_id)
    if job is None or (job.submitted_by != actor.audit_name and actor.role is not Role.ADMIN):
        raise NotFound(f"no screening job {job_id!r} of yours")
    return job


def results_path(node: Node, actor: Actor, job_id: str) -> Path:
    """The results file of a finished job."""
    job = status(node, actor, job_id)
    if job.status != "done":
        detail = f": {job.error}" if job.error else ""
        raise Conflict(f"job {job_id} is {job.status}{detail}; results exist once it is done")
    with node.db.write(wait_for_disk=False) as connection:
        node.audit(connection, actor, "screen.job.results", job_id, queries=job.total, alerted=job.alerted)
    return _folder(node, job_id) / "results.jsonl"
