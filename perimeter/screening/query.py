"""What is screened (a :class:`ScreeningQuery`) and what comes back (a :class:`Hit` with its explanation).

Both are frozen values: a query is validated once, when it is created, and carries its own fingerprint, the
pseudonymous identifier under which analysts' decisions about this traveller are remembered.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from perimeter.core.countries import normalise_code
from perimeter.core.dates import PartialDate
from perimeter.core.errors import InvalidInput
from perimeter.core.text import document_number_key

_GENDERS = {"m": "male", "male": "male", "f": "female", "female": "female", "x": "other", "other": "other"}
MAX_NAME_LENGTH = 500


@dataclass(frozen=True)
class ScreeningQuery:
    """A person to screen: a name in any script, and what else is known of them."""

    name: str
    birth_date: PartialDate | None = None
    nationality: str | None = None
    gender: str | None = None  # "male", "female" or "other"
    document_number: str | None = None

    @classmethod
    def create(
        cls,
        name: str,
        *,
        birth_date: PartialDate | str | None = None,
        nationality: str | None = None,
        gender: str | None = None,
        document_number: str | None = None,
    ) -> ScreeningQuery:
        """A validated query; :class:`InvalidInput` says which field is wrong and why."""
        if not isinstance(name, str):
            raise InvalidInput(f"name must be text, not {type(name).__name__}")
        collapsed = " ".join(name.split())
        if not collapsed or not any(char.isalpha() for char in collapsed):
            raise InvalidInput(f"name {name!r} has no letters: a name is needed to screen a person")
        if len(collapsed) > MAX_NAME_LENGTH:
            raise InvalidInput(f"name is {len(collapsed)} characters long; at most {MAX_NAME_LENGTH} are accepted")
        date = _birth_date(birth_date)
        country = normalise_code(nationality, "nationality") if nationality else None
        sex = _gender(gender)
        number = None
        if document_number is not None and document_number.strip():
            number = document_number_key(document_number)
            if not number:
                raise InvalidInput(f"document number {document_number!r} has no letters or digits")
        return cls(collapsed, date, country, sex, number)

    @classmethod
    def from_mapping(cls, data: object, where: str = "query") -> ScreeningQuery:
        """A query from JSON (``name``, ``birth_date``, ``nationality``, ``gender``, ``document_number``)."""
        if not isinstance(data, dict):
            raise InvalidInput(f"{where}: expected an object with at least a 'name', got {type(data).__name__}")
        unknown = sorted(set(data) - {"id", "name", "birth_date", "nationality", "gender", "document_number"})
        if unknown:
            raise InvalidInput(f"{where}: unknown field(s) {', '.join(unknown)}")
        if "name" not in data:
            raise InvalidInput(f"{where}: 'name' is missing")
        for key in ("name", "birth_date", "nationality", "gender", "document_number"):
            if data.get(key) is not None and not isinstance(data[key], str):
                raise InvalidInput(f"{where}: {key} must be a string, not {type(data[key]).__name__}")
        try:
            return cls.create(
                data["name"],
                birth_date=data.get("birth_date"),
                nationality=data.get("nationality"),
                gender=data.get("gender"),
                document_number=data.get("document_number"),
            )
        except InvalidInput as error:
            raise InvalidInput(f"{where}: {error.message}") from None

    @property
    def fingerprint(self) -> str:
        """A stable digest of everything the query says: a changed name, date or document gives a new one."""
        canonical = json.dumps(
            [
                " ".join(self.name.casefold().split()),
                str(self.birth_date or ""),
                self.nationality or "",
                self.gender or "",
                self.document_number or "",
            ],
            ensure_ascii=False,
        )
        return hashlib.sha256(canonical.encode()).hexdigest()[:32]


def _birth_date(value: PartialDate | str | None) -> PartialDate | None:
    if value is None or isinstance(value, PartialDate):
        return value
    if not isinstance(value, str):
        raise InvalidInput(f"birth date must be YYYY, YYYY-MM or YYYY-MM-DD, not {type(value).__name__}")
    if not value.strip():
        return None
    try:
        return PartialDate.parse(value)
    except InvalidInput as error:
        raise InvalidInput(f"birth date: {error.message}") from None


def _gender(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    found = _GENDERS.get(value.strip().lower())
    if found is None:
        raise InvalidInput(f"gender {value!r} must be m (male), f (female) or x (other)")
    return found


@dataclass(frozen=True)
class Feature:
    """One reason a score went up or down: the feature's name, its contribution, and the analyst's sentence."""

    name: str
    contribution: float
    detail: str


@dataclass(frozen=True)
class Hit:
    """A watch-list entry the query may be, with the score (0..1) and the features that produced it.

    ``suppressed_by`` names the analyst decision that marked this hit a false match for this traveller (the hit is
    still returned so a screen can show it, but it does not alert).
    """

    record_id: str
    list_name: str
    owner_node: str
    category: str
    matched_name: str
    score: float
    explanation: tuple[str, ...]
    features: tuple[tuple[str, float, str], ...]
    handling: str | None
    algorithm: str
    subject_type: str = "person"
    entry_hash: str = ""
    suppressed_by: int | None = None

    @property
    def alerts(self) -> bool:
        return self.suppressed_by is None

    def to_json(self) -> dict[str, object]:
        return {
            "record_id": self.record_id,
            "list": self.list_name,
            "owner_node": self.owner_node,
            "category": self.category,
            "subject_type": self.subject_type,
            "matched_name": self.matched_name,
            "score": round(self.score, 4),
            "explanation": list(self.explanation),
            "features": [
                {"feature": name, "contribution": round(value, 4), "detail": detail}
                for name, value, detail in self.features
            ],
            "handling": self.handling,
            "algorithm": self.algorithm,
            "suppressed_by": self.suppressed_by,
        }
