"""Server time of every page of the analyst's workspace with a day of data in the node (not a test: run it).

    PYTHONPATH=. .venv/bin/python bench/ui_pages.py [--flights 200] [--per-flight 250] [--requests 30]
        [--work DIR] [--keep]

1. A node (``us-cbp``) is initialised in ``--work`` (SQLite) and loads the real OFAC SDN and UN lists from
   ``../shared/data``, and a national lookout list.
2. A day of passenger data goes in through the product's own path: ``--flights`` PAXLST messages of
   ``--per-flight`` travellers each (50,000 by default), written with the PAXLST writer and received by the manifest
   intake, which parses, screens every traveller against the lists, and stores the flight with each disposition.
   Travellers are the FEBRL synthetic person records (``linkage/febrl``), with a few names from the OFAC and
   lookout lists on every flight so the queue of hits is not empty; flights depart today, spread over the day.
3. Then what a day of work adds: analysts' decisions on a third of the flagged travellers, hit notifications sent
   to a partner node (cases), and a day of document checks at the ports (the audit trail fills with them).
4. Every page is requested ``--requests`` times after two warm-up requests, in process (Starlette's test client:
   no sockets, so what is measured is the app's own time), signed in with the role that uses the page. p50, p95
   and max are printed as a Markdown table.
"""

from __future__ import annotations

import argparse
import csv
import importlib
import importlib.util
import math
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from perimeter.core.access import Actor, Role
from perimeter.formats.paxlst import parse_paxlst
from perimeter.formats.paxlst_writer import write_paxlst
from perimeter.records.passenger import FlightLeg, Traveller
from perimeter.services import (
    document_checks,
    hit_reviews,
    passenger_intake,
    users,
    watchlist_entries,
    watchlist_sources,
)
from perimeter.services.federation_links import conclude, introduce
from perimeter.services.node import Node, init_node, open_node
from perimeter.settings import Settings
from perimeter.store import hit_reviews as review_store
from perimeter.store import watchlists
from perimeter.web.app import create_app

REPO = Path(__file__).resolve().parents[1]
HAS_CASES = importlib.util.find_spec("perimeter.services.cases") is not None
PASSWORD = "correct horse battery"
TEMPLATE = "messages/paxlst/gtas-loader__apis-messages__Test3.txt"
NATIONALITIES = ["USA", "CAN", "MEX", "GBR", "FRA", "DEU", "IND", "CHN", "BRA", "NGA", "PHL", "JPN", "ESP", "ITA"]
AIRPORTS = ["FRA", "LHR", "CDG", "MEX", "YYZ", "NRT", "GRU", "MAD", "AMS", "ICN", "DXB", "BOG"]
CARRIERS = ["UA", "AA", "DL", "AC", "LH", "BA", "AF", "AM"]


def shared_data() -> Path:
    for parent in REPO.parents:
        if (parent / "shared" / "data").is_dir():
            return parent / "shared" / "data"
    sys.exit("shared/data not found beside the checkout")


def febrl_people(data: Path) -> list[tuple[str, str, date | None]]:
    people = []
    for name in ("dataset4a.csv", "dataset4b.csv"):
        with (data / "linkage" / "febrl" / name).open(newline="", encoding="utf-8") as file:
            for row in csv.DictReader(file, skipinitialspace=True):
                born = row["date_of_birth"].strip()
                try:
                    birth = date(int(born[:4]), int(born[4:6]), int(born[6:8])) if len(born) == 8 else None
                except ValueError:
                    birth = None
                if row["given_name"].strip() and row["surname"].strip():
                    people.append((row["given_name"].strip().title(), row["surname"].strip().title(), birth))
    return people


def listed_people(node: Node) -> list[tuple[str, str, date | None]]:
    """Listed people as travellers would carry them: the primary name's parts and the listed birth date."""
    found = []
    with node.db.read() as connection:
        for entry in watchlists.iter_entries(connection, "ofac-sdn"):
            born = next((b.date.as_date() for b in entry.birth_dates if b.date.as_date()), None)
            words = entry.primary_name.split()
            surname = " ".join(word for word in words if word.isupper())  # OFAC writes "Given SURNAME"
            given = " ".join(word for word in words if not word.isupper())
            if entry.subject_type.value == "person" and born is not None and given and surname:
                found.append((given, surname.title(), born))
            if len(found) == 300:
                break
    return found


