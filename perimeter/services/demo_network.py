"""The three-node demonstration network: the United States, Canada and Mexico on one machine.

Each node has its own home, SQLite database, key pair, users and port; they are partners of each other and bound
by three agreements that differ (``demo_agreements``). The United States node holds the OFAC SDN list and a
national lookout list; every node holds the UN consolidated list; Mexico reports a stolen passport.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from perimeter.core.access import Actor, Role
from perimeter.services import demo_agreements, users, watchlist_sources
from perimeter.services.demo_data import OFFICIAL_LISTS, load_demo_lists
from perimeter.services.federation_links import conclude, introduce
from perimeter.services.node import Node, init_node
from perimeter.services.watchlist_loading import LoadReport
from perimeter.settings import Settings

US, CA, MX = "us-cbp", "ca-cbsa", "mx-inm"


@dataclass(frozen=True)
class NodeSpec:
    node_id: str
    country: str
    name: str


SPECS = (
    NodeSpec(US, "USA", "U.S. Customs and Border Protection (demonstration)"),
    NodeSpec(CA, "CAN", "Canada Border Services Agency (demonstration)"),
    NodeSpec(MX, "MEX", "Instituto Nacional de Migración (demonstration)"),
)
ROLES = (("admin", Role.ADMIN), ("liaison", Role.LIAISON), ("officer", Role.OFFICER))


@dataclass
class Account:
    username: str
    role: Role
    password: str
    token: str


@dataclass
class DemoNode:
    spec: NodeSpec
    node: Node
    port: int
    accounts: dict[str, Account] = field(default_factory=dict)
    loads: list[LoadReport] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def actor(self, username: str) -> Actor:
        account = self.accounts[username]
        return Actor.user(account.username, account.role)


@dataclass
class DemoNetwork:
    base: Path
    nodes: dict[str, DemoNode]

    def __getitem__(self, node_id: str) -> DemoNode:
        return self.nodes[node_id]

    def __iter__(self) -> Iterator[DemoNode]:
        return iter(self.nodes.values())

    def close(self) -> None:
        for member in self:
            member.node.close()


def node_settings(template: Settings, home: Path) -> Settings:
    """A demo node's settings: its own home and SQLite file, the outbox polled often so notifications are quick."""
    return template.with_changes(home=home, database_url="", database_schema="", outbox_poll_seconds=0.05)


def create_network(template: Settings, base: Path, ports: Sequence[int]) -> DemoNetwork:
    """Initialise the three nodes under ``base`` (served on ``ports``), with users, partners and the agreements."""
    system = Actor.system()
    members: dict[str, DemoNode] = {}
    for spec, port in zip(SPECS, ports, strict=True):
        node = init_node(node_settings(template, base / spec.node_id), spec.node_id, spec.country, spec.name)
        member = DemoNode(spec, node, port)
        for username, role in ROLES:
            password = secrets.token_urlsafe(12)
            users.add_user(node, system, username, role, f"Demo {role.value}", password)
            token = users.create_token(node, system, username, "demo", 1).token
            member.accounts[username] = Account(username, role, password, token)
        members[spec.node_id] = member
    network = DemoNetwork(base, members)
    introduce({m.node.node_id: m.url for m in network}, [m.node for m in network])
    for parties, text in demo_agreements.all_agreements(date.today()):
        conclude([network[party].node for party in parties], text)
    return network


def load_official_lists(network: DemoNetwork, shared: Path | None) -> None:
    """The United States node loads the OFAC SDN list; every node loads the UN consolidated list.

    Without the shared data, the United States node fetches them from their publishers, else loads a generated
    list of fictional people (``demo_data``).
    """
    system = Actor.system()
    if shared is None:
        network[US].loads.extend(load_demo_lists(network[US].node, system, None).reports)
        return
    for member in network:
        for list_name, fmt, relative in OFFICIAL_LISTS:
            if list_name == "ofac-sdn" and member.spec.node_id != US:
                continue
            member.loads.append(watchlist_sources.load_file(member.node, system, list_name, fmt, shared / relative))
