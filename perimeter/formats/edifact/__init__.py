"""UN/EDIFACT syntax (ISO 9735) as airlines send it: the tokenizer under the PAXLST and PNRGOV parsers.

``read_interchange`` turns bytes into an :class:`Interchange` of :class:`Segment` objects, each knowing its number
in the interchange and its text, so that every error can say where it is (``segment 37 'DTM+329:19730229'``).
``write_interchange`` does the reverse for the writers.
"""

from perimeter.formats.edifact._model import FunctionalGroup, Interchange, LogicalMessage, Message
from perimeter.formats.edifact._reader import read_interchange
from perimeter.formats.edifact._segments import Segment, format_segment, split_elements
from perimeter.formats.edifact._separators import DEFAULT, Separators
from perimeter.formats.edifact._writer import Element, OutgoingMessage, SegmentSpec, write_interchange

__all__ = [
    "DEFAULT",
    "Element",
    "FunctionalGroup",
    "Interchange",
    "LogicalMessage",
    "Message",
    "OutgoingMessage",
    "Segment",
    "SegmentSpec",
    "Separators",
    "format_segment",
    "read_interchange",
    "split_elements",
    "write_interchange",
]
