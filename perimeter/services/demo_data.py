"""Where the demonstration gets its lists: the real files beside the project, the publishers, or a generated list.

The generated list is made of fictional people, so a node without the files or the internet can still be shown.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

from perimeter.core.access import Actor
from perimeter.core.errors import PerimeterError
from perimeter.services import watchlist_sources as sources
from perimeter.services.node import Node
from perimeter.services.watchlist_loading import LoadReport

OFFICIAL_LISTS = (
    ("ofac-sdn", "ofac-sdn", Path("lists/ofac-sdn")),
    ("un-consolidated", "un-consolidated", Path("lists/un-consolidated/UN_consolidated.xml")),
)

_GIVEN = ["Adrian", "Beatriz", "Casimir", "Dalia", "Emeric", "Fenna", "Gideon", "Halina", "Ilario", "Jorunn"]
_FAMILY = ["Quarrington", "Velasquez-Orme", "Thornquist", "Abernathy", "Lindqvist", "Okonkwo-Baird", "Marchetti"]


@dataclass
class DemoLoad:
    origin: str  # "shared data", "publisher", or "generated"
    reports: list[LoadReport]


def find_shared_data(*starts: Path) -> Path | None:
    """The ``shared/data`` folder beside the project checkout, if there is one."""
    for start in starts:
        for folder in [start, *start.resolve().parents]:
            candidate = folder.parent / "shared" / "data"
            if (candidate / "lists").is_dir():
                return candidate
    return None


def generated_list(count: int = 40, seed: int = 7) -> bytes:
    """A national list of fictional people in the national-list JSON Lines format."""
    rng = random.Random(seed)
    lines = []
    for number in range(1, count + 1):
        given, family = rng.choice(_GIVEN), rng.choice(_FAMILY)
        year = rng.randint(1950, 2000)
        entry = {
            "id": f"demo-{number:04d}",
            "category": rng.choice(["immigration-lookout", "criminal", "terrorism"]),
            "subject_type": "person",
            "names": [{"full": f"{given} {family}", "kind": "primary", "given": given, "family": family}],
            "birth_dates": [{"date": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"}],
            "nationalities": [rng.choice(["USA", "CAN", "MEX", "GBR", "FRA"])],
            "handling": "Refer to secondary inspection and notify the owning agency.",
            "remarks": "Fictional person generated for the demonstration.",
        }
        lines.append(json.dumps(entry))
    return ("\n".join(lines) + "\n").encode()


def load_demo_lists(node: Node, actor: Actor, shared: Path | None) -> DemoLoad:
    """Load the official lists from the shared data, else from their publishers, else a generated list."""
    if shared is not None:
        reports = [
            sources.load_file(node, actor, list_name, fmt, shared / relative)
            for list_name, fmt, relative in OFFICIAL_LISTS
        ]
        return DemoLoad("shared data", reports)
    try:
        reports = [sources.fetch(node, actor, fmt, list_name) for list_name, fmt, _ in OFFICIAL_LISTS]
        return DemoLoad("publisher", reports)
    except PerimeterError:
        report = sources.load_content(node, actor, "demo-national", "jsonl", [("generated", generated_list())])
        return DemoLoad("generated", [report])
