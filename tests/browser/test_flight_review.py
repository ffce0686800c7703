"""An analyst uploads a real PAXLST, finds the flagged traveller, reads why they scored and decides the hit."""

from pathlib import Path

from playwright.sync_api import Page, expect

from perimeter.core.access import Actor, Role
from perimeter.services import users
from tests.browser.conftest import PASSWORD, LiveServer, screenshot, sign_in
from tests.conftest import NodeFactory
from tests.web.ui_helpers import lookout

MANIFEST = "messages/paxlst/gtas-loader__apis-messages__Test3.txt"  # 260 travellers on UA0989, Frankfurt to Dulles


def test_an_analyst_screens_a_paxlst_and_marks_a_false_match(
    page: Page, make_node: NodeFactory, shared_data: Path
) -> None:
    node = make_node("us-cbp", "USA", "U.S. Customs and Border Protection", pnr_mask_after_days=36500)
    system = Actor.system()
    lookout(node, "lk-31", "Michelle Drivas", "1977-10-22", list_name="us-lookout", nationality="USA",
            category="immigration-lookout", handling="refer to secondary; check the visa history")  # fmt: skip
    users.add_user(node, system, "ana", Role.ANALYST, "Ana Analyst", PASSWORD)
    with LiveServer(node) as server:
        sign_in(page, server, "ana", "/ui/flights")
        page.get_by_label("Message file").set_input_files(str(shared_data / MANIFEST))
        page.get_by_role("button", name="Upload and screen").click()
        status = page.locator(".upload-result")
        expect(status).to_contain_text("Screened 260 travellers of UA0989: 1 refer", timeout=30_000)
        expect(page.locator("progress.upload-progress")).to_have_attribute("value", "100")
        expect(status.get_by_role("link", name="Open the flight")).to_be_visible()
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Today").click()
        queue = page.get_by_role("region", name="Open hits")
        expect(queue).to_contain_text("1 refer · 0 review")
        expect(page.get_by_role("region", name="Inbound flights")).to_contain_text("UA0989")
        screenshot(page, "today")
        page.get_by_role("region", name="Inbound flights").get_by_role("link", name="UA0989").click()
        expect(page.get_by_role("heading", name="UA0989")).to_be_visible()
        page.get_by_label("Disposition").select_option("refer")
        page.get_by_label("Sort by").select_option("score")
        page.get_by_role("button", name="Apply").click()
        rows = page.get_by_role("table").get_by_role("row")
        expect(rows).to_have_count(2)  # the header and the one referred traveller
        expect(rows.nth(1)).to_contain_text("Drivas, Michelle")
        page.get_by_label("Disposition").select_option("")
        page.get_by_role("button", name="Apply").click()
        expect(rows).to_have_count(261)
        page.get_by_label("Sort by").select_option("disposition")
        page.get_by_role("button", name="Apply").click()
        expect(rows.nth(1)).to_contain_text("Drivas, Michelle")  # the most serious first
        screenshot(page, "flight")
        page.get_by_role("link", name="Review traveller").first.click()
        expect(page.get_by_role("heading", name="Michelle Drivas")).to_be_visible()
        features = page.get_by_role("table", name="Why it scored")
        expect(features).to_contain_text("name similarity")
        expect(features).to_contain_text("born on 1977-10-22")
        expect(page.get_by_text("refer to secondary; check the visa history")).to_be_visible()
        screenshot(page, "hit-review")
        page.get_by_label("False match").check()
        page.get_by_label("Note").fill("Different person: the passport photo and place of birth do not match.")
        page.get_by_role("button", name="Record decision").click()
        expect(page.locator(".decided")).to_contain_text("false-match by user:ana")
        page.set_viewport_size({"width": 820, "height": 1180})  # a tablet held upright
        expect(page.get_by_role("heading", name="Traveller, as the manifest gives them")).to_be_visible()
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Today").click()
        expect(page.get_by_role("region", name="Open hits")).to_contain_text("0 refer")
