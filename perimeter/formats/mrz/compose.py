"""Write a machine-readable zone from its fields, computing every check digit: for tests, benchmarks and demos.

Each function returns the zone's lines joined by newlines, ready for :func:`parse_mrz`. Names must already be in
Latin capitals (transliteration is the caller's business); a name too long for its field is cut to fill it.
``birth_date`` may be partial (a :class:`PartialDate` known to the year or month) or ``None`` (unknown); ``sex`` is
``M``, ``F``, ``X`` or ``None`` (unspecified). Values that do not fit raise :class:`InvalidInput`.
"""

from __future__ import annotations

from datetime import date

from perimeter.core.dates import PartialDate
from perimeter.formats.mrz._compose import compose
from perimeter.formats.mrz._layouts import MrzFormat

BirthDate = date | PartialDate | None


def compose_td3(
    *,
    document_number: str,
    issuing_country: str,
    surname: str,
    given_names: str,
    nationality: str,
    birth_date: BirthDate,
    sex: str | None,
    expiry_date: date,
    personal_number: str = "",
    document_code: str = "P",
) -> str:
    """A passport's two lines of 44 (Doc 9303 Part 4); an empty personal number gets ``<`` as its check digit."""
    return compose(
        MrzFormat.TD3,
        document_number=document_number,
        issuing_country=issuing_country,
        surname=surname,
        given_names=given_names,
        nationality=nationality,
        birth_date=birth_date,
        sex=sex,
        expiry_date=expiry_date,
        personal_number=personal_number,
        document_code=document_code,
    )


def compose_td1(
    *,
    document_number: str,
    issuing_country: str,
    surname: str,
    given_names: str,
    nationality: str,
    birth_date: BirthDate,
    sex: str | None,
    expiry_date: date,
    optional_data_1: str = "",
    optional_data_2: str = "",
    document_code: str = "I",
) -> str:
    """An identity card's three lines of 30 (Part 5); a number over nine characters continues in optional data 1."""
    return compose(
        MrzFormat.TD1,
        document_number=document_number,
        issuing_country=issuing_country,
        surname=surname,
        given_names=given_names,
        nationality=nationality,
        birth_date=birth_date,
        sex=sex,
        expiry_date=expiry_date,
        optional_data_1=optional_data_1,
        optional_data_2=optional_data_2,
        document_code=document_code,
    )


def compose_td2(
    *,
    document_number: str,
    issuing_country: str,
    surname: str,
    given_names: str,
    nationality: str,
    birth_date: BirthDate,
    sex: str | None,
    expiry_date: date,
    optional_data: str = "",
    document_code: str = "I",
) -> str:
    """Two lines of 36 (Part 6); a number over nine characters continues in the optional data."""
    return compose(
        MrzFormat.TD2,
        document_number=document_number,
        issuing_country=issuing_country,
        surname=surname,
        given_names=given_names,
        nationality=nationality,
        birth_date=birth_date,
        sex=sex,
        expiry_date=expiry_date,
        optional_data_1=optional_data,
        document_code=document_code,
    )


def compose_visa(
    mrz_format: MrzFormat,
    *,
    document_number: str,
    issuing_country: str,
    surname: str,
    given_names: str,
    nationality: str,
    birth_date: BirthDate,
    sex: str | None,
    expiry_date: date,
    optional_data: str = "",
    document_code: str = "V",
) -> str:
    """A visa (Part 7): ``MrzFormat.MRVA`` (two lines of 44) or ``MrzFormat.MRVB`` (two lines of 36)."""
    if mrz_format not in (MrzFormat.MRVA, MrzFormat.MRVB):
        raise ValueError(f"{mrz_format} is not a visa format")
    return compose(
        mrz_format,
        document_number=document_number,
        issuing_country=issuing_country,
        surname=surname,
        given_names=given_names,
        nationality=nationality,
        birth_date=birth_date,
        sex=sex,
        expiry_date=expiry_date,
        optional_data_1=optional_data,
        document_code=document_code,
    )
