"""The six service characters of a UN/EDIFACT interchange and the ``UNA`` service string advice that declares them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from perimeter.core.errors import ParseError

# The apostrophe's typographic look-alikes, which word processors substitute for it.
TYPOGRAPHIC_APOSTROPHES = "\u2019\u2018"


@dataclass(frozen=True, slots=True)
class Separators:
    """Component, element, decimal, release, repetition (reserved) and segment terminator characters.

    The defaults are those an interchange without ``UNA`` uses. The fifth character is "reserved" in syntax
    version 3 and the repetition separator in version 4; passenger messages do not repeat elements, so it is
    carried (and released when written) but never split on.
    """

    component: str = ":"
    element: str = "+"
    decimal: str = "."
    release: str = "?"
    repetition: str = " "
    terminator: str = "'"

    def __post_init__(self) -> None:
        for name in ("component", "element", "decimal", "release", "repetition", "terminator"):
            if len(getattr(self, name)) != 1:
                raise ValueError(f"the {name} separator must be one character, not {getattr(self, name)!r}")

    @property
    def una(self) -> str:
        """The service string advice that declares these characters."""
        return f"UNA{self.component}{self.element}{self.decimal}{self.release}{self.repetition}{self.terminator}"

    @property
    def syntax(self) -> str:
        """The characters that have a meaning in data and must be released when they occur in a value."""
        special = self.component + self.element + self.release + self.terminator
        return special if self.repetition == " " else special + self.repetition

    def escape(self, value: str) -> str:
        """``value`` with every service character preceded by the release character."""
        if not any(char in value for char in self.syntax):
            return value
        return "".join(self.release + char if char in self.syntax else char for char in value)

    def check(self, source: str, location: str) -> None:
        """Refuse characters that cannot work as separators (letters, digits, duplicates)."""
        named = {
            "component separator": self.component,
            "element separator": self.element,
            "release character": self.release,
            "segment terminator": self.terminator,
        }
        seen: dict[str, str] = {}
        for name, char in named.items():
            if char.isalnum():
                raise ParseError(source, location, f"the {name} {char!r} is a letter or digit")
            if char in seen:
                raise ParseError(source, location, f"the {seen[char]} and the {name} are both {char!r}")
            seen[char] = name


DEFAULT = Separators()


def read_una(text: str, source: str) -> tuple[Separators, int, list[tuple[str, str]]]:
    """Read the ``UNA`` at the start of ``text``: (separators, length of the advice, (location, warning) pairs).

    Two mistakes seen in real traffic are repaired, with a warning: a typographic apostrophe (’) typed for the
    segment terminator, and an advice with five characters instead of six followed by a line break (the decimal
    mark left out, as in ``UNA:+\\*'``).
    """
    advice = text[3:9]
    location = f"UNA {advice!r}"
    if len(advice) < 6:
        raise ParseError(source, location, "the UNA service string advice needs six characters after 'UNA'")
    warnings: list[tuple[str, str]] = []
    chars = list(advice)
    if chars[5] in TYPOGRAPHIC_APOSTROPHES:
        reason = (
            f"the segment terminator is the typographic apostrophe {chars[5]!r} (U+{ord(chars[5]):04X});"
            ' read as the apostrophe "\'"'
        )
        warnings.append((location, reason))
        chars[5] = "'"
    if chars[5] in "\r\n" and _short_advice(text, chars):
        five = advice[:5]
        component, element, third, fourth, terminator = tuple(five)
        if third in ".,":
            decimal, release, repetition = third, fourth, " "
        else:
            decimal, release, repetition = ".", third, fourth
        separators = Separators(component, element, decimal, release, repetition, terminator)
        reason = (
            f"the service string advice has five characters instead of six; read as {separators.una!r}"
            f" (component {component!r}, element {element!r}, decimal {decimal!r}, release {release!r},"
            f" repetition {repetition!r}, terminator {terminator!r})"
        )
        warnings.append((f"UNA {'UNA' + five!r}", reason))
        separators.check(source, location)
        return separators, 8, warnings
    separators = Separators(*chars)
    separators.check(source, location)
    return separators, 9, warnings


def _short_advice(text: str, chars: list[str]) -> bool:
    """True when the line after a five-character ``UNA`` shows its fifth character ending the ``UNB`` segment."""
    candidate, element = chars[4], chars[1]
    line = text[9:].lstrip(" \t\r\n").split("\n", 1)[0].split("\r", 1)[0]
    if not line.startswith("UNB"):
        return False
    pattern = re.escape(candidate) + r"\s*(?:$|[A-Z]{3}" + re.escape(element) + ")"
    return re.search(pattern, line) is not None
