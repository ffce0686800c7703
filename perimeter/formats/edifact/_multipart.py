"""Multi-part messages: parts that share a common access reference (``UNH`` element 3) and number themselves in
``UNH`` element 4 (``01:C`` first, ``02`` ..., ``NN:F`` final) are put back together in order."""

from __future__ import annotations

from typing import Protocol

from perimeter.core.errors import ParseError
from perimeter.formats.edifact._model import LogicalMessage, Message


class _Warns(Protocol):
    source: str

    def warn(self, location: str, reason: str) -> None: ...


def reassemble(messages: tuple[Message, ...], report: _Warns) -> tuple[LogicalMessage, ...]:
    """The logical messages, in the order their first part appears; missing parts are warned about."""
    order: list[tuple[str, str] | int] = []
    parts: dict[tuple[str, str], list[Message]] = {}
    for index, message in enumerate(messages):
        if not message.is_part:
            order.append(index)
            continue
        key = (message.type, message.common_access_reference or message.reference)
        if key not in parts:
            parts[key] = []
            order.append(key)
        parts[key].append(message)
    logical: list[LogicalMessage] = []
    for entry in order:
        if isinstance(entry, int):
            logical.append(LogicalMessage((messages[entry],)))
        else:
            logical.append(_join(entry[1], parts[entry], report))
    return tuple(logical)


def _join(reference: str, found: list[Message], report: _Warns) -> LogicalMessage:
    numbered: dict[int, Message] = {}
    for message in found:
        number = message.part_number
        if number is None or number < 1:
            raise ParseError(
                report.source,
                message.header.location,
                f"UNH element 4 {message.header.value(4, 1)!r} is not a part number (expected 01, 02, ...)",
            )
        if number in numbered:
            raise ParseError(
                report.source,
                message.header.location,
                f"part {number} of multi-part message {reference!r} appears twice"
                f" (also at {numbered[number].header.location})",
            )
        numbered[number] = message
    ordered = [numbered[number] for number in sorted(numbered)]
    highest = max(numbered)
    missing = [number for number in range(1, highest + 1) if number not in numbered]
    finals = [message for message in ordered if message.is_final_part]
    location = ordered[0].header.location
    have = ", ".join(f"{number}{':F' if numbered[number].is_final_part else ''}" for number in sorted(numbered))
    complete = True
    if missing:
        complete = False
        listed = ", ".join(str(number) for number in missing)
        report.warn(
            location, f"multi-part message {reference!r}: part(s) {listed} missing (the interchange holds {have})"
        )
    if not finals:
        complete = False
        report.warn(
            location,
            f"multi-part message {reference!r}: no final part (status F) among the parts read ({have});"
            " later parts may be missing",
        )
    elif finals[-1] is not ordered[-1] or len(finals) > 1:
        report.warn(location, f"multi-part message {reference!r}: the final part (F) is not the last one ({have})")
    return LogicalMessage(tuple(ordered), complete)
