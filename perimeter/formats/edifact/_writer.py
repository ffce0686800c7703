"""Writing an interchange: ``UNA``, ``UNB``, optional ``UNG``, messages with counted ``UNT``, ``UNE``, ``UNZ``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from perimeter.formats.edifact._segments import format_segment
from perimeter.formats.edifact._separators import Separators

Element = Sequence[str] | str
"""A data element: one value, or its components."""

SegmentSpec = tuple[str, Sequence[Element]]
"""A segment to write: its tag and its data elements."""


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    """A message to write: ``UNH`` elements 2 to 4 and the body segments (``UNH``/``UNT`` are added)."""

    reference: str
    identifier: Sequence[str]  # UNH S009, e.g. ("PAXLST", "D", "05B", "UN", "IATA")
    body: Sequence[SegmentSpec]
    common_access_reference: str = ""
    transfer_status: Sequence[str] = ()  # UNH S010, e.g. ("01", "C")


def write_interchange(
    messages: Sequence[OutgoingMessage],
    *,
    separators: Separators,
    syntax: tuple[str, str],
    sender: str,
    recipient: str,
    prepared: datetime,
    control_reference: str,
    application_reference: str = "",
    group: tuple[str, str, str] | None = None,
    line_break: str = "",
) -> str:
    """The interchange text. ``group`` (message type, sender, recipient) wraps the messages in ``UNG``/``UNE``
    with version taken from the first message; ``line_break`` is written after every terminator."""
    out: list[str] = [separators.una]
    stamp = [prepared.strftime("%y%m%d"), prepared.strftime("%H%M")]

    def put(tag: str, elements: Sequence[Element]) -> None:
        out.append(format_segment(tag, [_element(value) for value in elements], separators))

    put("UNB", [list(syntax), sender, recipient, stamp, control_reference, "", application_reference])
    if group is not None:
        message_type, group_sender, group_recipient = group
        identifier = list(messages[0].identifier) if messages else []
        version = identifier[1:3] if len(identifier) >= 3 else []
        put("UNG", [message_type, group_sender, group_recipient, stamp, control_reference, "UN", version])
    for message in messages:
        put(
            "UNH",
            [
                message.reference,
                list(message.identifier),
                message.common_access_reference,
                list(message.transfer_status),
            ],
        )
        for tag, elements in message.body:
            put(tag, elements)
        put("UNT", [str(len(message.body) + 2), message.reference])
    if group is not None:
        put("UNE", [str(len(messages)), control_reference])
    put("UNZ", ["1" if group is not None else str(len(messages)), control_reference])
    if line_break:
        return out[0] + line_break + line_break.join(out[1:]) + line_break
    return "".join(out)


def _element(value: Element) -> list[str] | str:
    return value if isinstance(value, str) else list(value)
