"""The document check page: a real specimen zone verified field by field, its registry status, the screening."""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from perimeter.core.access import Actor, Role
from perimeter.services import document_registry
from perimeter.services.node import Node
from perimeter.store import audit_log
from perimeter.web.app import create_app
from tests.conftest import NodeFactory
from tests.web.ui_helpers import lookout, sign_in_as, specimen

CANADA = "examples/mrz_checker_samples/passport_can.py"  # P<CANMARTIN<<SARAH, ZE000509, valid
INVALID = "examples/mrz_checker_samples/passport_inp.py"  # its check digits fail


@pytest.fixture
def can_node(make_node: NodeFactory) -> Node:
    return make_node("ca-cbsa", "CAN", "Canada Border Services Agency")


@pytest.fixture
def client(can_node: Node) -> Iterator[TestClient]:
    with TestClient(create_app(can_node.settings, can_node)) as test_client:
        yield test_client


def _check(client: TestClient, csrf: str, zone: str, **typed: str) -> tuple[int, str]:
    response = client.post("/ui/documents/check", data={"csrf_token": csrf, "mrz": zone, **typed})
    return response.status_code, html.unescape(response.text)


def test_a_valid_specimen_is_verified_field_by_field_and_audited(
    client: TestClient, can_node: Node, shared_data: Path
) -> None:
    csrf = sign_in_as(client, can_node, "olga", Role.OFFICER)
    status, page = _check(client, csrf, specimen(shared_data, CANADA), location="yow")
    assert status == 200
    assert "MARTIN, SARAH" in page and "ZE000509" in page and "Canada" in page
    fields = page.split("The zone, field by field")[1].split("Registry status")[0]
    assert (
        fields.count("✓ verifies") == 4 and fields.count("✓ valid") >= 4 and "expected" not in fields
    )  # every check digit verifies
    assert "✗ the document expired on 2023-01-14" in fields and "document-expired" in page  # the specimen is old
    assert "not reported" in page
    assert "Not performed" in page or "Screened" in page  # the engine seam says which, never silence
    with can_node.db.read() as connection:
        last = audit_log.latest(connection, limit=1)[0]
    assert last.action == "port-of-entry.check" and last.actor == "user:olga"
    assert last.target == "CAN/ZE000509" and last.details["location"] == "YOW"


def test_failing_check_digits_are_named_with_what_was_expected(
    client: TestClient, can_node: Node, shared_data: Path
) -> None:
    csrf = sign_in_as(client, can_node, "olga", Role.OFFICER)
    status, page = _check(client, csrf, specimen(shared_data, INVALID))
    assert status == 200 and "Refer" in page
    assert "mrz-check-digit" in page and "expected" in page and "row-bad" in page


def test_an_ocr_misread_is_suggested_and_the_stolen_record_found_under_it(
    client: TestClient, can_node: Node, shared_data: Path
) -> None:
    document_registry.add(
        can_node,
        Actor.system(),
        {
            "issuing_country": "CAN",
            "document_type": "P",
            "number": "ZE000509",
            "status": "stolen",
            "reported_on": "2024-02-01",
        },
    )
    line1, line2 = specimen(shared_data, CANADA).splitlines()
    misread = "\n".join([line1, line2.replace("ZE000509", "ZE0005O9", 1)])  # a scanner read 0 as O
    csrf = sign_in_as(client, can_node, "olga", Role.OFFICER)
    status, page = _check(client, csrf, misread)
    assert status == 200 and "Refer" in page
    assert "OCR suggestions" in page and "ZE000509" in page
    assert "reported stolen" in page and "ca-cbsa" in page


def test_the_photo_page_is_compared_and_a_bad_value_named(
    client: TestClient, can_node: Node, shared_data: Path
) -> None:
    csrf = sign_in_as(client, can_node, "olga", Role.OFFICER)
    zone = specimen(shared_data, CANADA)
    status, page = _check(client, csrf, zone, surname="Martin", given_names="Sandra")
    assert status == 200 and "photo-page-mismatch" in page and "1 disagrees" in page
    status, page = _check(client, csrf, zone, birth_date="1985-13-01")
    assert status == 422 and "photo page birth date" in page and zone.splitlines()[0] in page


def test_text_that_is_no_zone_is_refused_with_the_reason_and_audited(client: TestClient, can_node: Node) -> None:
    csrf = sign_in_as(client, can_node, "olga", Role.OFFICER)
    status, page = _check(client, csrf, "hello world")
    assert status == 422 and "not an MRZ" in page
    with can_node.db.read() as connection:
        assert audit_log.latest(connection, limit=1)[0].action == "port-of-entry.check.rejected"


def test_the_page_is_only_for_roles_that_check_documents(client: TestClient, can_node: Node) -> None:
    csrf = sign_in_as(client, can_node, "aude", Role.AUDITOR)
    assert 'href="/ui/documents/check"' not in client.get("/ui/today").text
    assert client.get("/ui/documents/check").status_code == 403
    refused = client.post("/ui/documents/check", data={"csrf_token": csrf, "mrz": "P<CAN"})
    assert refused.status_code == 403 and "documents:check" in refused.text


def test_a_forged_form_is_refused(client: TestClient, can_node: Node, shared_data: Path) -> None:
    sign_in_as(client, can_node, "olga", Role.OFFICER)
    status, page = _check(client, "forged", specimen(shared_data, CANADA))
    assert status == 403 and "did not come from this site" in page


def test_the_holder_is_screened_and_a_hit_shown_with_its_owner_and_handling(
    client: TestClient, can_node: Node, shared_data: Path
) -> None:
    lookout(can_node, "ca-lk-2", "Sarah Martin", "1985-01-01", list_name="ca-lookout", nationality="CAN",
            category="immigration-lookout", handling="refer to secondary")  # fmt: skip
    csrf = sign_in_as(client, can_node, "olga", Role.OFFICER)
    status, page = _check(client, csrf, specimen(shared_data, CANADA))
    assert status == 200 and "watch-list-hit" in page
    screening = page.split("Holder screening")[1]
    assert "1 possible match" in screening and 'href="/ui/entries/ca-lk-2"' in screening
    assert "ca-cbsa: refer to secondary" in screening
