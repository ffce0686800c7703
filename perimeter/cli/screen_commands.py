"""``perimeter screen ...``: screen a person, a file of people, pairs of records; remember analysts' decisions."""

from __future__ import annotations

from pathlib import Path

import click

from perimeter.cli.context import CliContext, pass_context
from perimeter.cli.output import emit, json_option, progress_bar
from perimeter.core.errors import InvalidInput
from perimeter.screening.query import ScreeningQuery
from perimeter.services import screening, screening_batch, screening_decisions


@click.group("screen")
def screen_group() -> None:
    """Screen people against the node's watch lists."""


@screen_group.command("person")
@click.option("--name", required=True, help="The name, in any script.")
@click.option("--birth-date", help="YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--nationality", help="ISO 3166-1 alpha-3 (or ICAO) code, e.g. IRQ.")
@click.option("--gender", type=click.Choice(["m", "f", "x"], case_sensitive=False))
@click.option("--document", "document_number", help="Travel document number.")
@click.option("--purpose", default="border-screening", show_default=True)
@json_option
@pass_context
def person(
    context: CliContext,
    name: str,
    birth_date: str | None,
    nationality: str | None,
    gender: str | None,
    document_number: str | None,
    purpose: str,
    as_json: bool,
) -> None:
    """Screen one person and print the hits, best first."""
    query = ScreeningQuery.create(
        name, birth_date=birth_date, nationality=nationality, gender=gender, document_number=document_number
    )
    node = context.node
    fingerprint, hits = screening.screen_person(node, context.actor, query, purpose=purpose)
    if as_json:
        emit(
            {
                "fingerprint": fingerprint,
                "threshold": node.settings.alert_threshold,
                "algorithm": node.settings.screening_algorithm,
                "hits": [hit.to_json() for hit in hits],
            },
            True,
        )
        return
    click.echo(f"traveller {fingerprint}: {len(hits)} hit(s) at threshold {node.settings.alert_threshold}")
    for hit in hits:
        state = f"  [suppressed by decision {hit.suppressed_by}]" if hit.suppressed_by else ""
        click.echo(f"{hit.score:.3f}  {hit.owner_node}/{hit.record_id}  {hit.matched_name}  ({hit.list_name}){state}")
        for line in hit.explanation:
            click.echo(f"       {line}")
        if hit.handling:
            click.echo(f"       owner asks: {hit.handling}")


@screen_group.command("batch")
@click.option("--in", "source", required=True, type=click.Path(path_type=Path), help="Queries, one JSON per line.")
@click.option("--out", "target", required=True, type=click.Path(path_type=Path), help="Results, one JSON per line.")
@click.option("--workers", type=int, help="Processes to use [default: the screening_workers setting, 0 = all cores].")
@click.option("--purpose", default="bulk-screening", show_default=True)
@pass_context
def batch(context: CliContext, source: Path, target: Path, workers: int | None, purpose: str) -> None:
    """Screen a JSON Lines file of queries ({"id", "name", "birth_date"?, ...}) into a results file."""
    if workers is not None and workers < 0:
        raise InvalidInput("--workers must be 0 (all cores) or more")
    with progress_bar() as progress:
        report = screening_batch.screen_file(
            context.node, context.actor, source, target, workers=workers, purpose=purpose, progress=progress
        )
    click.echo(
        f"{report.queries} queries screened in {report.seconds:.2f} s ({report.per_second:.0f}/s,"
        f" {report.workers} worker(s)): {report.alerted} alerted, {report.hits} hits -> {target}",
        err=True,
    )


@screen_group.command("compare")
@click.option("--in", "source", required=True, type=click.Path(path_type=Path), help='Pairs {"id", "a", "b"}.')
@click.option("--out", "target", required=True, type=click.Path(path_type=Path), help="Scores, one JSON per line.")
@pass_context
def compare(context: CliContext, source: Path, target: Path) -> None:
    """Score pairs of records: {"id", "score", "alert", "explanation"} per pair."""
    pairs = screening_batch.compare_file(context.node, context.actor, source, target)
    click.echo(f"{pairs} pairs scored -> {target}", err=True)


@screen_group.command("decide")
@click.option("--fingerprint", required=True, help="The traveller's fingerprint, as the screen printed it.")
@click.option("--record", "record", required=True, help="The entry: RECORD_ID or OWNER_NODE/RECORD_ID.")
@click.option("--reason", help="Why this is not the listed person.")
@json_option
@pass_context
def decide(context: CliContext, fingerprint: str, record: str, reason: str | None, as_json: bool) -> None:
    """Mark a hit as a false match for this traveller: not alerted again unless either side changes."""
    node = context.node
    owner, _, record_id = record.rpartition("/") if "/" in record else (node.node_id, "", record)
    decision = screening_decisions.mark_false_match(node, context.actor, fingerprint, owner, record_id, reason)
    emit(decision, as_json)


@screen_group.command("decisions")
@click.argument("fingerprint")
@click.option("--all", "include_revoked", is_flag=True, help="Include revoked decisions.")
@json_option
@pass_context
def decisions(context: CliContext, fingerprint: str, include_revoked: bool, as_json: bool) -> None:
    """The decisions taken for a traveller."""
    found = screening_decisions.decisions(context.node, context.actor, fingerprint, include_revoked=include_revoked)
    emit(
        found, as_json, ["decision_id", "owner_node", "record_id", "decision", "decided_by", "decided_at", "revoked_at"]
    )


@screen_group.command("revoke")
@click.argument("decision_id", type=int)
@json_option
@pass_context
def revoke(context: CliContext, decision_id: int, as_json: bool) -> None:
    """Withdraw a decision: the traveller alerts on that entry again."""
    emit(screening_decisions.revoke(context.node, context.actor, decision_id), as_json)


def register(group: click.Group) -> None:
    group.add_command(screen_group)
