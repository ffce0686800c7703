"""Serving the demonstration's nodes: one uvicorn server per node, all in one event loop on a background thread.

Each server runs its node's app with its lifespan, so each node's federation deliverer (outbox, replication pulls,
checkpoints, case escalation) runs as it would in production, and partners talk over real HTTP on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Sequence

import uvicorn

from perimeter.core.errors import Unavailable
from perimeter.services.node import Node
from perimeter.web.app import create_app


def free_ports(count: int) -> list[int]:
    """Ports nothing listens on now (for the headless check, which must not collide with a running demo)."""
    sockets = []
    for _ in range(count):
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        sockets.append(sock)
    ports = [sock.getsockname()[1] for sock in sockets]
    for sock in sockets:
        sock.close()
    return ports


def require_free(ports: Sequence[int]) -> None:
    """Refuse, naming the port, when one of ``ports`` is already taken (another demo still running, ...)."""
    for port in ports:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                raise Unavailable(f"port {port} on 127.0.0.1 is in use: stop what holds it or pass --port") from None


class Servers:
    """Start the nodes' servers on a background thread; ``stop`` shuts them down cleanly."""

    def __init__(self, nodes: Sequence[tuple[Node, int]]) -> None:
        self._servers = [
            uvicorn.Server(
                uvicorn.Config(create_app(node.settings, node), host="127.0.0.1", port=port, log_level="warning")
            )
            for node, port in nodes
        ]
        self._thread = threading.Thread(target=self._run, name="demo-servers", daemon=True)
        self._failure: BaseException | None = None

    def _run(self) -> None:
        try:
            asyncio.run(self._serve())
        except BaseException as error:  # reported by start() / stop()
            self._failure = error

    async def _serve(self) -> None:
        await asyncio.gather(*(server.serve() for server in self._servers))

    def start(self, timeout: float = 20.0) -> None:
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not all(server.started for server in self._servers):
            if self._failure is not None or not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise Unavailable(f"the demo servers did not start: {self._failure or 'timed out'}")
            time.sleep(0.02)

    def wait(self) -> None:
        """Block until the servers stop (Ctrl-C stops them)."""
        try:
            while self._thread.is_alive():
                self._thread.join(0.5)
        except KeyboardInterrupt:
            self.stop()

    def stop(self) -> None:
        for server in self._servers:
            server.should_exit = True
        self._thread.join(timeout=15)
