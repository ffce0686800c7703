"""Form handling shared by pages: the CSRF check every state-changing form goes through."""

from __future__ import annotations

import hmac

from perimeter.core.errors import PermissionDenied
from perimeter.services.sessions import Session


def require_csrf(session: Session, token: str | None) -> None:
    """Refuse a form whose CSRF token is not the session's (a stale page, or a form posted from another site)."""
    if not token or not hmac.compare_digest(token, session.csrf_token):
        raise PermissionDenied("this form has expired or did not come from this site; reload the page and try again")
