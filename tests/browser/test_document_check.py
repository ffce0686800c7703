"""An officer checks a real specimen passport in the browser: field by field, registry, screening."""

from pathlib import Path

from playwright.sync_api import Page, expect

from perimeter.core.access import Actor, Role
from perimeter.services import document_registry, users
from tests.browser.conftest import PASSWORD, LiveServer, screenshot, sign_in
from tests.conftest import NodeFactory
from tests.web.ui_helpers import specimen

CANADA = "examples/mrz_checker_samples/passport_can.py"


def test_an_officer_checks_a_misread_stolen_passport(page: Page, make_node: NodeFactory, shared_data: Path) -> None:
    node = make_node("ca-cbsa", "CAN", "Canada Border Services Agency")
    users.add_user(node, Actor.system(), "olga", Role.OFFICER, "Olga Officer", PASSWORD)
    document_registry.add(
        node,
        Actor.system(),
        {
            "issuing_country": "CAN",
            "document_type": "P",
            "number": "ZE000509",
            "status": "stolen",
            "reported_on": "2024-02-01",
            "reporting_authority": "Ottawa Police Service",
        },
    )
    line1, line2 = specimen(shared_data, CANADA).splitlines()
    with LiveServer(node) as server:
        sign_in(page, server, "olga", "/ui/today")
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Document check").click()
        zone = page.get_by_label("Paste or type the zone")
        expect(zone).to_be_focused()
        zone.fill(f"{line1}\n{line2.replace('ZE000509', 'ZE0005O9', 1).lower()}")  # misread, typed in lower case
        page.get_by_text("Compare with the photo page").click()
        page.get_by_label("Surname").fill("Martin")
        page.get_by_label("Given names").fill("Sarah")
        page.get_by_role("button", name="Check document").click()
        expect(page.get_by_role("heading", name="Refer")).to_be_visible()
        expect(page.get_by_role("alert")).to_contain_text("reported stolen since 2024-02-01 by Ottawa Police Service")
        fields = page.get_by_role("table").first
        expect(fields.get_by_role("row", name="Document number")).to_contain_text("expected")
        expect(page.get_by_text("OCR suggestions")).to_be_visible()
        expect(page.get_by_role("heading", name="Holder screening")).to_be_visible()
        expect(page.get_by_text("All agree with the zone.")).to_be_visible()
        screenshot(page, "document-check")
        page.set_viewport_size({"width": 820, "height": 1180})  # a tablet held upright
        expect(page.get_by_role("heading", name="The zone, field by field")).to_be_visible()


def test_a_document_is_checked_with_the_keyboard_alone(page: Page, make_node: NodeFactory, shared_data: Path) -> None:
    node = make_node("ca-cbsa", "CAN", "Canada Border Services Agency")
    users.add_user(node, Actor.system(), "olga", Role.OFFICER, "Olga Officer", PASSWORD)
    with LiveServer(node) as server:
        sign_in(page, server, "olga", "/ui/documents/check")
        expect(page.get_by_label("Paste or type the zone")).to_be_focused()  # the form is ready to type into
        page.keyboard.type(specimen(shared_data, CANADA))
        for _ in range(3):  # the photo page (folded), the port code, the button
            page.keyboard.press("Tab")
        expect(page.get_by_role("button", name="Check document")).to_be_focused()
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", name="The zone, field by field")).to_be_visible()
        page.keyboard.press("Tab")
        expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
