"""The ICAO Doc 9303 check digit (Part 3): weights 7, 3, 1 repeated, modulus 10."""

from __future__ import annotations

import string

#: Every character a machine-readable zone may hold.
MRZ_ALPHABET = frozenset(string.ascii_uppercase + string.digits + "<")

_WEIGHTS = (7, 3, 1)


def char_value(char: str) -> int:
    """The numerical value of one MRZ character: digits as themselves, ``A``..``Z`` as 10..35, ``<`` as 0."""
    if char.isdigit() and char.isascii():
        return int(char)
    if "A" <= char <= "Z":
        return ord(char) - ord("A") + 10
    if char == "<":
        return 0
    raise ValueError(f"{char!r} is not an MRZ character")


def check_digit(data: str) -> str:
    """The check digit, as a character, computed over ``data`` (any MRZ characters)."""
    total = sum(char_value(char) * _WEIGHTS[index % 3] for index, char in enumerate(data))
    return str(total % 10)
