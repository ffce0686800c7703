"""Waking the served deliverer when a message is enqueued in the same process, instead of waiting for its poll.

The deliverer registers an asyncio event for its node; ``outbox.enqueue`` asks for it to be set once the
enqueuing transaction commits (from whatever thread commits it). Messages enqueued by another process (a command)
are found by the next poll.
"""

from __future__ import annotations

import asyncio
import threading

from sqlalchemy import Connection, event

_lock = threading.Lock()
_waiters: dict[int, tuple[asyncio.AbstractEventLoop, asyncio.Event]] = {}


def register(node_key: int, loop: asyncio.AbstractEventLoop, wake: asyncio.Event) -> None:
    with _lock:
        _waiters[node_key] = (loop, wake)


def unregister(node_key: int) -> None:
    with _lock:
        _waiters.pop(node_key, None)


def notify(node_key: int) -> None:
    with _lock:
        waiter = _waiters.get(node_key)
    if waiter is not None:
        loop, wake = waiter
        try:
            loop.call_soon_threadsafe(wake.set)
        except RuntimeError:  # the loop has closed: the deliverer is gone
            unregister(node_key)


def after_commit(connection: Connection, node_key: int) -> None:
    """Notify the node's deliverer when ``connection``'s transaction commits (not if it rolls back)."""
    if node_key in _waiters:
        event.listen(connection, "commit", lambda _connection: notify(node_key), once=True)
