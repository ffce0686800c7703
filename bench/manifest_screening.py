"""Passenger data: parse speed of PAXLST and PNRGOV, and whole-flight screening end to end (not a test).

    .venv/bin/python bench/manifest_screening.py [--postgres URL] [--runs 5] [path/to/shared/data]

1. Parsing: every real PAXLST and PNRGOV message in ``shared/data/messages``, in memory, parsed repeatedly for
   about two seconds per kind; messages a second (and travellers a second for PAXLST).
2. Screening end to end: a fresh node (SQLite, or a fresh PostgreSQL schema) with the full OFAC SDN, OFAC non-SDN
   and UN lists and five active targeting rules; then ``passenger_intake.receive`` (parse, recognise repeats,
   store the manifest and every traveller, screen every traveller against the lists, check every document in the
   registry, apply the rules, decide, audit) for the real 260-traveller manifest (``Test3.txt``) and a synthetic
   500-traveller one (Test3's travellers and 240 more, each with a name, birth date, nationality and passport).
   Each run sends the manifest with a new message reference so that it is not taken for a repeat. The first
   screen of a process builds or loads the screening index; it is timed apart.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Any

from perimeter.core.access import Actor
from perimeter.formats.paxlst import parse_paxlst
from perimeter.formats.paxlst_writer import write_paxlst
from perimeter.formats.pnrgov import parse_pnrgov
from perimeter.records.passenger import Manifest, TravelDocument, Traveller, TravellerRole
from perimeter.services import passenger_intake, targeting_rules
from perimeter.services import watchlist_sources as sources
from perimeter.services.node import Node, init_node
from perimeter.settings import Settings
from perimeter.store.database import create_schema_if_missing, drop_schema

TEST3 = "messages/paxlst/gtas-loader__apis-messages__Test3.txt"
RULES = {
    "route-dxb": '"DXB" in itinerary.airports || "IST" in itinerary.airports',
    "expiring": "documents.exists(d, d.days_to_expiry != null && d.days_to_expiry < 30)",
    "cash-late": "pnr.present && pnr.paid_cash && pnr.booked_hours_before_departure < 24",
    "young-alone": "traveller.age != null && traveller.age < 16 && !pnr.present",
    "agency": 'pnr.present && pnr.agency.iata_number in ["52519950", "00000000"]',
}
SURNAMES = ["GARCIA", "MULLER", "ROSSI", "KOWALSKI", "NGUYEN", "HASSAN", "IVANOV", "TANAKA", "SILVA", "OKAFOR"]
GIVEN = ["MARIA", "JOHN", "AHMED", "LI", "ANNA", "PEDRO", "FATIMA", "IGOR", "YUKI", "GRACE", "ERIC", "OMAR"]
COUNTRIES = ["USA", "GBR", "DEU", "FRA", "NGA", "IRN", "CHN", "BRA", "RUS", "JPN", "EGY", "COD"]


def parse_speed(shared: Path, seconds: float = 2.0) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for kind, parse in (("paxlst", parse_paxlst), ("pnrgov", parse_pnrgov)):
        files = [(path.name, path.read_bytes()) for path in sorted((shared / "messages" / kind).iterdir())]
        messages = travellers = 0
        started = time.perf_counter()
        while time.perf_counter() - started < seconds:
            for name, data in files:
                parsed: Any = parse(data, name)
                messages += 1
                travellers += (
                    len(parsed.travellers) if kind == "paxlst" else sum(len(p.travellers) for p in parsed.pnrs)
                )
        elapsed = time.perf_counter() - started
        result[kind] = {
            "files": len(files),
            "bytes": sum(len(data) for _, data in files),
            "messages_per_second": round(messages / elapsed, 1),
            "travellers_per_second": round(travellers / elapsed),
        }
    test3 = (shared / TEST3).read_bytes()
    runs = []
    for _ in range(20):
        started = time.perf_counter()
        parse_paxlst(test3, "Test3")
        runs.append(time.perf_counter() - started)
    result["test3_parse_ms"] = round(statistics.median(runs) * 1000, 1)
    return result


def synthetic(base: Manifest, size: int) -> Manifest:
    rng = random.Random(5)
    extra = []
    for index in range(size - len(base.travellers)):
        country = rng.choice(COUNTRIES)
        extra.append(
            Traveller(
                role=TravellerRole.PASSENGER,
                surname=rng.choice(SURNAMES),
                given_names=f"{rng.choice(GIVEN)} {rng.choice(GIVEN)}",
                birth_date=date(rng.randint(1940, 2015), rng.randint(1, 12), rng.randint(1, 28)),
                nationality=country,
                embarkation_airport="FRA",
                debarkation_airport="IAD",
                documents=(
                    TravelDocument(
                        type="P", number=f"X{index:08d}", issuing_country=country, expires_on=date(2027, 1, 1)
                    ),
                ),
            )
        )
    return base.model_copy(update={"travellers": base.travellers + tuple(extra), "declared_passenger_count": size})


def message(manifest: Manifest, reference: str) -> bytes:
    return write_paxlst(manifest, sender="UNITED", receiver="USCSAPIS", reference=reference, version="D02B")


def prepare(shared: Path, home: Path, postgres: str | None, schema: str | None) -> tuple[Node, dict[str, float]]:
    values: dict[str, object] = {"home": home}
    if postgres and schema:
        create_schema_if_missing(postgres, schema)
        values.update(database_url=postgres, database_schema=schema)
    node = init_node(Settings.from_mapping(values), "us-cbp", "USA", "bench")
    actor = Actor.system()
    timings: dict[str, float] = {}
    started = time.perf_counter()
    sources.load_file(node, actor, "ofac-sdn", "ofac-sdn", shared / "lists/ofac-sdn")
    sources.load_file(node, actor, "ofac-nonsdn", "ofac-nonsdn", shared / "lists/ofac-consolidated-nonsdn")
    sources.load_file(node, actor, "un", "un-consolidated", shared / "lists/un-consolidated/UN_consolidated.xml")
    timings["load_lists_s"] = round(time.perf_counter() - started, 1)
    for rule_id, expression in RULES.items():
        targeting_rules.add(node, actor, rule_id, rule_id, expression)
        targeting_rules.activate(node, actor, rule_id)
    return node, timings


def screening(shared: Path, postgres: str | None, runs: int) -> dict[str, Any]:
    schema = f"bench_{uuid.uuid4().hex[:8]}" if postgres else None
    actor = Actor.system()
    with tempfile.TemporaryDirectory() as directory:
        node, result = prepare(shared, Path(directory), postgres, schema)
        try:
            real = (shared / TEST3).read_bytes()
            base = parse_paxlst(real, "Test3")
            started = time.perf_counter()
            first = passenger_intake.receive(node, actor, real, "Test3.txt")
            result["first_screen_with_index_build_s"] = round(time.perf_counter() - started, 2)
            assert first.assessment is not None
            result["test3_dispositions"] = first.assessment.counts()
            for label, manifest in (("test3_260", base), ("synthetic_500", synthetic(base, 500))):
                times, stages = [], []
                for run in range(runs):
                    data = message(manifest, f"{label[:4].upper()}{run:04d}")
                    started = time.perf_counter()
                    receipt = passenger_intake.receive(node, actor, data, label)
                    times.append(time.perf_counter() - started)
                    assert receipt.assessment is not None and not receipt.already_received
                    stages.append(receipt.assessment.timings_ms)
                travellers = len(manifest.travellers)
                median = statistics.median(times)
                result[label] = {
                    "travellers": travellers,
                    "median_s": round(median, 3),
                    "best_s": round(min(times), 3),
                    "worst_s": round(max(times), 3),
                    "travellers_per_second": round(travellers / median),
                    "watchlists_ms_median": statistics.median(stage["watchlists"] for stage in stages),
                    "documents_and_rules_ms_median": statistics.median(
                        stage["documents_and_rules"] for stage in stages
                    ),
                    "dispositions": receipt.assessment.counts(),
                }
        finally:
            node.close()
            if postgres and schema:
                drop_schema(postgres, schema)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("shared", nargs="?", default="../shared/data", type=Path)
    parser.add_argument("--postgres", default=None, help="also measure on this PostgreSQL database")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-parse", action="store_true")
    options = parser.parse_args()
    report: dict[str, Any] = {}
    if not options.skip_parse:
        report["parse"] = parse_speed(options.shared)
    report["sqlite"] = screening(options.shared, None, options.runs)
    if options.postgres:
        report["postgresql"] = screening(options.shared, options.postgres, options.runs)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
