"""An auditor reads the audit trail: the chain's status, a whole walk on demand, entries filtered."""

from playwright.sync_api import Page, expect

from perimeter.core.access import Actor, Role
from perimeter.services import users
from perimeter.services.node import Node
from tests.browser.conftest import PASSWORD, LiveServer, screenshot, sign_in


def test_an_auditor_verifies_the_chain_and_filters_entries(page: Page, live_server: LiveServer, node: Node) -> None:
    users.add_user(node, Actor.system(), "aude", Role.AUDITOR, "Aude Auditor", PASSWORD)
    for name in ("olga", "omar", "oona"):
        users.add_user(node, Actor.system(), name, Role.OFFICER, name.title(), PASSWORD)
    sign_in(page, live_server, "aude", "/ui/audit")
    expect(page.get_by_role("status")).to_contain_text("Chain intact")
    page.get_by_role("button", name="Verify the whole chain").click()
    expect(page.get_by_text("Walked from the first entry just now")).to_be_visible()
    page.get_by_label("Action").fill("user.")
    page.get_by_role("button", name="Filter").click()
    rows = page.get_by_role("region", name="Entries").get_by_role("row")
    expect(rows).to_have_count(5)  # the header, aude and the three officers
    screenshot(page, "audit")
