"""Roles, permissions and the actor behind every action.

A role is a job (officer, analyst, ...); a permission is one thing the node lets someone do. Services check
permissions, never roles, so changing what a job may do is one edit to ``ROLE_PERMISSIONS``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from perimeter.core.errors import InvalidInput, PermissionDenied


class Role(StrEnum):
    OFFICER = "officer"
    ANALYST = "analyst"
    LIAISON = "liaison"
    LIST_MANAGER = "list-manager"
    AUDITOR = "auditor"
    ADMIN = "admin"


class Permission(StrEnum):
    NODE_READ = "node:read"
    WATCHLIST_READ = "watchlist:read"
    WATCHLIST_WRITE = "watchlist:write"
    SCREEN = "screen"
    SCREEN_DECIDE = "screen:decide"
    DOCUMENTS_CHECK = "documents:check"
    DOCUMENTS_WRITE = "documents:write"
    INCIDENTS_WRITE = "incidents:write"
    MANIFESTS_READ = "manifests:read"
    MANIFESTS_WRITE = "manifests:write"
    RULES_WRITE = "rules:write"
    PNR_UNMASK = "pnr:unmask"
    CASES_READ = "cases:read"
    CASES_NOTIFY = "cases:notify"
    CASES_WRITE = "cases:write"
    CASES_RELEASE = "cases:release"
    PARTNERS_WRITE = "partners:write"
    AGREEMENTS_READ = "agreements:read"
    AGREEMENTS_WRITE = "agreements:write"
    AUDIT_READ = "audit:read"
    REPORTS_READ = "reports:read"
    USERS_MANAGE = "users:manage"


_P = Permission
_OFFICER = {
    _P.NODE_READ,
    _P.WATCHLIST_READ,
    _P.SCREEN,
    _P.DOCUMENTS_CHECK,
    _P.INCIDENTS_WRITE,
    _P.MANIFESTS_READ,
    _P.CASES_READ,
    _P.CASES_NOTIFY,
}
_ANALYST = _OFFICER | {
    _P.SCREEN_DECIDE,
    _P.MANIFESTS_WRITE,
    _P.RULES_WRITE,
    _P.PNR_UNMASK,
    _P.CASES_WRITE,
    _P.REPORTS_READ,
}
# The liaison officer answers partners' hit notifications: only this role (and the administrator) releases data.
_LIAISON = _OFFICER | {_P.SCREEN_DECIDE, _P.CASES_WRITE, _P.CASES_RELEASE, _P.AGREEMENTS_READ, _P.REPORTS_READ}
_LIST_MANAGER = {
    _P.NODE_READ,
    _P.WATCHLIST_READ,
    _P.WATCHLIST_WRITE,
    _P.DOCUMENTS_CHECK,
    _P.DOCUMENTS_WRITE,
    _P.SCREEN,
}
_AUDITOR = {
    _P.NODE_READ,
    _P.AUDIT_READ,
    _P.AGREEMENTS_READ,
    _P.REPORTS_READ,
    _P.CASES_READ,
    _P.MANIFESTS_READ,
    _P.WATCHLIST_READ,
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.OFFICER: frozenset(_OFFICER),
    Role.ANALYST: frozenset(_ANALYST),
    Role.LIAISON: frozenset(_LIAISON),
    Role.LIST_MANAGER: frozenset(_LIST_MANAGER),
    Role.AUDITOR: frozenset(_AUDITOR),
    Role.ADMIN: frozenset(Permission),
}


def parse_role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        allowed = ", ".join(role.value for role in Role)
        raise InvalidInput(f"unknown role {value!r}; roles are: {allowed}") from None


@dataclass(frozen=True)
class Actor:
    """Who is acting: a signed-in user, a partner node, or the node itself (``system``)."""

    name: str
    role: Role | None = None
    kind: str = "user"  # user, partner, system

    @classmethod
    def system(cls) -> Actor:
        return cls("system", Role.ADMIN, "system")

    @classmethod
    def user(cls, username: str, role: Role) -> Actor:
        return cls(username, role, "user")

    @property
    def audit_name(self) -> str:
        return self.name if self.kind == "system" else f"{self.kind}:{self.name}"

    def can(self, permission: Permission) -> bool:
        return self.role is not None and permission in ROLE_PERMISSIONS[self.role]

    def require(self, permission: Permission) -> None:
        if not self.can(permission):
            role = self.role.value if self.role else "no role"
            raise PermissionDenied(
                f"{self.audit_name} ({role}) may not do this: it needs the {permission.value!r} permission"
            )
