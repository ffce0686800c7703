"""Browser tests: real pages served by uvicorn on localhost, driven with Playwright in Debian's chromium.

The project's set-up installs chromium with apt (scripts/bootstrap); Playwright never downloads a browser of its own.
Screenshots the README shows are taken by these tests and written to docs/screenshots/ when
PERIMETER_SCREENSHOTS=1 (``make screenshots``), so an ordinary test run leaves the checkout unchanged.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Page, expect

from perimeter.services.node import Node
from perimeter.web.app import create_app

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class LiveServer:
    """A node's app served by uvicorn in a thread, for as long as a test needs it."""

    def __init__(self, node: Node) -> None:
        self.port = free_port()
        config = uvicorn.Config(create_app(node.settings, node), host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *_: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def live_server(node: Node) -> Iterator[LiveServer]:
    with LiveServer(node) as server:
        yield server


# Package scope: Playwright's sync API keeps an event loop running in this thread while it is alive, which would
# break asyncio.run in the tests that come after the browser tests.
@pytest.fixture(scope="package")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"chromium is not installed at {CHROMIUM} (scripts/bootstrap installs it with apt)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})  # type: ignore[attr-defined]
    page = context.new_page()
    yield page
    context.close()


PASSWORD = "correct horse battery"


def sign_in(page: Page, server: LiveServer, username: str, landing: str = "/ui/lists") -> None:
    """Open ``landing``, be sent to the sign-in form, sign in, and land back on it."""
    page.goto(f"{server.url}{landing}")
    expect(page).to_have_url(f"{server.url}/ui/sign-in?next={landing}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{server.url}{landing}")


def screenshot(page: object, name: str) -> None:
    """Save a screenshot for the README (docs/screenshots/<name>.png) when asked to."""
    if os.environ.get("PERIMETER_SCREENSHOTS") != "1":
        page.screenshot()  # type: ignore[attr-defined]  # still render it: a page that cannot be drawn fails here
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)  # type: ignore[attr-defined]
