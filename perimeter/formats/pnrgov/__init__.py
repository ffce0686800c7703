"""PNRGOV (implementation guides 10.1 to 13.1): passenger name records pushed to a state, read into a
:class:`~perimeter.records.pnr.PnrMessage`.

The reader follows the guide's segment groups but does not insist on them: real pushes put segments in other
places, leave terminators out or carry malformed values. What it repairs or skips is said, with the segment, in
``warnings``; a message whose EDIFACT syntax is broken (truncated, dangling release character) is a
:class:`~perimeter.core.errors.ParseError`.
"""

from __future__ import annotations

from datetime import date

from perimeter.formats._warnings import WarningLog
from perimeter.formats.edifact import Interchange, LogicalMessage, read_interchange
from perimeter.formats.pnrgov._changes import apply_pnr_changes
from perimeter.formats.pnrgov._reader import Reader
from perimeter.records.pnr import PnrMessage

SUPPORTED_VERSIONS = ("10.1", "11.1", "12.1", "13.1")

__all__ = ["SUPPORTED_VERSIONS", "apply_pnr_changes", "parse_pnrgov", "read_pnr_message"]


def parse_pnrgov(data: bytes | str, source: str, *, today: date | None = None) -> PnrMessage:
    """The one PNRGOV message in ``data`` (``source`` names it in errors and warnings).

    Two-digit years take their century from ``today`` (by default the interchange's preparation date): birth dates
    are never after it, other dates are put nearest to it.
    """
    interchange = read_interchange(data, source)
    return read_pnr_message(interchange, interchange.only("PNRGOV"), today=today)


def read_pnr_message(interchange: Interchange, message: LogicalMessage, *, today: date | None = None) -> PnrMessage:
    """One (reassembled) PNRGOV message of an interchange already read."""
    warnings = WarningLog(interchange.warnings)
    version = message.version
    if version not in SUPPORTED_VERSIONS:
        warnings.about(message.first.header, f"PNRGOV version {version} is not one of 10.1 to 13.1")
    reference_date = today or (interchange.prepared.date() if interchange.prepared else None)
    reader = Reader(interchange.source, reference_date, warnings)
    reader.read(message.segments)
    if reader.declared is not None and reader.declared != len(reader.pnrs):
        warnings.add(None, f"EQN declares {reader.declared} PNR(s) but the message holds {len(reader.pnrs)}")
    return PnrMessage(
        message_reference=message.reference,
        sender=interchange.sender,
        receiver=interchange.recipient,
        version=version or "?",
        prepared_at=interchange.prepared,
        function_code=reader.function_code,
        originator=reader.originator,
        flight=reader.flight,
        declared_pnr_count=reader.declared,
        pnrs=tuple(reader.pnrs),
        warnings=warnings.texts(),
    )