def seed(node: Node, data: Path, flights: int, per_flight: int) -> dict[str, Any]:
    system = Actor.system()
    started = time.perf_counter()
    for list_name, fmt, relative in (
        ("ofac-sdn", "ofac-sdn", Path("lists/ofac-sdn")),
        ("un-consolidated", "un-consolidated", Path("lists/un-consolidated/UN_consolidated.xml")),
    ):
        watchlist_sources.load_file(node, system, list_name, fmt, data / relative)
    lists_s = time.perf_counter() - started
    template = parse_paxlst((data / TEMPLATE).read_bytes(), TEMPLATE)
    base_traveller = template.travellers[0]
    people = febrl_people(data)
    listed = listed_people(node)
    rng = random.Random(7)
    today = datetime.now(UTC).date()
    started = time.perf_counter()
    travellers_total = 0
    for number in range(flights):
        carrier = CARRIERS[number % len(CARRIERS)]
        departure = datetime.combine(today, datetime.min.time()) + timedelta(minutes=int(number * 1440 / flights))
        leg = FlightLeg(
            carrier=carrier,
            flight_number=f"{100 + number:04d}",
            departure_airport=AIRPORTS[number % len(AIRPORTS)],
            arrival_airport="IAD",
            scheduled_departure=departure,
            scheduled_arrival=departure + timedelta(hours=8),
        )
        chosen: list[Traveller] = []
        for position in range(per_flight):
            given, surname, born = listed[(number * 2 + position) % len(listed)] if position < 2 else rng.choice(people)
            document = base_traveller.documents[0].model_copy(
                update={"number": f"{rng.randrange(10**8, 10**9)}", "issuing_country": rng.choice(NATIONALITIES)}
            )
            chosen.append(
                base_traveller.model_copy(
                    update={
                        "surname": surname,
                        "given_names": given,
                        "birth_date": born
                        or date(1950 + rng.randrange(50), 1 + rng.randrange(12), 1 + rng.randrange(28)),
                        "nationality": rng.choice(NATIONALITIES),
                        "documents": (document,),
                    }
                )
            )
        manifest = template.model_copy(
            update={
                "message_reference": f"BENCH{number:05d}",
                "flights": (leg,),
                "travellers": tuple(chosen),
                "declared_passenger_count": len(chosen),
                "declared_crew_count": None,
                "prepared_at": departure - timedelta(hours=2),
                "warnings": (),
            }
        )
        message = write_paxlst(manifest, sender="BENCH", receiver="USCSAPIS", reference=f"B{number}", version="D02B")
        one = time.perf_counter()
        passenger_intake.receive(node, system, message, f"bench-{number}.edi")
        if number < 3:
            print(f"  flight {number}: {time.perf_counter() - one:.2f} s", file=sys.stderr)
        travellers_total += len(chosen)
        if (number + 1) % 20 == 0:
            rate = travellers_total / (time.perf_counter() - started)
            print(f"  {number + 1} flights, {travellers_total:,} travellers ({rate:,.0f}/s)", file=sys.stderr)
    intake_s = time.perf_counter() - started
    return {"lists_s": lists_s, "intake_s": intake_s, "travellers": travellers_total}


def day_of_work(node: Node, partner: Node) -> dict[str, int]:
    """Decisions on a third of the flagged travellers, notifications to the partner, document checks at the ports."""
    analyst = Actor.user("ana", Role.ANALYST)
    with node.db.read() as connection:
        flagged = review_store.open_hits(connection, datetime.now(UTC) - timedelta(days=2), limit=100_000)
    decided = 0
    for row in flagged[::3]:
        try:
            hit_reviews.decide(node, analyst, row.traveller_id, "referred", note="sent to secondary")
            decided += 1
        except Exception:
            continue
    notified = 0
    if HAS_CASES:
        agreements = importlib.import_module("perimeter.services.demo_agreements")
        introduce({node.node_id: "http://127.0.0.1:9", partner.node_id: "http://127.0.0.1:9"}, [node, partner])
        conclude([node, partner], agreements.us_ca(date.today()))
        cases = importlib.import_module("perimeter.services.cases")
        kinds = importlib.import_module("perimeter.records.cases")
        for number in range(200):
            hit = cases.Hit(kinds.RecordKind.WATCHLIST_ENTRY, f"ca-lk-{number}", partner.node_id, {"surname": "X"}, 0.9)
            cases.notify_owner(node, analyst, hit, "IAD", datetime.now(UTC), "referred to secondary")
            notified += 1
    officer = Actor.user("olga", Role.OFFICER)
    rng = random.Random(11)
    for _ in range(5000):
        document_checks.check(node, officer, rng.choice(NATIONALITIES), f"{rng.randrange(10**8, 10**9)}")
    return {"decided": decided, "flagged": len(flagged), "cases": notified, "document_checks": 5000}


def sign_in(client: TestClient, username: str) -> str:
    response = client.post("/ui/sign-in", data={"username": username, "password": PASSWORD, "next": "/ui/today"})
    match = re.search(r'name="csrf_token" value="([^"]+)"', response.text)
    assert match, response.text[:500]
    return match.group(1)


def measure(
    client: TestClient, method: str, url: str, requests: int, data: dict[str, str] | None = None
) -> list[float]:
    times = []
    for attempt in range(requests + 2):
        started = time.perf_counter()
        response = client.request(method, url, data=data, follow_redirects=False)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code >= 400:
            raise RuntimeError(f"{method} {url}: {response.status_code} {response.text[:300]}")
        if attempt >= 2:
            times.append(elapsed)
    return times


