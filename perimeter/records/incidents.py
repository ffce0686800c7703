"""Document-fraud incidents: what an officer found wrong with a travel document, where and when.

An incident on a document of the node's own country can feed that document's status (a counterfeit or a forged
page invalidates the number; a fraudulently obtained document is revoked, by its issuing authority only); incidents
on any country's documents feed the trend figures of the joint report.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import AwareDatetime, Field

from perimeter.core.errors import InvalidInput
from perimeter.records.common import CountryCode, Record, Sensitivity
from perimeter.records.documents import DocumentReference, DocumentStatus


class IncidentKind(StrEnum):
    IMPOSTOR = "impostor"  # a genuine document presented by someone it was not issued to
    COUNTERFEIT = "counterfeit"  # a wholly false document
    FORGED_PAGE = "forged-page"  # a genuine document altered: a page, the photo, the data
    FRAUDULENTLY_OBTAINED = "fraudulently-obtained"  # genuine, but issued on false grounds


class Indicator(StrEnum):
    """What the officer saw, as a fixed vocabulary that trend figures can count (the free text says the rest)."""

    FACE_MISMATCH = "face-mismatch"
    HOLDER_LACKS_KNOWLEDGE = "holder-lacks-knowledge"
    PHOTO_SUBSTITUTED = "photo-substituted"
    PAGE_SUBSTITUTED = "page-substituted"
    DATA_ALTERED = "data-altered"
    LAMINATE_TAMPERED = "laminate-tampered"
    SECURITY_FEATURE_MISSING = "security-feature-missing"
    UV_RESPONSE_WRONG = "uv-response-wrong"
    PRINTING_DEFECT = "printing-defect"
    MRZ_CHECK_DIGIT_FAILED = "mrz-check-digit-failed"
    MRZ_VISUAL_MISMATCH = "mrz-visual-mismatch"
    CHIP_UNREADABLE_OR_INVALID = "chip-invalid"
    REGISTRY_HIT = "registry-hit"
    SUPPORTING_DOCUMENTS_FALSE = "supporting-documents-false"
    OTHER = "other"


class Outcome(StrEnum):
    REFUSED_ENTRY = "refused-entry"
    DOCUMENT_SEIZED = "document-seized"
    ARRESTED = "arrested"
    REFERRED = "referred-for-investigation"
    ADMITTED = "admitted"
    OTHER = "other"


#: The statuses an incident of each kind may give the document, when the officer asks for it.
STATUS_EFFECTS: dict[IncidentKind, frozenset[DocumentStatus]] = {
    IncidentKind.COUNTERFEIT: frozenset({DocumentStatus.INVALIDATED}),
    IncidentKind.FORGED_PAGE: frozenset({DocumentStatus.INVALIDATED}),
    IncidentKind.IMPOSTOR: frozenset({DocumentStatus.INVALIDATED, DocumentStatus.STOLEN}),
    IncidentKind.FRAUDULENTLY_OBTAINED: frozenset({DocumentStatus.REVOKED}),
}


def check_status_effect(kind: IncidentKind, status: DocumentStatus) -> None:
    allowed = STATUS_EFFECTS[kind]
    if status not in allowed:
        names = " or ".join(sorted(item.value for item in allowed))
        raise InvalidInput(f"a {kind.value} incident may make the document {names}, not {status.value}")


class FraudIncident(Record):
    """One incident, as recorded by the node that saw it."""

    incident_id: str = Field(min_length=1, max_length=60)
    owner_node: str = Field(min_length=1, max_length=100)
    kind: IncidentKind
    observed: str = Field(min_length=1, max_length=5000, description="what was seen, in the officer's words")
    indicators: tuple[Indicator, ...] = ()
    location: str = Field(min_length=1, max_length=100, description="port of entry or place code, e.g. USBLA")
    occurred_at: AwareDatetime
    officer: str = Field(min_length=1, max_length=200)
    document: DocumentReference
    traveller_nationality: CountryCode | None = None
    outcome: Outcome
    status_applied: DocumentStatus | None = None
    remarks: str | None = Field(default=None, max_length=2000)
    sensitivity: Sensitivity = Sensitivity.AMBER
    retain_until: date | None = None
    recorded_by: str = Field(min_length=1, max_length=200)
    recorded_at: datetime
