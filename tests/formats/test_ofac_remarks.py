"""Regression table for reading OFAC remarks: one row per statement shape seen in the real lists."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from perimeter.formats._common import Warnings
from perimeter.formats.ofac_remarks import read_remarks
from perimeter.records.watchlist import Gender, IdentityDocument, NameKind, Place

CASES: list[tuple[str, dict[str, Any]]] = [
    # birth dates: (ISO text, approximate)
    ("DOB 12 Jan 1960", {"birth_dates": [("1960-01-12", False)]}),
    ("DOB Jan 1960", {"birth_dates": [("1960-01", False)]}),
    ("DOB 1960", {"birth_dates": [("1960", False)]}),
    ("DOB circa 1960", {"birth_dates": [("1960", True)]}),
    ("DOB circa 12 Jan 1960", {"birth_dates": [("1960-01-12", True)]}),
    ("DOB 1955 to 1957", {"birth_dates": [("1955", True), ("1956", True), ("1957", True)]}),
    ("DOB circa 1979-1982", {"birth_dates": [("1979", True), ("1980", True), ("1981", True), ("1982", True)]}),
    ("DOB 01 Jan 1973 to 31 Dec 1973", {"birth_dates": [("1973", False)]}),
    ("DOB 01 Feb 1960 to 29 Feb 1960", {"birth_dates": [("1960-02", False)]}),
    ("DOB 26 Sep 1946 to 07 Dec 1946.", {"birth_dates": [("1946", False)]}),
    ("DOB Mar 1962 to Feb 1963", {"birth_dates": [("1962", True), ("1963", True)]}),
    ("DOB 1940 to 1970", {"birth_dates": [("1940", True), ("1970", True)], "warnings": 1}),
    (
        "DOB 1969; alt. DOB 1963; alt. DOB 11 Feb 1964",
        {"birth_dates": [("1969", False), ("1963", False), ("1964-02-11", False)]},
    ),
    ("DOB 31 Feb 1960", {"birth_dates": [], "warnings": 1}),
    ("DOB unknown", {"birth_dates": [], "warnings": 1}),
    # places, nationality, gender
    ("POB Culiacan, Sinaloa, Mexico", {"places": [Place(text="Culiacan, Sinaloa, Mexico", country="MEX")]}),
    (
        "POB Kinshasa, Congo, Democratic Republic of the",
        {"places": [Place(text="Kinshasa, Congo, Democratic Republic of the", country="COD")]},
    ),
    ("POB Khartoum Sudan", {"places": [Place(text="Khartoum Sudan", country="SDN")]}),
    ("POB Tamaulipas", {"places": [Place(text="Tamaulipas")], "warnings": 1}),
    ("POB", {}),
    ("nationality Korea, North", {"nationalities": ["PRK"]}),
    ("nationality Iran; citizen Iran; alt. citizen Iraq", {"nationalities": ["IRN", "IRQ"]}),
    ("nationality Atlantis", {"nationalities": [], "warnings": 1}),
    ("Gender Female", {"gender": Gender.FEMALE}),
    ("Gender Male.", {"gender": Gender.MALE}),
    # weak aliases
    ("a.k.a. 'BNC'.", {"aliases": [("BNC", NameKind.ALIAS)]}),
    (
        "a.k.a. 'ILLIASSOU, Djibbo'; a.k.a. 'CHAPORI, Petit'",
        {"aliases": [("ILLIASSOU, Djibbo", NameKind.ALIAS), ("CHAPORI, Petit", NameKind.ALIAS)]},
    ),
    ("f.k.a. 'ANA I'.", {"aliases": [("ANA I", NameKind.FORMERLY)]}),
    ("a.k.a. 'ABU 'ALI'", {"aliases": [("ABU 'ALI", NameKind.ALIAS)]}),
    ("a.k.a. 'cut off", {"aliases": []}),
    # documents
    ("Passport 1084010 (Egypt)", {"documents": [IdentityDocument(number="1084010", country="EGY")]}),
    (
        "Passport G 649385 issued 08 Sep 2006 expires 17 Jul 2011",
        {"documents": [IdentityDocument(number="G 649385", issued_on=date(2006, 9, 8), expires_on=date(2011, 7, 17))]},
    ),
    (
        "Passport A123 (Iraq) expires Jan 2010",
        {"documents": [IdentityDocument(number="A123", country="IRQ", note="expires Jan 2010")]},
    ),
    (
        "Diplomatic Passport 008827 (Iran) issued 1999",
        {"documents": [IdentityDocument(number="008827", country="IRN", note="Diplomatic Passport; issued 1999")]},
    ),
    (
        "Cedula No. 16247821 (Colombia)",
        {"documents": [IdentityDocument(type="national-id", number="16247821", country="COL", note="Cedula No.")]},
    ),
    (
        "National ID No. 660000 73767 (Belgium)",
        {
            "documents": [
                IdentityDocument(type="national-id", number="660000 73767", country="BEL", note="National ID No.")
            ]
        },
    ),
    (
        "Identification Number AO 2879097 (Italy) expires 30 Oct 2012",
        {
            "documents": [
                IdentityDocument(
                    type="national-id",
                    number="AO 2879097",
                    country="ITA",
                    expires_on=date(2012, 10, 30),
                    note="Identification Number",
                )
            ]
        },
    ),
    (
        "NIT # 800146749-7 (Colombia).",
        {"documents": [IdentityDocument(type="tax-id", number="800146749-7", country="COL", note="NIT")]},
    ),
    (
        "SSN 523-33-8386 (United States)",
        {"documents": [IdentityDocument(type="social-security", number="523-33-8386", country="USA", note="SSN")]},
    ),
    (
        "Tax ID No. AABA 670850 Y.",
        {"documents": [IdentityDocument(type="tax-id", number="AABA 670850 Y", note="Tax ID No.")]},
    ),
    (
        "C.U.R.P. AIMM67125HCHRRG06 (Mexico) issued 1968.",
        {
            "documents": [
                IdentityDocument(
                    type="national-id", number="AIMM67125HCHRRG06", country="MEX", note="C.U.R.P.; issued 1968"
                )
            ]
        },
    ),
    (
        "Vessel Registration Identification IMO 9187629",
        {"documents": [IdentityDocument(type="imo", number="9187629", note="Vessel Registration Identification IMO")]},
    ),
    (
        "Matricula Mercantil No 1362098 (Medellin)",
        {
            "documents": [
                IdentityDocument(
                    type="registration", number="1362098", note="Matricula Mercantil No; issued by Medellin"
                )
            ],
            "warnings": 1,
        },
    ),
    # statements that stay in the remarks only
    ("Linked To: HIZBALLAH.", {}),
    ("Passport issued in Sarajevo, Bosnia-Herzegovina", {}),
    ("Identification Number ISIN: RU0009177331", {}),
    ("Additional Sanctions Information - Subject to Secondary Sanctions", {}),
]


@pytest.mark.parametrize(("remarks", "expected"), CASES, ids=[remarks for remarks, _ in CASES])
def test_remarks_statements(remarks: str, expected: dict[str, Any]) -> None:
    warnings = Warnings()
    facts = read_remarks(remarks, warnings)
    assert [(str(birth.date), birth.approximate) for birth in facts.birth_dates] == expected.get("birth_dates", [])
    assert facts.places_of_birth == expected.get("places", [])
    assert facts.nationalities == expected.get("nationalities", [])
    assert facts.gender == expected.get("gender")
    assert facts.aliases == expected.get("aliases", [])
    assert facts.documents == expected.get("documents", [])
    assert len(warnings.lines()) == expected.get("warnings", 0)
