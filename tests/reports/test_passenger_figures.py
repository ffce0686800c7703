"""Manifests per carrier with their data quality, travellers screened, and targeting-rule hits, from real PAXLST."""

from __future__ import annotations

from datetime import date

from perimeter.core.access import Actor, Role
from perimeter.reports import queries
from perimeter.services import passenger_intake, targeting_rules
from tests.conftest import NodeFactory
from tests.reports.test_figures import figures_of, value
from tests.services.passenger_helpers import LEG, passenger, paxlst

ANALYST = Actor.user("ana", Role.ANALYST)


def test_manifest_figures_per_carrier(make_node: NodeFactory) -> None:
    node = make_node(pnr_mask_after_days=36500, pnr_delete_after_days=36600)
    targeting_rules.add(node, ANALYST, "young", "Under 25", "traveller.age < 25")
    targeting_rules.activate(node, ANALYST, "young")
    united = [
        passenger("NGUYEN", "LINH", date(2000, 6, 1), "VNM", ("VNM", "C1234567")),  # 16 at the flight: the rule
        passenger("KUCHEL", "RACHEL", date(1977, 10, 19), "USA", ("USA", "12345678")),
        passenger("DOE", "JANE", None, None, None),  # lacks document, birth date and nationality
    ]
    passenger_intake.receive(node, ANALYST, paxlst(united, "REF1"), "ua.edi")
    air_canada = LEG.model_copy(update={"carrier": "AC", "flight_number": "0871"})
    travellers = [passenger("TREMBLAY", "LUC", date(1990, 2, 2), "CAN", ("CAN", "AB123456"))]
    # The carrier declares two passengers but sends one: a count mismatch.
    message = paxlst(travellers, "REF2", leg=air_canada, declared_passenger_count=2)
    passenger_intake.receive(node, ANALYST, message, "ac.edi")

    figures = figures_of(node)

    def get(block: str, key: str) -> int | float:
        return value(figures, "immigration", block, key)

    assert (get("manifests-per-carrier", "UA"), get("manifests-per-carrier", "AC")) == (1, 1)
    # Both flights left in 2017: every manifest arrived late.
    assert (get("manifest-quality", "UA/late"), get("manifest-quality", "AC/late")) == (1, 1)
    assert (get("manifest-quality", "UA/incomplete"), get("manifest-quality", "AC/incomplete")) == (1, 0)
    assert (get("manifest-quality", "UA/count-mismatch"), get("manifest-quality", "AC/count-mismatch")) == (0, 1)
    assert get("manifest-travellers", "travellers") == 4
    assert get("manifest-travellers", "reviewed") == 1
    assert get("rule-hits", "young/v1") == 1
    immigration = figures.section("immigration")
    assert immigration is not None
    with node.db.read() as connection:
        for block in immigration.blocks:
            for figure in block.figures:
                assert queries.reproduce(connection, node.node_id, figure.source, figure.key) == figure
