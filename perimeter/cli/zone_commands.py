"""``perimeter document read`` and ``perimeter document poe-check``: machine-readable zones at the desk."""

from __future__ import annotations

from typing import Any

import click
from pydantic import ValidationError

from perimeter.cli.context import CliContext, pass_context
from perimeter.cli.output import json_option, print_json
from perimeter.core.errors import InvalidInput, ParseError
from perimeter.formats.mrz import parse_mrz
from perimeter.records.common import describe_problems
from perimeter.records.photo_page import PhotoPage
from perimeter.services import port_of_entry

NOT_AN_MRZ = 2  # the exit status of both commands when the input is not a machine-readable zone


@click.command("read")
@click.argument("lines", nargs=-1, required=True)
def read(lines: tuple[str, ...]) -> None:
    """Read and verify a machine-readable zone given as its LINES; print it as JSON.

    Exit status 0 when every check digit verifies, 1 when one fails (the JSON says which, with "valid": false),
    2 when the input is not a machine-readable zone at all.
    """
    try:
        zone = parse_mrz(list(lines))
    except ParseError as error:
        click.echo(f"error: {error.message}", err=True)
        raise click.exceptions.Exit(NOT_AN_MRZ) from None
    print_json(zone.to_json_dict())
    raise click.exceptions.Exit(0 if zone.valid else 1)


@click.command("poe-check")
@click.argument("lines", nargs=-1, required=True)
@click.option("--surname", default=None, help="Surname as printed on the photo page.")
@click.option("--given-names", default=None, help="Given names as printed on the photo page.")
@click.option("--birth-date", default=None, help="Birth date on the photo page (YYYY-MM-DD, YYYY-MM or YYYY).")
@click.option("--document-number", default=None, help="Document number on the photo page.")
@click.option("--nationality", default=None, help="Nationality on the photo page.")
@click.option("--location", default=None, help="Port of entry code.")
@json_option
@pass_context
def poe_check(
    context: CliContext, /, lines: tuple[str, ...], location: str | None, as_json: bool, **typed: Any
) -> None:
    """The port-of-entry check of a document given as its zone's LINES: one answer, one audit entry.

    Exit status 0 when the answer is clear, 1 when it is refer, 2 when the input is not a machine-readable zone.
    """
    try:
        page = PhotoPage.model_validate({key: value for key, value in typed.items() if value is not None})
    except ValidationError as error:
        raise InvalidInput(f"photo page: {describe_problems(error, 'photo page')}") from None
    try:
        answer = port_of_entry.check_at_port(context.node, context.actor, list(lines), page, location=location)
    except ParseError as error:
        click.echo(f"error: {error.message}", err=True)
        raise click.exceptions.Exit(NOT_AN_MRZ) from None
    if as_json:
        print_json(answer.summary())
    else:
        zone = answer.zone
        holder = f"{zone.surname}, {zone.given_names}"
        click.echo(f"{answer.decision.upper()}: {zone.issuing_country} {zone.document_number}, {holder}")
        for finding in answer.findings:
            click.echo(f"  - {finding.code}: {finding.message}")
        for note in answer.notes:
            click.echo(f"  note: {note}")
    raise click.exceptions.Exit(0 if answer.decision == port_of_entry.CLEAR else 1)
