"""``perimeter demo``: a United States, a Canada and a Mexico node on this machine, the scenario played, served.

``--check`` plays the same scenario headless, prints a JSON summary and exits 0 only when every expected outcome
and every expected refusal holds; ``--no-serve`` sets the three nodes up and stops.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path

import click

from perimeter.cli.context import CliContext, pass_context
from perimeter.cli.demo_servers import Servers, free_ports, require_free
from perimeter.core.errors import NotFound
from perimeter.services.demo_data import find_shared_data
from perimeter.services.demo_network import DemoNetwork, create_network, load_official_lists
from perimeter.services.demo_scenario import play


@click.command()
@click.option("--port", default=8600, show_default=True, type=int, help="Port of the first node (then +1, +2).")
@click.option("--no-serve", is_flag=True, help="Set the three nodes up and load the lists, then stop.")
@click.option("--check", is_flag=True, help="Play the scenario headless, print a JSON summary, exit 0 if all holds.")
@click.option(
    "--lists",
    type=click.Choice(["official", "scenario"]),
    default=None,
    help="official: load the OFAC SDN and UN lists (default); scenario: only what the scenario needs (fast).",
)
@click.option(
    "--sample", type=click.IntRange(min=1), default=None, help="Ask partners about only this many Toronto passengers."
)
@pass_context
def demo(context: CliContext, port: int, no_serve: bool, check: bool, lists: str | None, sample: int | None) -> None:
    """Run the three-node demonstration: United States (us-cbp), Canada (ca-cbsa), Mexico (mx-inm)."""
    shared = find_shared_data(Path.cwd(), Path(__file__))
    if check and shared is None:
        raise NotFound("the demo check needs the real data folder (shared/data beside the project): not found")
    ports = free_ports(3) if check else [port, port + 1, port + 2]
    if not no_serve:
        require_free(ports)
    base = Path(tempfile.mkdtemp(prefix="perimeter-demo-"))
    started = time.perf_counter()
    say = (lambda _text: None) if check else click.echo
    say(f"demo: three nodes under {base}")
    network = create_network(context.settings, base, ports)
    try:
        if (lists or ("scenario" if check else "official")) == "official":
            origin = str(shared) if shared else "their publishers (else a generated list, United States only)"
            say(f"demo: loading the OFAC SDN list (United States) and the UN list (every node) from {origin}")
            load_official_lists(network, shared)
            for member in network:
                for report in member.loads:
                    say(f"demo:   {member.spec.node_id} {report.list_name}: {len(report.added)} entries")
        if no_serve:
            _print_access(network, served=False)
            return
        _serve(network, shared, check, started, base, sample)
    finally:
        network.close()
        if check:
            shutil.rmtree(base, ignore_errors=True)


def _serve(
    network: DemoNetwork, shared: Path | None, check: bool, started: float, base: Path, sample: int | None
) -> None:
    servers = Servers([(member.node, member.port) for member in network])
    servers.start()
    try:
        if shared is None:
            click.echo("demo: the real data folder was not found, so the scenario is not played")
        else:
            if not check:
                click.echo("demo: playing the scenario (flight to Toronto, stolen Mexican passport, refusals)")
            result = play(network, shared, sample=sample)
            summary = {
                **result.summary(),
                "nodes": {member.spec.node_id: member.url for member in network},
                "seconds": round(time.perf_counter() - started, 1),
            }
            if check:
                click.echo(json.dumps(summary, indent=2, ensure_ascii=False))
                if not result.ok:
                    raise click.exceptions.Exit(1)
                return
            failed = summary["failed"]
            click.echo(
                f"demo: scenario {'verified' if result.ok else 'FAILED'}: {summary['checks']} checks"
                + (f", failed: {', '.join(item['name'] for item in failed)}" if failed else "")
                + f"; hit notification latency p50 {summary['hit_notification_latency_ms']['p50']} ms"
            )
        _print_access(network, served=True)
        click.echo(f"demo: homes under {base}; Ctrl-C stops the three nodes")
        servers.wait()
    finally:
        servers.stop()


def _print_access(network: DemoNetwork, *, served: bool) -> None:
    for member in network:
        spec = member.spec
        where = f"{member.url}  (API docs {member.url}/docs)" if served else f"home {member.node.home}"
        click.echo(f"demo: {spec.node_id} ({spec.country}) {where}")
        for account in member.accounts.values():
            who = f"{account.username:<8} ({account.role.value})"
            click.echo(f"demo:   {who} password {account.password}  token {account.token}")
    if served:
        first = next(iter(network))
        token = first.accounts["liaison"].token
        click.echo(f'demo: try  curl -H "Authorization: Bearer {token}" {first.url}/api/v1/cases')


def register(group: click.Group) -> None:
    group.add_command(demo)
