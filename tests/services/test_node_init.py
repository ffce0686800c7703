import json
import stat
from pathlib import Path

import pytest
from sqlalchemy import select

from perimeter.core.errors import Conflict, InvalidInput, NotInitialised, UnknownCountry
from perimeter.federation.identity import PRIVATE_KEY_FILE, load_private_key
from perimeter.services.node import init_node, open_node
from perimeter.settings import Settings
from perimeter.store import audit_log
from perimeter.store.tables.identity import node_identity
from tests.conftest import NodeFactory


def test_init_creates_identity_database_and_private_key_readable_only_by_owner(make_node: NodeFactory) -> None:
    node = make_node("us-cbp", "usa", "U.S. Customs and Border Protection")
    assert node.identity.country == "USA"
    key_file = node.home / PRIVATE_KEY_FILE
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_file.parent.stat().st_mode) == 0o700
    private_key = load_private_key(node.home)
    signature = private_key.sign(b"hello")
    node.identity.public_key().verify(signature, b"hello")
    assert json.loads((node.home / "node.json").read_text())["node_id"] == "us-cbp"
    with node.db.read() as connection:
        assert connection.execute(select(node_identity.c.node_id)).scalar() == "us-cbp"
        first = next(audit_log.entries(connection))
    assert first.action == "node.init" and first.seq == 1


@pytest.mark.parametrize("country", ["D", "GBD", "UNO", "XXA"])
def test_icao_codes_are_accepted_as_the_node_country(make_node: NodeFactory, country: str) -> None:
    assert make_node(f"node-{country.lower()}", country).identity.country == country


def test_an_unknown_country_is_refused_and_leaves_no_node(tmp_path: Path) -> None:
    settings = Settings.from_mapping({"home": tmp_path / "n"})
    with pytest.raises(UnknownCountry, match="'ZZZ' is not an ISO 3166-1 alpha-3 code"):
        init_node(settings, "zz-agency", "ZZZ", "Nowhere")
    assert not (tmp_path / "n" / "node.json").exists()


@pytest.mark.parametrize("node_id", ["US", "us_cbp", "-us", "US-CBP", "a" * 70])
def test_malformed_node_ids_are_refused(tmp_path: Path, node_id: str) -> None:
    with pytest.raises(InvalidInput, match="node id"):
        init_node(Settings.from_mapping({"home": tmp_path}), node_id, "USA", "x")


def test_init_twice_in_the_same_home_is_refused(make_node: NodeFactory) -> None:
    node = make_node()
    with pytest.raises(Conflict, match="already holds node 'us-cbp'"):
        init_node(node.settings, "ca-cbsa", "CAN", "Canada Border Services Agency")


def test_opening_a_home_without_a_node_says_to_run_init(tmp_path: Path) -> None:
    with pytest.raises(NotInitialised, match="perimeter init"):
        open_node(Settings.from_mapping({"home": tmp_path}))


def test_reopening_migrates_and_keeps_identity(make_node: NodeFactory) -> None:
    node = make_node()
    node.close()
    reopened = open_node(node.settings)
    assert reopened.identity == node.identity
    reopened.close()