def pages(node: Node) -> list[tuple[str, str, str, str, dict[str, str] | None]]:
    """(role's user, label, method, url, form) for every page."""
    with node.db.read() as connection:
        flagged = review_store.open_hits(connection, datetime.now(UTC) - timedelta(days=2), limit=1)
    traveller = flagged[0].traveller_id
    manifest = flagged[0].manifest_id
    entry = watchlist_entries.page(node, Actor.system(), list_name="ofac-sdn", limit=1)[0].record_id
    zone = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
    found = [
        ("ana", "today (analyst)", "GET", "/ui/today", None),
        ("ana", "flights", "GET", "/ui/flights", None),
        ("ana", "flight, 250 travellers", "GET", f"/ui/flights/{manifest}", None),
        ("ana", "flight, refer only, by score", "GET", f"/ui/flights/{manifest}?disposition=refer&sort=score", None),
        ("ana", "traveller / hit review", "GET", f"/ui/travellers/{traveller}", None),
        ("olga", "document check (form)", "GET", "/ui/documents/check", None),
        ("olga", "document check (a check)", "POST", "/ui/documents/check", {"mrz": zone}),
        ("aude", "audit", "GET", "/ui/audit", None),
        ("aude", "audit, filtered", "GET", "/ui/audit?action=document.&actor=user:olga", None),
        ("ana", "lists", "GET", "/ui/lists", None),
        ("ana", "list (OFAC SDN)", "GET", "/ui/lists/ofac-sdn", None),
        ("ana", "list search", "GET", "/ui/lists/ofac-sdn?q=mohammad", None),
        ("ana", "list entry", "GET", f"/ui/entries/{entry}", None),
    ]
    if HAS_CASES:  # the cases and agreements pages come with the cases service
        case_id = importlib.import_module("perimeter.services.cases").list_cases(node, Actor.system(), limit=1)[1][0]
        found += [
            ("ana", "cases", "GET", "/ui/cases", None),
            ("ana", "case", "GET", f"/ui/cases/{case_id.case_id}", None),
            ("aude", "agreements", "GET", "/ui/agreements", None),
        ]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--flights", type=int, default=200)
    parser.add_argument("--per-flight", type=int, default=250)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="measure the node a --keep run left in --work again")
    args = parser.parse_args()
    data = shared_data()
    work = args.work or Path(tempfile.mkdtemp(prefix="ui-pages-"))
    settings = {"home": work / "us-cbp", "outbox_poll_seconds": 0, "replication_interval_seconds": 0}
    partner_settings = {**settings, "home": work / "ca-cbsa"}
    if args.reuse:
        node, partner = open_node(Settings.from_mapping(settings)), open_node(Settings.from_mapping(partner_settings))
        seeded: dict[str, Any] = {"lists_s": 0.0, "intake_s": 0.0, "travellers": 0}
        work_done: dict[str, int] = {}
    else:
        node = init_node(Settings.from_mapping(settings), "us-cbp", "USA", "U.S. Customs and Border Protection")
        partner = init_node(Settings.from_mapping(partner_settings), "ca-cbsa", "CAN", "Canada Border Services Agency")
        for username, role in (("ana", Role.ANALYST), ("olga", Role.OFFICER), ("aude", Role.AUDITOR)):
            users.add_user(node, Actor.system(), username, role, username.title(), PASSWORD)
        print(f"seeding {args.flights} flights of {args.per_flight} travellers in {work}", file=sys.stderr)
        seeded = seed(node, data, args.flights, args.per_flight)
        work_done = day_of_work(node, partner)
        print(f"seeded: {seeded} {work_done}", file=sys.stderr)
    rows = []
    with TestClient(create_app(node.settings, node)) as client:
        tokens: dict[str, str] = {}
        for user, label, method, url, form in pages(node):
            if user not in tokens:
                client.cookies.clear()
                tokens.clear()
                tokens[user] = sign_in(client, user)
            form_data = {**form, "csrf_token": tokens[user]} if form is not None else None
            times = measure(client, method, url, args.requests, form_data)
            ordered = sorted(times)
            p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]
            rows.append((label, statistics.median(times), p95, ordered[-1]))
            print(f"  {label}: p50 {rows[-1][1]:.1f} ms", file=sys.stderr)
    print(
        f"\nSeeded in {seeded['lists_s']:.0f} s (lists) + {seeded['intake_s']:.0f} s (intake, screening);"
        f" {seeded['travellers']:,} travellers, {work_done}\n"
    )
    print("| page | p50 ms | p95 ms | max ms |\n|---|---:|---:|---:|")
    for label, p50, p95, top in rows:
        print(f"| {label} | {p50:.1f} | {p95:.1f} | {top:.1f} |")
    node.close()
    partner.close()
    if not args.keep and args.work is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
