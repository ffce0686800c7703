"""Domain errors.

Every error Perimeter raises on purpose derives from :class:`PerimeterError` and carries a message written for the
person who caused it: what is wrong, where, and why. Only the web layer knows HTTP (``perimeter.web.errors`` maps
these classes to status codes in one table); the CLI prints the message on one line and exits non-zero.
"""

from __future__ import annotations


class PerimeterError(Exception):
    """Base of every deliberate error; ``str(error)`` is the message shown to the user."""

    code = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(PerimeterError, ValueError):
    """A value given by a user or a caller is not acceptable (unknown country code, bad date, ...).

    It is also a ``ValueError`` so that model validation reports it with the field it was found in.
    """

    code = "invalid-input"


class UnknownCountry(InvalidInput):
    """A country code that is neither ISO 3166-1 alpha-3 nor one of ICAO's additional codes."""

    code = "unknown-country"


class ParseError(InvalidInput):
    """A file or message that does not follow its format, located as precisely as the format allows.

    ``source`` names the file or message, ``location`` the line, element or segment, ``reason`` what is wrong.
    """

    code = "parse-error"

    def __init__(self, source: str, location: str | None, reason: str) -> None:
        where = f"{source}, {location}" if location else source
        super().__init__(f"{where}: {reason}")
        self.source = source
        self.location = location
        self.reason = reason


class NotFound(PerimeterError):
    code = "not-found"


class Conflict(PerimeterError):
    """The request contradicts the current state (a duplicate id, a record owned by another node, ...)."""

    code = "conflict"


class AuthenticationRequired(PerimeterError):
    code = "authentication-required"


class PermissionDenied(PerimeterError):
    code = "permission-denied"


class NotInitialised(PerimeterError):
    """The node's home has no identity yet: ``perimeter init`` has not been run."""

    code = "not-initialised"


class Unavailable(PerimeterError):
    """A dependency outside the node (a publisher's site, a partner node) could not be reached."""

    code = "unavailable"
