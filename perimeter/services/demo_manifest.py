"""The demonstration's flight to Toronto: a real PAXLST manifest, re-addressed to Toronto Pearson (YYZ).

The message is GTAS's 260-traveller test manifest (``shared/data/messages/paxlst``), a flight from Frankfurt to
Washington Dulles; the demonstration sends the same flight to Toronto, so the travellers, their documents and
the message layout are the real ones, and only the arrival airport changes. One passenger is on a U.S. list.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from perimeter.formats.paxlst import parse_paxlst
from perimeter.formats.paxlst_writer import write_paxlst
from perimeter.records.passenger import Manifest, Traveller

MANIFEST_FILE = Path("messages/paxlst/gtas-loader__apis-messages__Test3.txt")
ARRIVAL = "YYZ"
# The passenger the U.S. lists (by the name, birth date and nationality the manifest gives).
LISTED_SURNAME, LISTED_GIVEN = "Oortmeijer", "Brett Pat"


@dataclass(frozen=True)
class TorontoFlight:
    source: Path
    message: bytes  # the re-addressed PAXLST, as the airline would send it to CBSA
    manifest: Manifest  # as CBSA reads it back

    @property
    def listed(self) -> Traveller:
        return next(t for t in self.manifest.passengers if t.surname == LISTED_SURNAME)


def toronto_flight(shared: Path) -> TorontoFlight:
    """Read the real manifest, send its flight to Toronto, write it as PAXLST and read it back as CBSA would."""
    source = shared / MANIFEST_FILE
    original = parse_paxlst(source.read_bytes(), source.name)
    flights = tuple(leg.model_copy(update={"arrival_airport": ARRIVAL}) for leg in original.flights)
    travellers = tuple(_to_toronto(traveller) for traveller in original.travellers)
    redirected = original.model_copy(update={"flights": flights, "travellers": travellers, "receiver": "CBSA"})
    message = write_paxlst(
        redirected, sender=original.sender, receiver="CBSA", reference=original.message_reference, version="D02B"
    )
    return TorontoFlight(source, message, parse_paxlst(message, f"{source.name} (to {ARRIVAL})"))


def _to_toronto(traveller: Traveller) -> Traveller:
    changes: dict[str, Any] = {"debarkation_airport": ARRIVAL}
    if traveller.clearance_airport:
        changes["clearance_airport"] = ARRIVAL
    return traveller.model_copy(update=changes)


def listed_entry(traveller: Traveller) -> dict[str, Any]:
    """The U.S. national lookout entry for the listed passenger, in the national-list format."""
    given, family = traveller.given_names or "", traveller.surname or ""
    return {
        "id": "us-lookout-2026-0417",
        "category": "criminal",
        "subject_type": "person",
        "names": [{"full": f"{given} {family}", "kind": "primary", "given": given, "family": family}],
        "birth_dates": [{"date": traveller.birth_date.isoformat()}] if traveller.birth_date else [],
        "nationalities": [traveller.nationality] if traveller.nationality else [],
        "handling": "Refer to secondary inspection; do not alert the subject; call the U.S. liaison desk.",
        "remarks": "Subject of a federal arrest warrant for wire fraud (demonstration entry).",
    }


def screening_query(traveller: Traveller) -> dict[str, Any]:
    """What a partner is asked about a traveller (``screening.person``)."""
    document = next((d.number for d in traveller.documents if d.number), None)
    query: dict[str, Any] = {"name": traveller.full_name}
    if traveller.birth_date:
        query["birth_date"] = traveller.birth_date.isoformat()
    if traveller.nationality:
        query["nationality"] = traveller.nationality
    if traveller.gender:
        query["gender"] = traveller.gender.value
    if document:
        query["document_number"] = document
    return query
