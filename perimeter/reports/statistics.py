"""The statistics exchange: a node's report figures as a signed aggregate document, with no personal data.

A partner's figures reach a joint report only this way. The document carries counts per section figure, the
node's id, country and name, the period, the query each figure came from, and an Ed25519 signature by the node's
key over the document's canonical JSON (``perimeter.audit.chain.canonical_json``, the signature left out). Reading
one checks its shape strictly (unknown fields, long labels and non-numeric values are refused), that it was signed
by a key the reader trusts for that node, and that it covers the period asked for.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt, ValidationError

from perimeter.audit.signing import key_id, sign, verifies
from perimeter.core.errors import InvalidInput
from perimeter.reports.model import Block, Figure, NodeFigures, Period, SectionFigures, Source

FORMAT = "perimeter-statistics/1"
_KEY = r"^[A-Za-z0-9][A-Za-z0-9._:/@ -]{0,199}$"


class _Figure(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    key: str = Field(pattern=_KEY)
    label: str = Field(min_length=1, max_length=200)
    unit: str = Field(pattern=r"^[a-z%]{1,20}$")
    value: StrictInt | StrictFloat = Field(ge=0, allow_inf_nan=False)
    source: str = Field(max_length=500)


class _Block(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    key: str = Field(pattern=_KEY)
    title: str = Field(min_length=1, max_length=200)
    chart: str | None = Field(default=None, pattern=r"^bar$")
    figures: tuple[_Figure, ...] = Field(max_length=500)


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    key: str = Field(pattern=_KEY)
    blocks: tuple[_Block, ...] = Field(max_length=50)


class _Period(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)
    first: str = Field(alias="from")
    last: str = Field(alias="to")


class _Document(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    format: str = Field(pattern=f"^{FORMAT}$")
    node_id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$")
    country: str = Field(pattern=r"^[A-Z]{1,3}$")
    name: str = Field(min_length=1, max_length=200)
    period: _Period
    generated_at: str = Field(max_length=40)
    sections: tuple[_Section, ...] = Field(max_length=100)
    key_id: str = Field(pattern=r"^[0-9a-f]{16}$")
    signature: str = Field(max_length=200)


def document(figures: NodeFigures, private_key: Ed25519PrivateKey, generated_at: str) -> dict[str, Any]:
    """The signed statistics document of a node's figures (what ``perimeter report statistics`` writes)."""
    body: dict[str, Any] = {
        "format": FORMAT,
        "node_id": figures.node_id,
        "country": figures.country,
        "name": figures.name,
        "period": figures.period.as_params(),
        "generated_at": generated_at,
        "sections": [
            {
                "key": section.key,
                "blocks": [
                    {
                        "key": block.key,
                        "title": block.title,
                        "chart": block.chart,
                        "figures": [
                            {"key": f.key, "label": f.label, "unit": f.unit, "value": f.value, "source": str(f.source)}
                            for f in block.figures
                        ],
                    }
                    for block in section.blocks
                ],
            }
            for section in figures.sections
        ],
        "key_id": key_id(private_key.public_key()),
    }
    signed = {**body, "signature": sign(body, private_key)}
    _validated(signed, "the statistics of this node")  # what a partner would refuse is refused here first
    return signed


def _validated(raw: Any, where: str) -> _Document:
    try:
        return _Document.model_validate(raw)
    except ValidationError as error:
        first = error.errors()[0]
        location = ".".join(str(part) for part in first["loc"])
        raise InvalidInput(f"{where}: {location}: {first['msg']}") from None


def read(text: str, where: str, trusted: Mapping[str, Ed25519PublicKey], period: Period) -> NodeFigures:
    """A partner's figures from its statistics document, once its shape, signature and period all hold.

    ``trusted`` maps key ids to the public keys the reader trusts (partners' keys it was given); a document signed
    by any other key, or whose content was changed after signing, is refused.
    """
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidInput(f"{where}: not JSON ({error.msg} at line {error.lineno})") from None
    parsed = _validated(raw, where)
    key = trusted.get(parsed.key_id)
    if key is None:
        raise InvalidInput(
            f"{where}: signed by key {parsed.key_id}, which is not a trusted key of {parsed.node_id}"
            " (give the partner's public key with --partner-key)"
        )
    body = {name: value for name, value in raw.items() if name != "signature"}
    if not verifies(body, parsed.signature, key):
        raise InvalidInput(f"{where}: the signature of {parsed.node_id} does not match the document")
    if (parsed.period.first, parsed.period.last) != (period.first.isoformat(), period.last.isoformat()):
        raise InvalidInput(
            f"{where}: covers {parsed.period.first} to {parsed.period.last}, not the report's period {period}"
        )
    provenance = f"statistics signed by {parsed.node_id} (key {parsed.key_id}) on {parsed.generated_at}"
    sections = tuple(_section(section) for section in parsed.sections)
    return NodeFigures(parsed.node_id, parsed.country, parsed.name, period, sections, provenance)


def _section(section: _Section) -> SectionFigures:
    blocks = tuple(
        Block(
            block.key,
            block.title,
            tuple(Figure(f.key, f.label, f.value, f.unit, Source(f"partner:{f.source}")) for f in block.figures),
            block.chart,
        )
        for block in section.blocks
    )
    return SectionFigures(section.key, blocks)
