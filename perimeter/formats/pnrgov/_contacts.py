"""Contacts written as free text in PNRs: OSI ``CTCx`` lines (``CTCE`` e-mail, ``CTCM`` mobile, ``CTCH`` home,
``CTCB`` business, ``CTCT`` travel agency, ``CTCP`` phone), the telephone part of ``ADD``, and e-mail addresses in
the IATA encoding (``//`` for ``@``, ``..`` for ``_``, ``./`` for ``-``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

KINDS = {
    "M": "mobile",
    "H": "home",
    "B": "business",
    "W": "business",
    "T": "agency",
    "P": "phone",
    "F": "fax",
}
_CONTACT = re.compile(r"^(?:[A-Z0-9]{2}\s+)?CTC\s?(?:([A-Z])(?![A-Z])\s*)?(.*)$")
_PHONE = re.compile(r"(?:(?<![A-Z])([HWMBF])\s*)?(\+?\d[\d\s\-()]{4,}\d)")
_CITY_PREFIX = re.compile(r"^([A-Z]{3})(?=[\s\d])\s*")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")


@dataclass(frozen=True)
class Contact:
    """What a contact line says: its kind letter, e-mail address or phone numbers, and any other words (a city
    code and an agency name for ``CTCT``)."""

    kind: str | None
    email: str | None = None
    phones: tuple[tuple[str | None, str], ...] = ()  # (kind, number)
    city: str | None = None
    words: str | None = None


def decode_email(text: str) -> str | None:
    """``MOLLY..LOBB//GMAIL.COM`` -> ``MOLLY_LOBB@GMAIL.COM``; None when the result is not an e-mail address."""
    value = text.strip().split()[0] if text.strip() else ""
    value = value.replace("//", "@").replace("..", "_").replace("./", "-")
    return value if _EMAIL.match(value) else None


def find_phones(text: str, default_kind: str | None = None) -> list[tuple[str | None, str]]:
    """Telephone numbers in ``text`` with the kind their letter gives (``H5555555555 W 1 555 555 5555``)."""
    found = []
    for match in _PHONE.finditer(text.upper()):
        digits = re.sub(r"\D", "", match.group(2))
        if len(digits) < 6:
            continue
        letter = match.group(1)
        found.append((KINDS.get(letter, default_kind) if letter else default_kind, " ".join(match.group(2).split())))
    return found


def read_contact(text: str) -> Contact | None:
    """The contact an OSI or address free text holds, or None when it is not a ``CTC`` line."""
    match = _CONTACT.match(" ".join(text.upper().split()))
    if match is None:
        return None
    letter, rest = match.group(1), match.group(2).strip()
    if letter == "E":
        return Contact("E", email=decode_email(rest), words=rest)
    if letter == "A":
        return Contact("A", words=rest)
    city = None
    prefix = _CITY_PREFIX.match(rest)
    if prefix and (letter == "T" or letter is None or prefix.group(1) not in ("TEL", "FAX")):
        city, rest = prefix.group(1), rest[prefix.end() :]
    phones = find_phones(rest, KINDS.get(letter or "", "other"))
    remainder = _PHONE.sub(" ", rest.upper())
    words = " ".join(word for word in re.split(r"[\s\-]+", remainder) if len(word) > 1) or None
    return Contact(letter, phones=tuple(phones), city=city, words=words)
