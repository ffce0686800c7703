"""One record at a time: add, amend, clear, read; only the issuing country's node may change a record."""

from typing import Any

import pytest

from perimeter.core.access import Actor, Role
from perimeter.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from perimeter.records.documents import DocumentStatusRecord
from perimeter.services import document_checks, document_registry
from perimeter.services.node import Node
from perimeter.store import audit_log, changes
from perimeter.store import documents as store
from perimeter.store.tables.base import utc_now


def stolen(**extra: Any) -> dict[str, Any]:
    return {
        "issuing_country": "UTO",
        "document_type": "P",
        "number": "L898902C3",
        "status": "stolen",
        "reported_on": "2024-05-01",
        "reporting_authority": "Utopia Police",
        **extra,
    }


def actions(node: Node) -> list[str]:
    with node.db.read() as connection:
        return [entry.action for entry in audit_log.entries(connection)]


def test_add_amend_clear_each_feed_the_change_feed_and_the_audit(uto_node: Node, admin: Actor) -> None:
    record = document_registry.add(uto_node, admin, stolen())
    assert record.owner_node == "uto-pass" and record.record_id == "UTO/passport/L898902C3"
    amended = document_registry.amend(uto_node, admin, "UTO", "passport", "L898902C3", stolen(status="revoked"))
    assert amended.status == "revoked"
    assert document_registry.get(uto_node, admin, "uto", "P", "L8989O2C3").status == "revoked"
    document_registry.clear(uto_node, admin, "UTO", "P", "L898 902 C3", reason="recovered by its holder")
    with pytest.raises(NotFound, match="no status record for document UTO/passport/L898902C3"):
        document_registry.get(uto_node, admin, "UTO", "P", "L898902C3")
    with uto_node.db.read() as connection:
        ops = [(c.record_id, c.op) for c in changes.since(connection, "document-status", 0)]
    assert ops == [("UTO/passport/L898902C3", op) for op in ("add", "change", "remove")]
    assert actions(uto_node)[-5:] == [
        "document.status.add",
        "document.status.amend",
        "document.status.get",
        "document.status.clear",
        "document.status.get",
    ]


def test_an_amendment_that_changes_nothing_is_not_a_change(uto_node: Node, admin: Actor) -> None:
    document_registry.add(uto_node, admin, stolen())
    document_registry.amend(uto_node, admin, "UTO", "P", "L898902C3", stolen())
    assert "document.status.amend" not in actions(uto_node)


def test_a_document_is_reported_once(uto_node: Node, admin: Actor) -> None:
    document_registry.add(uto_node, admin, stolen())
    with pytest.raises(Conflict, match="already reported \\(stolen\\); amend it instead"):
        document_registry.add(uto_node, admin, stolen(number="L898-902-C3", status="lost"))


def test_only_the_issuing_countrys_node_may_change_a_record(uto_node: Node, admin: Actor) -> None:
    message = "only the issuing country's node may add, amend or clear the status of a MEX document"
    with pytest.raises(PermissionDenied, match=message):
        document_registry.add(uto_node, admin, stolen(issuing_country="MEX"))
    with pytest.raises(PermissionDenied, match="this node \\(uto-pass\\) speaks for UTO"):
        document_registry.clear(uto_node, admin, "MEX", "P", "G123")


def test_a_record_replicated_from_a_partner_is_read_only(uto_node: Node, admin: Actor) -> None:
    partner = DocumentStatusRecord.model_validate({**stolen(), "owner_node": "uto-police"})
    with uto_node.db.write() as connection:
        store.insert(connection, [partner], utc_now())
    assert document_registry.get(uto_node, admin, "UTO", "P", "L898902C3").owner_node == "uto-police"
    with pytest.raises(Conflict, match="reported by node uto-police: only its owner may change it"):
        document_registry.amend(uto_node, admin, "UTO", "P", "L898902C3", stolen(status="lost"))
    with pytest.raises(Conflict, match="only its owner"):
        document_registry.clear(uto_node, admin, "UTO", "P", "L898902C3")
    # this node may hold its own record of the same document beside the partner's
    document_registry.add(uto_node, admin, stolen(status="lost"))
    check = document_checks.check(uto_node, admin, "UTO", "L898902C3")
    assert sorted(r.owner_node for r in check.records) == ["uto-pass", "uto-police"] and check.status == "stolen"
    assert document_registry.get(uto_node, admin, "UTO", "P", "L898902C3").owner_node == "uto-pass"


def test_bad_input_is_refused_with_the_field(uto_node: Node, admin: Actor) -> None:
    with pytest.raises(InvalidInput, match="reported_on: "):
        document_registry.add(uto_node, admin, stolen(reported_on="yesterday"))
    with pytest.raises(InvalidInput, match="owner_node is set by the node"):
        document_registry.add(uto_node, admin, stolen(owner_node="someone-else"))
    document_registry.add(uto_node, admin, stolen())
    with pytest.raises(InvalidInput, match="the body names document UTO/passport/X1, the path UTO/passport/L898902C3"):
        document_registry.amend(uto_node, admin, "UTO", "P", "L898902C3", stolen(number="X1"))


@pytest.mark.parametrize(
    ("role", "may_check", "may_write"),
    [
        (Role.OFFICER, True, False),
        (Role.ANALYST, True, False),
        (Role.LIAISON, True, False),
        (Role.LIST_MANAGER, True, True),
        (Role.AUDITOR, False, False),
        (Role.ADMIN, True, True),
    ],
)
def test_permissions_per_role(uto_node: Node, admin: Actor, role: Role, may_check: bool, may_write: bool) -> None:
    actor = Actor.user("someone", role)
    if may_write:
        document_registry.add(uto_node, actor, stolen())
    else:
        with pytest.raises(PermissionDenied, match="documents:write"):
            document_registry.add(uto_node, actor, stolen())
    if may_check:
        document_checks.check(uto_node, actor, "UTO", "L898902C3")
    else:
        with pytest.raises(PermissionDenied, match="documents:check"):
            document_checks.check(uto_node, actor, "UTO", "L898902C3")
