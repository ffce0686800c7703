"""The port-of-entry answer laid out for the document check page: the zone field by field, each with its verdict."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from pydantic import ValidationError

from perimeter.core.countries import country_name, is_known_code
from perimeter.core.errors import InvalidInput
from perimeter.formats.mrz import CheckedField, MrzResult
from perimeter.records.photo_page import PhotoPage

PHOTO_PAGE_FIELDS = ("surname", "given_names", "birth_date", "document_number", "nationality", "expiry_date")


@dataclass(frozen=True)
class FieldRow:
    """One field of the zone: its label, what was read, the check digit when it has one, and what is wrong."""

    key: str
    label: str
    read: str
    check: CheckedField | None = None
    problems: list[str] = field(default_factory=list)
    note: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems and (self.check is None or self.check.ok)


def _country(code: str) -> str | None:
    return country_name(code) if code and is_known_code(code) else None


def field_rows(zone: MrzResult, today: date) -> list[FieldRow]:
    """Every field of the zone in reading order, with the problems the reader found in it."""
    problems: dict[str, list[str]] = {}
    for problem in zone.problems:
        problems.setdefault(problem.field, []).append(problem.message)
    checks = zone.fields
    expired = zone.expiry_date is not None and zone.expiry_date < today
    rows = [
        FieldRow("document_code", "Document code", f"{zone.document_code} ({zone.document_type})"),
        FieldRow("issuing_country", "Issuing state", zone.issuing_country, note=_country(zone.issuing_country)),
        FieldRow("document_number", "Document number", zone.document_number, checks.get("document_number")),
        FieldRow(
            "name",
            "Surname, given names",
            f"{zone.surname}, {zone.given_names}" if zone.given_names else zone.surname,
            note="the name fills its field and may be cut short" if zone.name_truncated else None,
        ),
        FieldRow("nationality", "Nationality", zone.nationality, note=_country(zone.nationality)),
        FieldRow("birth_date", "Birth date", str(zone.birth_date or "unknown"), checks.get("birth_date")),
        FieldRow("sex", "Sex", zone.sex or "unspecified"),
        FieldRow(
            "expiry_date",
            "Expiry date",
            str(zone.expiry_date or "unreadable"),
            checks.get("expiry_date"),
            [f"the document expired on {zone.expiry_date}"] if expired else [],
        ),
    ]
    if zone.personal_number is not None:
        rows.append(FieldRow("personal_number", "Personal number", zone.personal_number, checks.get("personal_number")))
    if zone.optional_data_1:
        rows.append(FieldRow("optional_data_1", "Optional data", zone.optional_data_1))
    if zone.optional_data_2:
        rows.append(FieldRow("optional_data_2", "Optional data (line 2)", zone.optional_data_2))
    if zone.composite is not None:
        rows.append(FieldRow("composite", "Composite check", "the number, dates and optional data", zone.composite))
    return [_with_problems(row, problems.get(row.key, [])) for row in rows]


def _with_problems(row: FieldRow, found: list[str]) -> FieldRow:
    if not found:
        return row
    return FieldRow(row.key, row.label, row.read, row.check, [*row.problems, *found], row.note)


def photo_page(form: dict[str, str]) -> PhotoPage | None:
    """The photo page from the form's fields (only those typed), or ``None`` when none was; a bad value is named."""
    typed = {name: form[name].strip() for name in PHOTO_PAGE_FIELDS if form.get(name, "").strip()}
    if not typed:
        return None
    try:
        return PhotoPage.model_validate(typed)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "photo page"
        message = str(first["msg"]).removeprefix("Value error, ")
        raise InvalidInput(f"photo page {where.replace('_', ' ')}: {message}") from None
