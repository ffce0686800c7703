"""What every command gets: the settings, the node opened on demand, and the local administrator as actor."""

from __future__ import annotations

import getpass
from dataclasses import dataclass, field

import click

from perimeter.core.access import Actor, Role
from perimeter.services.node import Node, open_node
from perimeter.settings import Settings


@dataclass
class CliContext:
    settings: Settings
    _node: Node | None = field(default=None, repr=False)

    @property
    def node(self) -> Node:
        if self._node is None:
            self._node = open_node(self.settings)
        return self._node

    @property
    def actor(self) -> Actor:
        """Whoever runs the command on the node's host holds its keys, and so acts as a local administrator."""
        try:
            user = getpass.getuser()
        except (KeyError, OSError):
            user = "unknown"
        return Actor(user, Role.ADMIN, "local")

    def close(self) -> None:
        if self._node is not None:
            self._node.close()
            self._node = None


pass_context = click.make_pass_decorator(CliContext)
