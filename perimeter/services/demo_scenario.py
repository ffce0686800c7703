"""The demonstration's scenario, played against three served nodes over real HTTP, every outcome verified.

1. A flight to Toronto: CBSA screens every passenger of a real PAXLST manifest with its partners (one
   ``screening.persons`` batch request per partner); the United States answers a hit on its lookout list with the
   summary the US–CA agreement allows; CBSA notifies the United States; the U.S. liaison officer confirms, states
   the handling and releases the summary; CBSA sees it.
2. A stolen Mexican passport at a U.S. land port: Mexico reports it stolen; the U.S. port-of-entry check asks Mexico
   (hit/no-hit, not replicated) and gets a hit; the United States notifies Mexico, which confirms and asks for the
   document to be seized.
3. What must be refused is refused: Mexico learns nothing of a U.S. record outside the terrorism category, cannot
   notify on one, cannot ask for an unlisted purpose; a hit/no-hit owner cannot release fields; an officer cannot
   answer for the owner.
Replication is shown too: a U.S. lost passport reaches Canada's registry (replicated), not Mexico's (queried), and
Canada's hit on it notifies the United States.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from perimeter.core.errors import PerimeterError
from perimeter.federation.replication import FEED
from perimeter.formats.mrz.compose import compose_td3
from perimeter.records.cases import Case, RecordKind
from perimeter.services import cases, document_checks, document_registry, passenger_intake, watchlist_entries
from perimeter.services import demo_calls as calls
from perimeter.services.demo_calls import PURPOSE
from perimeter.services.demo_manifest import TorontoFlight, listed_entry, screening_query, toronto_flight
from perimeter.services.demo_network import CA, MX, US, DemoNetwork, DemoNode
from perimeter.services.demo_results import ScenarioResult
from perimeter.services.port_of_entry import check_at_port
from perimeter.store import audit_log
from perimeter.store import cases as case_store
from perimeter.store.tables.base import utc_now

STOLEN_NUMBER = "G07654321"
LOST_US_NUMBER = "A47120963"
NAME_QUERY = {"query": {"name": "Brett Oortmeijer"}}


def play(network: DemoNetwork, shared: Path, *, sample: int | None = None, timeout: float = 15.0) -> ScenarioResult:
    """Play the whole scenario; every expected outcome and refusal becomes a check in the result.

    ``sample`` asks partners about only that many of the Toronto flight's passengers (the listed one among them),
    to keep a test quick; by default every passenger is asked about.
    """
    result = ScenarioResult()
    Scenario(network, shared, result, timeout, sample).run()
    return result


class Scenario:
    def __init__(
        self, network: DemoNetwork, shared: Path, result: ScenarioResult, timeout: float, sample: int | None
    ) -> None:
        self.net, self.shared, self.result, self.timeout, self.sample = network, shared, result, timeout, sample

    def run(self) -> None:
        flight = toronto_flight(self.shared)
        self.prepare(flight)
        stages: list[tuple[str, Callable[[], None]]] = [
            ("toronto", lambda: self.toronto(flight)),
            ("stolen passport", self.stolen_passport),
            ("refusals", lambda: self.refusals(flight)),
            ("replication", self.replication),
        ]
        for name, stage in stages:
            try:
                stage()
            except PerimeterError as error:  # an unexpected refusal fails the check, and the next stage still runs
                self.result.expect(f"{name}: no unexpected error", False, error.message)

    # -- set-up by the owners ---------------------------------------------------------------------------------
    def prepare(self, flight: TorontoFlight) -> None:
        us, mx = self.net[US], self.net[MX]
        manager = us.actor("admin")
        watchlist_entries.create_list(us.node, manager, "us-lookout", "U.S. national lookout list (demonstration)")
        watchlist_entries.add_entry(us.node, manager, "us-lookout", listed_entry(flight.listed))
        stolen = {
            "issuing_country": "MEX",
            "document_type": "passport",
            "number": STOLEN_NUMBER,
            "status": "stolen",
            "reported_on": (date.today() - timedelta(days=9)).isoformat(),
            "reporting_authority": "Secretaría de Relaciones Exteriores, Tijuana",
            "holder_surname": "HERNANDEZ LOPEZ",
            "holder_given_names": "MARIA GUADALUPE",
        }
        document_registry.add(mx.node, mx.actor("admin"), stolen)

    # -- 1. the flight to Toronto ---------------------------------------------------------------------------
    def toronto(self, flight: TorontoFlight) -> None:
        ca, us = self.net[CA], self.net[US]
        manifest = flight.manifest
        self.result.expect(
            "toronto manifest read",
            len(manifest.passengers) == 260 and all(leg.arrival_airport == "YYZ" for leg in manifest.flights),
            f"{len(manifest.passengers)} passengers on {manifest.flights[0].designator} to YYZ",
        )
        receipt = passenger_intake.receive(ca.node, ca.actor("admin"), flight.message, "UA0989-FRA-YYZ.edi")
        self.result.expect(
            "ca stores the manifest and screens it against its own holdings",
            receipt.manifest_id is not None and receipt.assessment is not None,
            f"manifest {receipt.manifest_id}",
        )
        if receipt.manifest_id is None:
            return
        travellers = list(flight.manifest.travellers)
        chosen = list(manifest.passengers)
        if self.sample is not None:
            others = [t for t in chosen if t is not flight.listed][: max(self.sample - 1, 0)]
            chosen = [t for t in chosen if t is flight.listed or t in others]
        positions = [travellers.index(t) + 1 for t in chosen]
        started = time.perf_counter()
        # One signed batch request per partner for the whole flight (screening.persons), not one per traveller.
        answer = calls.screen_flight(ca, receipt.manifest_id, positions)
        self.result.facts["toronto_screening"] = {
            "travellers": answer["travellers_asked"],
            "seconds": round(time.perf_counter() - started, 2),
            "requests": {
                f"{outcome['partner']} {outcome['kind']}": outcome["requests"] for outcome in answer["partners"]
            },
        }
        us_hits = [
            (row["position"], hit)
            for row in answer["travellers"]
            for hit in row["partner_hits"]
            if hit["partner"] == US
        ]
        listed_position = travellers.index(flight.listed) + 1
        self.result.expect(
            "ca screening finds the listed passenger on a us record, and only them",
            [position for position, _ in us_hits] == [listed_position],
            f"{len(us_hits)} U.S. hit(s) among {answer['travellers_asked']} passengers",
        )
        self.result.expect(
            "ca's stored assessment of the listed passenger now names the us hit",
            any(
                row["position"] == listed_position and row["disposition"] != "no-action" for row in answer["travellers"]
            ),
            f"{answer['raised']} traveller(s) raised by partners' hits",
        )
        if not us_hits:
            return
        hit = us_hits[0][1]
        record = hit["record"]
        self.result.expect(
            "us answer is the summary the us-ca clause releases",
            hit["level"] == "summary" and hit["clause"] == "watchlist-summary-on-hit" and "remarks" not in record,
            f"level {hit['level']}, fields {sorted(record)}",
        )
        officer = ca.actor("officer")
        case = cases.notify_owner(
            ca.node,
            officer,
            cases.Hit(
                RecordKind.WATCHLIST_ENTRY,
                None,
                US,
                subject={"name": flight.listed.full_name, **screening_query(flight.listed)},
                score=record.get("score"),
                explanation="; ".join(record.get("explanation") or []) or None,
                category=record.get("category"),
                reference=hit["reference"],
            ),
            "CAYYZ",
            utc_now(),
            "Referred to secondary inspection on arrival of UA0989",
            purpose=PURPOSE,
        )
        received = self._arrival(us, case, "toronto")
        if not received:
            return
        liaison = us.actor("liaison")
        listed = cases.list_cases(us.node, liaison, direction="received", state="notified")[1]
        self.result.expect("us liaison sees the notification", [c.case_id for c in listed] == [case.case_id])
        self.result.refused(
            "ca officer cannot confirm for the owner",
            lambda: cases.confirm_identity(ca.node, ca.actor("liaison"), case.case_id),
            "only the owner may confirm",
        )
        self.result.refused(
            "us officer may not answer a partner's notification",
            lambda: cases.confirm_identity(us.node, us.actor("officer"), case.case_id),
            "cases:write",
        )
        cases.confirm_identity(
            us.node, liaison, case.case_id, handling="Refuse entry and return the traveller to FRA; call the U.S. desk"
        )
        self.result.refused(
            "us cannot release beyond the summary",
            lambda: cases.release(us.node, liaison, case.case_id, ["names", "remarks"]),
            "does not release remarks",
        )
        cases.release(us.node, liaison, case.case_id, ["names", "birth_dates", "nationalities", "category", "handling"])
        seen = self._wait(lambda: self._case(ca, case.case_id, lambda c: bool(c.released)))
        self.result.expect(
            "ca sees the confirmation, the handling and the summary",
            seen is not None
            and seen.state.value == "identity-confirmed"
            and seen.released.get("category") == "criminal"
            and bool(seen.handling_requested),
            f"state {seen.state.value if seen else None}, released {sorted(seen.released) if seen else []}",
        )
        cases.record_officer_action(ca.node, officer, case.case_id, "Entry refused; traveller returned to FRA")
        cases.close(ca.node, ca.actor("liaison"), case.case_id, "Entry refused")
        closed = self._wait(lambda: self._case(us, case.case_id, lambda c: c.state.value == "closed"))
        self.result.expect("the case is closed on both sides", closed is not None)

    # -- 2. the stolen Mexican passport ------------------------------------------------------------------------
    def stolen_passport(self) -> None:
        us, mx = self.net[US], self.net[MX]
        officer = us.actor("officer")
        zone = compose_td3(
            document_number=STOLEN_NUMBER,
            issuing_country="MEX",
            surname="HERNANDEZ LOPEZ",
            given_names="MARIA GUADALUPE",
            nationality="MEX",
            birth_date=date(1988, 3, 14),
            sex="F",
            expiry_date=date.today() + timedelta(days=1500),
        )
        local = check_at_port(us.node, officer, zone, location="USSYS")
        self.result.expect(
            "us registry does not hold mexico's records (queried, not replicated)",
            not any(check.found for check in local.status_checks),
            f"local decision {local.decision}",
        )
        federated = calls.check_document(us, "MEX", STOLEN_NUMBER)
        answers = {item["partner"]: item for item in federated["partners"]}
        mexico = answers.get(MX, {})
        mx_answer = mexico.get("answer") or {}
        records = mx_answer.get("records") or []
        self.result.expect(
            "mexico answers hit, and nothing more (hit/no-hit)",
            mexico.get("status") == "answered"
            and mx_answer.get("hit") is True
            and len(records) == 1
            and records[0]["record"] == {},
            f"{mexico.get('status')}: {records}",
        )
        if not records:
            return
        case = cases.notify_owner(
            us.node,
            officer,
            cases.Hit(
                RecordKind.DOCUMENT_STATUS,
                None,
                MX,
                subject={"document": f"MEX passport {STOLEN_NUMBER}", "mrz": zone},
                reference=records[0]["reference"],
            ),
            "USSYS",
            utc_now(),
            "Document retained; traveller referred to secondary at San Ysidro",
            purpose=PURPOSE,
        )
        if not self._arrival(mx, case, "stolen passport"):
            return
        held = self._case(mx, case.case_id, lambda c: c.record_id == f"MEX/passport/{STOLEN_NUMBER}")
        self.result.expect("mexico opens the sealed reference to its own record", held is not None)
        liaison = mx.actor("liaison")
        cases.confirm_identity(
            mx.node, liaison, case.case_id, handling="Seize the passport; the consulate in San Diego will collect it"
        )
        self.result.refused(
            "mexico releases nothing under hit/no-hit",
            lambda: cases.release(mx.node, liaison, case.case_id, ["holder_surname"]),
            "nothing beyond hit/no-hit",
        )
        seen = self._wait(lambda: self._case(us, case.case_id, lambda c: c.state.value == "identity-confirmed"))
        self.result.expect(
            "us sees mexico's confirmation and handling, and no core data is owed under hit/no-hit",
            seen is not None and "Seize" in (seen.handling_requested or "") and seen.core_data_due_at is None,
        )
        # Left open for a person to explore: the U.S. side closes it once the passport is handed over.

    # -- 3. what must be refused ---------------------------------------------------------------------------
    def refusals(self, flight: TorontoFlight) -> None:
        us, mx = self.net[US], self.net[MX]
        before = self._withheld(us)
        answer = calls.screen_people(mx, [screening_query(flight.listed)])[0]
        from_us: dict[str, Any] = next((p for p in answer["partners"] if p["partner"] == US), {})
        self.result.expect(
            "mexico learns nothing of a non-terrorism us record",
            from_us.get("status") == "answered" and (from_us.get("answer") or {}).get("hit") is False,
            f"{from_us.get('status')}: {from_us.get('answer')}",
        )
        self.result.expect("us audits the withheld hit", self._withheld(us) > before)
        self.result.refused(
            "mexico cannot notify on a non-terrorism us record",
            lambda: cases.notify_owner(
                mx.node,
                mx.actor("officer"),
                cases.Hit(RecordKind.WATCHLIST_ENTRY, "us-lookout-2026-0417", US, category="criminal"),
                "MXMEX",
                utc_now(),
                "Held at the gate",
            ),
            "covers only the categories terrorism",
        )
        self.result.refused(
            "mexico cannot ask for a purpose the agreement does not enumerate",
            lambda: calls.query(mx, US, "screening.person", NAME_QUERY, "us-mx-perimeter", "marketing"),
            "not enumerated",
        )

    # -- replication ----------------------------------------------------------------------------------------
    def replication(self) -> None:
        us, ca, mx = self.net[US], self.net[CA], self.net[MX]
        lost = {
            "issuing_country": "USA",
            "document_type": "passport",
            "number": LOST_US_NUMBER,
            "status": "lost",
            "reported_on": date.today().isoformat(),
            "reporting_authority": "U.S. Department of State",
        }
        document_registry.add(us.node, us.actor("admin"), lost)
        calls.pull_documents(ca, US)
        at_ca = document_checks.check(ca.node, ca.actor("officer"), "USA", LOST_US_NUMBER)
        self.result.expect(
            "a us lost passport is replicated to canada",
            at_ca.found and all(r.owner_node == US for r in at_ca.records),
        )
        if at_ca.found:  # a hit on a replicated record names the owner's record itself: no sealed reference
            record = at_ca.records[0]
            case = cases.notify_owner(
                ca.node,
                ca.actor("officer"),
                cases.Hit(RecordKind.DOCUMENT_STATUS, record.record_id, US, subject={"document": record.record_id}),
                "CAYVR",
                utc_now(),
                "Passport retained at Vancouver; traveller referred to secondary",
                purpose=PURPOSE,
            )
            if self._arrival(us, case, "replicated document"):
                held = self._case(us, case.case_id, lambda c: c.record_id == record.record_id)
                self.result.expect("the us receives a notification on its replicated record", held is not None)
        calls.pull_documents(mx, US)  # no agreement lets the U.S. replicate to Mexico: nothing arrives
        at_mx = document_checks.check(mx.node, mx.actor("officer"), "USA", LOST_US_NUMBER)
        self.result.expect("the us lost passport is not replicated to mexico", not at_mx.found)
        self.result.refused(
            "mexico may not pull the us document feed",
            lambda: calls.query(mx, US, FEED, {"after": 0}, "us-mx-perimeter", PURPOSE),
            "replication",
        )

    # -- helpers ---------------------------------------------------------------------------------------------
    def _arrival(self, owner: DemoNode, case: Case, label: str) -> bool:
        started = time.perf_counter()
        found = self._wait(lambda: self._case(owner, case.case_id, lambda c: True))
        if found is not None:
            self.result.latencies_ms.append((time.perf_counter() - started) * 1000)
        return self.result.expect(f"{label}: the owner receives the hit notification", found is not None)

    def _case(self, member: DemoNode, case_id: str, condition: Callable[[Case], bool]) -> Case | None:
        with member.node.db.read() as connection:
            case = case_store.get_case(connection, case_id)
        return case if case is not None and condition(case) else None

    def _wait(self, probe: Callable[[], Case | None]) -> Case | None:
        deadline = time.perf_counter() + self.timeout
        while time.perf_counter() < deadline:
            found = probe()
            if found is not None:
                return found
            time.sleep(0.005)
        return None

    def _withheld(self, member: DemoNode) -> int:
        with member.node.db.read() as connection:
            entries = audit_log.entries(connection, action_prefix="federation.disclose")
            return sum(int(entry.details.get("withheld", 0)) for entry in entries)
