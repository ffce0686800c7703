"""The segment groups of the PNRGOV message (implementation guide 10.1 to 13.1) as tables the reader walks.

::

    MSG ORG TVL EQN                      message header (level 0)
    SRC ...                              group 1, one per PNR: RCI SSR* DAT IFT* ORG ADD* EBD* LTS*
      TIF ...                            group 2, traveller: FTI IFT* REF EBD FAR* SSR* ADD*
        TKT ...                          group 3, ticket: MON PTK TXD* DAT (IFT)
          FOP ...                        group 4, payment: IFT ADD
      TVL ...                            group 5, flight: (TVL operating) TRA RPI APD SSR* RCI IFT*
        DAT ...                          group 6, check-in: ORG
          TRI ...                        group 7, traveller checked in: TIF SSD TBD
      EQN ...                            group 8, split PNR: RCI
      MSG ...                            group 9, non-air segment: TVL*
      ABI ...                            group 10, history: DAT
        SAC ...                          group 11, history item: TIF SSR IFT TBD
          TVL ...                        group 12, history flight: RPI

A segment a group does not take closes it and is tried on its parent, as EDIFACT group rules say.
"""

from __future__ import annotations

from enum import Enum

from perimeter.formats.edifact import Segment


class Group(Enum):
    MESSAGE = "message header"
    PNR = "PNR (SRC)"
    TRAVELLER = "traveller (TIF)"
    TICKET = "ticket (TKT)"
    PAYMENT = "payment (FOP)"
    SEGMENT = "flight (TVL)"
    CHECKIN = "check-in (DAT)"
    CHECKIN_TRAVELLER = "traveller checked in (TRI)"
    SPLIT = "split PNR (EQN)"
    NON_AIR = "non-air segment (MSG)"
    HISTORY = "history (ABI)"
    HISTORY_ITEM = "history item (SAC)"
    HISTORY_FLIGHT = "history flight (TVL)"

    # Members are singletons: hash them by identity, in C, rather than by name in Python (the reader looks groups
    # up for every segment).
    __hash__ = object.__hash__


PARENT: dict[Group, Group] = {
    Group.PNR: Group.MESSAGE,
    Group.TRAVELLER: Group.PNR,
    Group.TICKET: Group.TRAVELLER,
    Group.PAYMENT: Group.TICKET,
    Group.SEGMENT: Group.PNR,
    Group.CHECKIN: Group.SEGMENT,
    Group.CHECKIN_TRAVELLER: Group.CHECKIN,
    Group.SPLIT: Group.PNR,
    Group.NON_AIR: Group.PNR,
    Group.HISTORY: Group.PNR,
    Group.HISTORY_ITEM: Group.HISTORY,
    Group.HISTORY_FLIGHT: Group.HISTORY_ITEM,
}

MEMBERS: dict[Group, frozenset[str]] = {
    Group.MESSAGE: frozenset({"MSG", "ORG", "TVL", "EQN"}),
    Group.PNR: frozenset({"RCI", "SSR", "DAT", "IFT", "ORG", "ADD", "EBD", "LTS"}),
    Group.TRAVELLER: frozenset({"FTI", "IFT", "REF", "EBD", "FAR", "SSR", "ADD"}),
    Group.TICKET: frozenset({"MON", "PTK", "TXD", "DAT", "IFT"}),
    Group.PAYMENT: frozenset({"IFT", "ADD"}),
    Group.SEGMENT: frozenset({"TRA", "RPI", "APD", "SSR", "RCI", "IFT"}),
    Group.CHECKIN: frozenset({"ORG"}),
    Group.CHECKIN_TRAVELLER: frozenset({"TIF", "SSD", "TBD"}),
    Group.SPLIT: frozenset({"RCI"}),
    Group.NON_AIR: frozenset({"TVL"}),
    Group.HISTORY: frozenset({"DAT"}),
    Group.HISTORY_ITEM: frozenset({"TIF", "SSR", "IFT", "TBD"}),
    Group.HISTORY_FLIGHT: frozenset({"RPI"}),
}

STARTS: dict[Group, dict[str, Group]] = {
    Group.MESSAGE: {"SRC": Group.PNR},
    Group.PNR: {
        "TIF": Group.TRAVELLER,
        "TVL": Group.SEGMENT,
        "EQN": Group.SPLIT,
        "MSG": Group.NON_AIR,
        "ABI": Group.HISTORY,
    },
    Group.TRAVELLER: {"TKT": Group.TICKET},
    Group.TICKET: {"FOP": Group.PAYMENT},
    Group.SEGMENT: {"DAT": Group.CHECKIN},
    Group.CHECKIN: {"TRI": Group.CHECKIN_TRAVELLER},
    Group.HISTORY: {"SAC": Group.HISTORY_ITEM},
    Group.HISTORY_ITEM: {"TVL": Group.HISTORY_FLIGHT},
}

KNOWN_TAGS = (
    frozenset(tag for tags in MEMBERS.values() for tag in tags)
    | frozenset(tag for starts in STARTS.values() for tag in starts)
    | {"ERC"}
)

# The most data elements each segment has in the guide; more means a segment terminator is probably missing.
MAX_ELEMENTS = {
    "ABI": 9,
    "APD": 3,
    "EQN": 3,
    "MSG": 2,
    "ORG": 9,
    "RPI": 2,
    "SAC": 3,
    "SRC": 1,
    "SSD": 6,
    "TRA": 2,
    "TRI": 3,
    "TVL": 5,
}


def split_glued(segment: Segment) -> tuple[Segment, Segment] | None:
    """When a segment has more elements than its maximum and its last allowed value ends with a segment tag
    (``RPI+1+HKIFT+4:19+...``), the terminator before that tag was left out: the two segments it makes."""
    limit = MAX_ELEMENTS.get(segment.tag)
    if limit is None or len(segment.elements) <= limit or limit == 0:
        return None
    last = segment.elements[limit - 1]
    glued = last[-1].rstrip() if last else ""
    tag = glued[-3:]
    if len(glued) <= 3 or tag not in KNOWN_TAGS:
        return None
    kept = (*segment.elements[: limit - 1], (*last[:-1], glued[:-3]))
    cut = segment.raw.find(glued) + len(glued) - 3
    head = segment._replace(elements=kept, raw=segment.raw[:cut])
    tail = Segment(tag, segment.elements[limit:], segment.number, segment.raw[cut:], segment.position)
    return head, tail
