"""Signing in and working with lists in a real browser."""

from pathlib import Path

from playwright.sync_api import Page, expect

from perimeter.core.access import Actor, Role
from perimeter.services import users
from perimeter.services.node import Node
from tests.browser.conftest import PASSWORD, LiveServer, screenshot, sign_in

REPO = Path(__file__).resolve().parents[2]


def test_sign_in_refuses_a_wrong_password_then_lets_the_user_in(
    page: Page, live_server: LiveServer, node: Node, admin: Actor
) -> None:
    users.add_user(node, admin, "olga", Role.OFFICER, "Olga Officer", PASSWORD)
    page.goto(f"{live_server.url}/ui/today")
    page.get_by_label("Username").fill("olga")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("wrong username or password")
    screenshot(page, "sign-in")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Username").fill("olga")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Today")
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Audit")).to_have_count(0)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_a_list_manager_loads_a_national_list_with_progress_and_edits_it(
    page: Page, live_server: LiveServer, node: Node, admin: Actor
) -> None:
    users.add_user(node, admin, "lena", Role.LIST_MANAGER, "Lena Lists", PASSWORD)
    sign_in(page, live_server, "lena")
    page.get_by_label("Name", exact=True).fill("us-tsc")
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_role("heading", name="us-tsc")).to_be_visible()
    page.get_by_label("Format").select_option("jsonl")
    page.get_by_label("Files").set_input_files(str(REPO / "tests/data/national-list.jsonl"))
    page.get_by_role("button", name="Load").click()
    expect(page.get_by_role("status")).to_contain_text("added", timeout=15_000)
    page.reload()
    page.get_by_label("Search names and aliases").fill("quintero")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="us-tsc-000124").click()
    expect(page.get_by_role("heading", name="Marisol Quintero Vega")).to_be_visible()
    screenshot(page, "list-entry")
