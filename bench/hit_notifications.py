"""Hit-notification latency between nodes: from the finder's commit to the owner's case, over real HTTP.

    python bench/hit_notifications.py [--notifications 200] [--poll 0.2 0.05]

The demo's three nodes (SQLite, each its own home, key and uvicorn server in this process's threads) are set up
with their agreements. Canada notifies the United States of hits on a U.S. lookout entry, one at a time; each is
timed from the return of ``cases.notify_owner`` (the case and its outbox message committed) until the owner's
mirrored case is committed, then the owner's confirmation is timed back the other way. The served deliverer polls
its outbox every ``--poll`` seconds when idle (the setting ``outbox_poll_seconds``).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from perimeter.cli.demo_servers import Servers, free_ports
from perimeter.records.cases import CaseState, RecordKind
from perimeter.services import cases, watchlist_entries
from perimeter.services.demo_network import CA, US, DemoNetwork, create_network
from perimeter.settings import Settings
from perimeter.store import cases as case_store

ENTRY = {
    "id": "us-lookout-bench",
    "category": "criminal",
    "subject_type": "person",
    "names": [{"full": "Brett Oortmeijer", "kind": "primary"}],
}


def wait_for(network: DemoNetwork, node_id: str, case_id: str, state: CaseState) -> float:
    started = time.perf_counter()
    node = network[node_id].node
    while True:
        with node.db.read() as connection:
            case = case_store.get_case(connection, case_id)
        if case is not None and case.state is state:
            return (time.perf_counter() - started) * 1000
        if time.perf_counter() - started > 30:
            raise TimeoutError(f"case {case_id} did not reach {state} on {node_id}")
        time.sleep(0.001)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run(count: int, poll: float) -> dict[str, list[float]]:
    base = Path(tempfile.mkdtemp(prefix="perimeter-bench-cases-"))
    template = Settings.load(home=base / "template")
    network = create_network(template, base, free_ports(3))
    for member in network:  # the deliverer's idle poll under test; no replication or checkpoint jobs in the way
        member.node.settings = member.node.settings.with_changes(
            outbox_poll_seconds=poll, replication_interval_seconds=0, case_escalation_interval_seconds=0
        )
    us, ca = network[US], network[CA]
    watchlist_entries.create_list(us.node, us.actor("admin"), "us-lookout")
    watchlist_entries.add_entry(us.node, us.actor("admin"), "us-lookout", ENTRY)
    servers = Servers([(member.node, member.port) for member in network])
    servers.start()
    timings: dict[str, list[float]] = {"notification": [], "confirmation": []}
    try:
        hit = cases.Hit(RecordKind.WATCHLIST_ENTRY, ENTRY["id"], US, subject={"name": "Brett Oortmeijer"})
        for _ in range(count):
            case = cases.notify_owner(
                ca.node, ca.actor("officer"), hit, "CAYYZ", datetime.now(UTC), "Referred to secondary"
            )
            timings["notification"].append(wait_for(network, US, case.case_id, CaseState.NOTIFIED))
            cases.confirm_identity(us.node, us.actor("liaison"), case.case_id, handling="Refuse entry")
            timings["confirmation"].append(wait_for(network, CA, case.case_id, CaseState.IDENTITY_CONFIRMED))
    finally:
        servers.stop()
        network.close()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notifications", type=int, default=200)
    parser.add_argument("--poll", type=float, nargs="+", default=[0.2, 0.05])
    args = parser.parse_args()
    print("| outbox poll | step | n | p50 | p99 | max |")
    print("|---|---|---|---|---|---|")
    for poll in args.poll:
        for step, values in run(args.notifications, poll).items():
            print(
                f"| {poll:g} s | {step} | {len(values)} | {statistics.median(values):.1f} ms"
                f" | {percentile(values, 0.99):.1f} ms | {max(values):.1f} ms |"
            )


if __name__ == "__main__":
    main()
