"""Linking nodes that run side by side (tests, the demo): introduce them to each other, conclude agreements.

Between real agencies these steps happen by hand with ``perimeter partners add`` and ``perimeter agreement
propose|sign|import``; here each node's own key signs for it, exactly as those commands would.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from perimeter.core.access import Actor
from perimeter.services import agreements, partners
from perimeter.services.node import Node
from perimeter.sharing.signing import SignedAgreement


def introduce(urls: Mapping[str, str], nodes: Sequence[Node]) -> None:
    """Make every node a partner of every other; ``urls`` maps node id to the URL it is reached at."""
    actor = Actor.system()
    for node in nodes:
        for other in nodes:
            if other is not node:
                identity = other.identity
                partners.add_partner(
                    node, actor, identity.node_id, identity.country, urls[identity.node_id], identity.public_key_pem
                )


def conclude(nodes: Sequence[Node], text: str) -> SignedAgreement:
    """The first node proposes ``text``, the others sign in turn, and every node imports the signed agreement."""
    actor = Actor.system()
    signed = agreements.propose(nodes[0], actor, text)
    for node in nodes[1:]:
        signed = agreements.sign(node, actor, signed.render())
    for node in nodes:
        agreements.import_agreement(node, actor, signed.render())
    return signed
