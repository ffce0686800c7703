"""What the tokenizer returns: the interchange, its functional groups, its messages and their logical reassembly."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from perimeter.core.errors import ParseError
from perimeter.formats.edifact._segments import Segment
from perimeter.formats.edifact._separators import Separators


@dataclass(frozen=True, slots=True)
class Message:
    """One ``UNH`` ... ``UNT`` message; ``body`` holds the segments between them."""

    header: Segment
    body: tuple[Segment, ...]
    trailer: Segment

    @property
    def reference(self) -> str:
        return self.header.value(1)

    @property
    def type(self) -> str:
        """The message type, e.g. ``PAXLST`` or ``PNRGOV``."""
        return self.header.value(2, 1)

    @property
    def version(self) -> str:
        """Version and release as one string: ``D02B`` for ``PAXLST:D:02B``, ``11.1`` for ``PNRGOV:11:1``."""
        version, release = self.header.value(2, 2), self.header.value(2, 3)
        if version.isdigit() and release.isdigit():
            return f"{version}.{release}"
        return f"{version}{release}"

    @property
    def common_access_reference(self) -> str | None:
        return self.header.value(3) or None

    @property
    def is_part(self) -> bool:
        """True when ``UNH`` element 4 (status of the transfer) numbers this message as part of a larger one."""
        return bool(self.header.value(4, 1) or self.header.value(4, 2))

    @property
    def part_number(self) -> int | None:
        number = self.header.value(4, 1)
        return int(number) if number.isdigit() else None

    @property
    def is_final_part(self) -> bool:
        return self.header.value(4, 2).upper() == "F"


@dataclass(frozen=True, slots=True)
class LogicalMessage:
    """A message as its sender meant it: one message, or the parts of a multi-part message in order.

    ``complete`` is False when parts are missing (the reader has warned about it).
    """

    parts: tuple[Message, ...]
    complete: bool = True

    @property
    def first(self) -> Message:
        return self.parts[0]

    @property
    def type(self) -> str:
        return self.first.type

    @property
    def version(self) -> str:
        return self.first.version

    @property
    def reference(self) -> str:
        """The common access reference that ties the parts of a multi-part message, else the message reference."""
        if self.first.is_part and self.first.common_access_reference:
            return self.first.common_access_reference
        return self.first.reference

    @property
    def segments(self) -> tuple[Segment, ...]:
        """The body segments of all parts, in order."""
        if len(self.parts) == 1:
            return self.parts[0].body
        return tuple(segment for part in self.parts for segment in part.body)


@dataclass(frozen=True, slots=True)
class FunctionalGroup:
    """A ``UNG`` ... ``UNE`` group of messages."""

    header: Segment
    trailer: Segment
    messages: tuple[Message, ...]

    @property
    def reference(self) -> str:
        return self.header.value(5)

    @property
    def type(self) -> str:
        return self.header.value(1)


@dataclass(frozen=True, slots=True)
class Interchange:
    """A whole ``UNB`` ... ``UNZ`` interchange as read, with what was repaired or found inconsistent in
    ``warnings`` (each starts with the location it is about)."""

    source: str
    separators: Separators
    header: Segment
    trailer: Segment
    groups: tuple[FunctionalGroup, ...]
    messages: tuple[Message, ...]
    logical_messages: tuple[LogicalMessage, ...]
    segments: tuple[Segment, ...]
    prepared: datetime | None
    envelope: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def syntax_identifier(self) -> str:
        return self.header.value(1, 1)

    @property
    def syntax_version(self) -> str:
        return self.header.value(1, 2)

    @property
    def sender(self) -> str:
        return self.header.value(2, 1)

    @property
    def recipient(self) -> str:
        return self.header.value(3, 1)

    @property
    def control_reference(self) -> str:
        return self.header.value(5)

    @property
    def application_reference(self) -> str | None:
        return self.header.value(7) or None

    def only(self, message_type: str) -> LogicalMessage:
        """The one logical message of ``message_type``; a :class:`ParseError` when there are none or several."""
        found = [message for message in self.logical_messages if message.type == message_type]
        if len(found) == 1:
            return found[0]
        others = sorted({message.type for message in self.logical_messages})
        if not found:
            reason = f"the interchange holds no {message_type} message (message types: {', '.join(others) or 'none'})"
        else:
            references = ", ".join(repr(message.reference) for message in found)
            reason = f"the interchange holds {len(found)} {message_type} messages ({references}); expected one"
        raise ParseError(self.source, self.header.location, reason)
