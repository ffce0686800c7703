"""A liaison officer answers a partner's hit notification: two nodes served on their own ports, real HTTP between
them, the notification and the answer carried by each node's outbox."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date

from playwright.sync_api import Page, expect

from perimeter.core.access import Actor, Role
from perimeter.records.cases import CaseState, RecordKind
from perimeter.services import cases, demo_agreements, users
from perimeter.services.federation_links import conclude, introduce
from tests.browser.conftest import PASSWORD, LiveServer, screenshot, sign_in
from tests.conftest import NodeFactory
from tests.web.ui_helpers import lookout


def test_a_canadian_liaison_officer_confirms_a_hit_the_united_states_found(page: Page, make_node: NodeFactory) -> None:
    us = make_node("us-cbp", "USA", "U.S. Customs and Border Protection", outbox_poll_seconds=0.05)
    ca = make_node("ca-cbsa", "CAN", "Canada Border Services Agency", outbox_poll_seconds=0.05)
    system = Actor.system()
    lookout(ca, "ca-lk-7", list_name="ca-lookout", handling="hold and call the RCMP")
    users.add_user(ca, system, "lise", Role.LIAISON, "Lise Liaison", PASSWORD)
    users.add_user(us, system, "ulysses", Role.LIAISON, "Ulysses Liaison", PASSWORD)
    with LiveServer(us) as us_server, LiveServer(ca) as ca_server:
        introduce({"us-cbp": us_server.url, "ca-cbsa": ca_server.url}, [us, ca])
        conclude([us, ca], demo_agreements.us_ca(date.today()))
        officer = Actor.user("ulysses", Role.LIAISON)
        found = cases.notify_owner(
            us,
            officer,
            cases.Hit(
                RecordKind.WATCHLIST_ENTRY,
                "ca-lk-7",
                "ca-cbsa",
                {"surname": "STEUR", "given_names": "ANDREA"},
                0.96,
                "name 96% like 'Andrea Steur'; born on 1978-07-06, as the entry",
                "criminal",
            ),
            "IAD",
            cases.utc_now(),
            "referred to secondary inspection at IAD",
        )
        sign_in(page, ca_server, "lise", "/ui/today")
        today = page.get_by_role("region", name="Open cases")
        expect(today.get_by_role("link", name=found.case_id[:8])).to_be_visible(
            timeout=15_000
        )  # the outbox delivered it
        today.get_by_role("link", name=found.case_id[:8]).click()
        expect(page.get_by_role("heading", name="Hit notification")).to_be_visible()
        expect(page.get_by_text("referred to secondary inspection at IAD")).to_be_visible()
        page.get_by_label("Acknowledge receipt").check()
        page.get_by_role("button", name="Send").click()
        expect(page.locator("ol.thread")).to_contain_text("acknowledge")
        page.get_by_label("Confirm: it is our listed person").check()
        page.get_by_label("Message to us-cbp").fill("This is our subject. Hold for the RCMP liaison at IAD.")
        page.get_by_label("Handling we ask for").fill("hold and call the RCMP")
        page.get_by_role("button", name="Send").click()
        expect(page.get_by_role("heading", name="Case")).to_contain_text("identity-confirmed")
        page.evaluate("window.scrollTo(0, 0)")
        screenshot(page, "case-thread")
        wait_for(lambda: cases.get_case(us, officer, found.case_id).case.state is CaseState.IDENTITY_CONFIRMED)
        sign_in(page, us_server, "ulysses", f"/ui/cases/{found.case_id}")
        expect(page.locator("ol.thread")).to_contain_text("Hold for the RCMP liaison at IAD", timeout=15_000)
        expect(page.get_by_text("hold and call the RCMP").first).to_be_visible()


def wait_for(condition: Callable[[], bool], seconds: float = 15) -> None:
    """Until the other node's outbox has delivered (its deliverer polls every 50 ms here)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the partner's answer did not arrive"
        time.sleep(0.05)
