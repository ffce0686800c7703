from datetime import timedelta

import pytest

from perimeter.core.access import Actor, Role
from perimeter.core.errors import AuthenticationRequired, Conflict, InvalidInput, PermissionDenied
from perimeter.services import users
from perimeter.services.node import Node
from perimeter.store import audit_log
from perimeter.store import users as store
from perimeter.store.tables.base import utc_now


def test_a_token_authenticates_as_its_user_and_role(node: Node, admin: Actor) -> None:
    users.add_user(node, admin, "olga", Role.OFFICER, "Olga Officer")
    issued = users.create_token(node, admin, "olga", "laptop")
    actor = users.authenticate_token(node, issued.token)
    assert actor == Actor.user("olga", Role.OFFICER)


def test_the_token_secret_is_not_stored(node: Node, admin: Actor) -> None:
    users.add_user(node, admin, "olga", Role.OFFICER)
    issued = users.create_token(node, admin, "olga")
    secret = issued.token.rsplit("_", 1)[1]
    with node.db.read() as connection:
        row = store.get_token(connection, issued.token_id)
        events = list(audit_log.entries(connection))
    assert row is not None and secret not in row.secret_hash
    assert all(secret not in str(event.details) for event in events)


@pytest.mark.parametrize("token", ["", "Bearer", "prm_nothex_abc", "prm_0123456789ab_short"])
def test_malformed_tokens_are_refused(node: Node, token: str) -> None:
    with pytest.raises(AuthenticationRequired, match="malformed"):
        users.authenticate_token(node, token)


def test_wrong_revoked_expired_and_disabled_tokens_are_refused(node: Node, admin: Actor) -> None:
    users.add_user(node, admin, "olga", Role.OFFICER)
    issued = users.create_token(node, admin, "olga")
    with pytest.raises(AuthenticationRequired, match="unknown or wrong"):
        users.authenticate_token(node, issued.token[:-4] + "AAAA")
    users.revoke_token(node, admin, issued.token_id)
    with pytest.raises(AuthenticationRequired, match="revoked"):
        users.authenticate_token(node, issued.token)

    second = users.create_token(node, admin, "olga")
    with node.db.write() as connection:
        store.update_token(connection, second.token_id, expires_at=utc_now() - timedelta(seconds=1))
    with pytest.raises(AuthenticationRequired, match="expired"):
        users.authenticate_token(node, second.token)

    third = users.create_token(node, admin, "olga")
    users.set_disabled(node, admin, "olga", True)
    with pytest.raises(AuthenticationRequired, match="disabled"):
        users.authenticate_token(node, third.token)


def test_passwords(node: Node, admin: Actor) -> None:
    users.add_user(node, admin, "ana", Role.ANALYST, password="correct horse battery")
    assert users.authenticate_password(node, "ana", "correct horse battery").role is Role.ANALYST
    with pytest.raises(AuthenticationRequired, match="wrong username or password"):
        users.authenticate_password(node, "ana", "wrong password!")
    with pytest.raises(AuthenticationRequired, match="wrong username or password"):
        users.authenticate_password(node, "nobody", "correct horse battery")
    with pytest.raises(InvalidInput, match="at least 10"):
        users.set_password(node, admin, "ana", "short")


def test_only_administrators_manage_users(node: Node, admin: Actor) -> None:
    users.add_user(node, admin, "olga", Role.OFFICER)
    with pytest.raises(PermissionDenied, match="users:manage"):
        users.add_user(node, Actor.user("olga", Role.OFFICER), "eve", Role.ADMIN)


def test_duplicate_and_malformed_usernames(node: Node, admin: Actor) -> None:
    users.add_user(node, admin, "olga", Role.OFFICER)
    with pytest.raises(Conflict, match="already exists"):
        users.add_user(node, admin, "olga", Role.ANALYST)
    with pytest.raises(InvalidInput, match="username"):
        users.add_user(node, admin, "Olga Smith", Role.ANALYST)


def test_user_changes_are_audited(node: Node, admin: Actor) -> None:
    users.add_user(node, admin, "olga", Role.OFFICER)
    issued = users.create_token(node, admin, "olga")
    users.revoke_token(node, admin, issued.token_id)
    with node.db.read() as connection:
        actions = [entry.action for entry in audit_log.entries(connection)]
    assert actions[-3:] == ["user.add", "token.create", "token.revoke"]
