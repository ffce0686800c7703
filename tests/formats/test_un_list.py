"""The UN Security Council consolidated list importer, on the real XML and on broken copies of it."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from defusedxml.ElementTree import fromstring

from perimeter.core.dates import PartialDate
from perimeter.core.errors import ParseError
from perimeter.formats._un_fields import alias_spellings, split_number
from perimeter.formats.un_list import parse_un_consolidated
from perimeter.formats.watchlist_source import ListContext, ParsedList
from perimeter.records.watchlist import (
    Address,
    AliasQuality,
    BirthDate,
    Category,
    Gender,
    IdentityDocument,
    Name,
    NameKind,
    Place,
    SubjectType,
    WatchlistEntry,
)

CONTEXT = ListContext("un-consolidated", "un-sc")
SOURCE = "UN_consolidated.xml"


@pytest.fixture(scope="module")
def un_data(shared_data: Path) -> bytes:
    return (shared_data / "lists" / "un-consolidated" / SOURCE).read_bytes()


@pytest.fixture(scope="module")
def un(un_data: bytes) -> ParsedList:
    return parse_un_consolidated(un_data, CONTEXT, SOURCE)


@pytest.fixture(scope="module")
def by_id(un: ParsedList) -> dict[str, WatchlistEntry]:
    return {entry.record_id: entry for entry in un.entries}


def test_every_individual_and_entity_is_read(un: ParsedList) -> None:
    assert Counter(entry.subject_type for entry in un.entries) == {
        SubjectType.PERSON: 730,
        SubjectType.ORGANISATION: 273,
    }
    assert un.published == "2026-02-27T00:00:09.554Z"
    assert all(entry.record_id.startswith("un:") for entry in un.entries)


def test_every_non_empty_alias_becomes_at_least_one_name(un: ParsedList, un_data: bytes) -> None:
    aliases = [(element.text or "").strip() for element in fromstring(un_data).iter("ALIAS_NAME")]
    written = [alias for alias in aliases if alias]
    assert (len(aliases), len(written)) == (3043, 2752)  # 291 ALIAS_NAME elements are empty
    names = [name for entry in un.entries for name in entry.names if name.kind in (NameKind.ALIAS, NameKind.FORMERLY)]
    # 2,752 written aliases hold 2,852 names (several spellings in one element), plus the two halves of the one
    # entity name written "A ; B", which are aliases as well.
    assert len(names) == sum(len(alias_spellings(alias)) for alias in written) + 2 == 2854
    qualities = Counter((name.kind, name.quality) for name in names)
    assert qualities[NameKind.FORMERLY, AliasQuality.STRONG] == 19  # the f.k.a. of entities
    assert qualities[NameKind.ALIAS, AliasQuality.WEAK] == 628  # the "Low" aliases of individuals


def test_original_script_names(un: ParsedList) -> None:
    originals = [
        (entry.subject_type, name.script)
        for entry in un.entries
        for name in entry.names
        if name.kind is NameKind.ORIGINAL_SCRIPT
    ]
    subjects = Counter(subject for subject, _ in originals)
    assert subjects == {SubjectType.PERSON: 336, SubjectType.ORGANISATION: 42}
    # One entity's "original script" name is written in Latin letters, as the UN has it.
    assert Counter(script for _, script in originals) == {"Arab": 366, "Cyrl": 11, "Latn": 1}


def test_categories_follow_the_list_type(un: ParsedList) -> None:
    lists = Counter((entry.programmes, entry.category) for entry in un.entries)
    assert lists[("Al-Qaida",), Category.TERRORISM] == 252 + 89
    assert lists[("Taliban",), Category.TERRORISM] == 135 + 5
    assert lists[("DPRK",), Category.SANCTIONS] == 80 + 75
    assert sum(1 for entry in un.entries if entry.category is Category.TERRORISM) == 481


def test_an_individual_with_an_original_script_name_documents_and_address(by_id: dict[str, WatchlistEntry]) -> None:
    entry = by_id["un:QDi.020"]
    assert entry.list_name == "un-consolidated" and entry.owner_node == "un-sc"
    assert entry.category is Category.TERRORISM
    assert entry.subject_type is SubjectType.PERSON
    assert entry.names == (
        Name(
            full="MOHAMMAD HAMDI MOHAMMAD SADIQ AL-AHDAL",
            given="MOHAMMAD HAMDI MOHAMMAD",
            family="SADIQ AL-AHDAL",
            script="Latn",
        ),
        Name(full="محمد حمدي محمد صادق الأهدل", kind=NameKind.ORIGINAL_SCRIPT, script="Arab"),
        Name(full="Al-Hamati, Muhammad", kind=NameKind.ALIAS, script="Latn"),
        Name(full="Muhammad Muhammad Abdullah Al-Ahdal", kind=NameKind.ALIAS, script="Latn"),
        Name(full="Mohamed Mohamed Abdullah Al-Ahdal", kind=NameKind.ALIAS, script="Latn"),
        Name(full="Abu Asim Al-Makki", kind=NameKind.ALIAS, quality=AliasQuality.WEAK, script="Latn"),
        Name(full="Ahmed", kind=NameKind.ALIAS, quality=AliasQuality.WEAK, script="Latn"),
    )
    assert entry.birth_dates == (BirthDate(date=PartialDate(1971, 11, 19)),)
    assert entry.places_of_birth == (Place(text="Medina", country="SAU"),)
    assert entry.nationalities == ("YEM",)
    assert entry.documents == (
        IdentityDocument(
            type="passport",
            number="541939",
            country="YEM",
            issued_on=date(2000, 7, 31),
            note="issued in Al-Hudaydah; in the name of Muhammad Muhammad Abdullah Al-Ahdal",
        ),
        IdentityDocument(type="national-id", number="216040", note="Yemeni identity card number"),
    )
    assert entry.addresses == (Address(street="Jamal street, Al-Dahima alley", city="Al-Hudaydah", country="YEM"),)
    assert entry.programmes == ("Al-Qaida",)
    assert entry.listed_on == date(2001, 10, 17)
    assert entry.remarks is not None and entry.remarks.startswith("Responsible for the finances of Al-Qa’ida")
    assert "\n" not in entry.remarks


def test_birth_dates_and_places_given_with_an_alias_are_kept(by_id: dict[str, WatchlistEntry]) -> None:
    entry = by_id["un:QDi.062"]
    assert entry.birth_dates == (BirthDate(date=PartialDate(1970, 2, 5)), BirthDate(date=PartialDate(1969, 2, 5)))
    assert entry.places_of_birth == (Place(text="Tunis", country="TUN"), Place(text="Tripoli", country="LBY"))
    assert entry.documents == (
        IdentityDocument(type="national-id", number="W374031", country="TUN", issued_on=date(2011, 4, 11)),
    )


def test_a_between_birth_date_becomes_approximate_years(by_id: dict[str, WatchlistEntry]) -> None:
    entry = by_id["un:CDi.030"]
    assert entry.birth_dates == (
        BirthDate(date=PartialDate(1973), approximate=True),
        BirthDate(date=PartialDate(1974), approximate=True),
    )
    assert entry.gender is Gender.MALE
    assert entry.category is Category.SANCTIONS
    assert entry.addresses == (Address(country="BEL", note="As of 14 December 2022"),)


def test_dprk_names_are_family_name_first(by_id: dict[str, WatchlistEntry]) -> None:
    name = by_id["un:KPi.030"].names[0]
    assert (name.full, name.family, name.given) == ("KIM SONG CHOL", "KIM", "SONG CHOL")


def test_cyrillic_spellings_written_inside_an_alias(by_id: dict[str, WatchlistEntry]) -> None:
    entry = by_id["un:QDi.398"]
    assert [(name.full, name.script) for name in entry.names[1:3]] == [
        ("Abu Muhammad", "Latn"),
        ("Абу Мухаммад", "Cyrl"),
    ]
    assert all(name.quality is AliasQuality.WEAK for name in entry.names[1:])


def test_an_entity_with_aliases_in_several_scripts_packed_in_one_element(by_id: dict[str, WatchlistEntry]) -> None:
    entry = by_id["un:QDe.137"]
    assert entry.subject_type is SubjectType.ORGANISATION and entry.category is Category.TERRORISM
    names = [(name.full, name.kind, name.script) for name in entry.names]
    assert names[:4] == [
        ("AL-NUSRAH FRONT FOR THE PEOPLE OF THE LEVANT", NameKind.PRIMARY, "Latn"),
        ("جبهة النصرة لأهل الشام", NameKind.ORIGINAL_SCRIPT, "Arab"),
        ("Hay’at Tahrir al-Sham (HTS)", NameKind.ALIAS, "Latn"),
        ("هيئة تحرير الشام", NameKind.ALIAS, "Arab"),
    ]
    fulls = [full for full, _, _ in names]
    assert "Assembly for the Liberation of Syria" in fulls
    assert "Al-Nusra Front" in fulls and "جبهة النصرة" in fulls
    assert "Ansar al-Mujahideen Network" in fulls and "شبكة أنصار المجاهدين" in fulls
    assert entry.addresses == (
        Address(country="SYR", note="Operates in"),
        Address(country="IRQ", note="Support network"),
    )


def test_an_entity_with_former_names(by_id: dict[str, WatchlistEntry]) -> None:
    entry = by_id["un:CDe.001"]
    assert [(name.full, name.kind) for name in entry.names] == [
        ("ADF", NameKind.PRIMARY),
        ("Allied Democratic Forces", NameKind.ALIAS),
        ("Forces Démocratiques Alliées-Armée Nationale de Libération de l’Ouganda", NameKind.FORMERLY),
        ("ADF/NALU", NameKind.FORMERLY),
        ("NALU", NameKind.FORMERLY),
    ]
    assert entry.names[0].given is None and entry.names[0].family is None
    assert entry.addresses == (Address(region="North Kivu", country="COD"),)
    assert entry.listed_on == date(2014, 6, 30)


def test_an_entity_name_written_as_two_names_gives_both_as_aliases(by_id: dict[str, WatchlistEntry]) -> None:
    names = [(name.full, name.kind) for name in by_id["un:CDe.003"].names]
    assert names[:3] == [
        ("COMPAGNIE AERIENNE DES GRANDS LACS (CAGL) ; GREAT LAKES BUSINESS COMPANY (GLBC)", NameKind.PRIMARY),
        ("COMPAGNIE AERIENNE DES GRANDS LACS (CAGL)", NameKind.ALIAS),
        ("GREAT LAKES BUSINESS COMPANY (GLBC)", NameKind.ALIAS),
    ]


def test_warnings_are_aggregated(un: ParsedList) -> None:
    assert un.warnings == [
        "document without a number skipped (its text stays in the UN list) (14 times)",
        "nationality: country 'former Soviet Union' not recognised; kept as text",
    ]


@pytest.mark.parametrize(
    ("written", "spellings"),
    [
        ("Abu Ali", ["Abu Ali"]),
        ("Abu Muhammad (original script: Абу Мухаммад)", ["Abu Muhammad", "Абу Мухаммад"]),
        ("Jin Tiesan (金铁三)", ["Jin Tiesan", "金铁三"]),
        ("EL PARA (COMBAT NAME)", ["EL PARA (COMBAT NAME)"]),
        ("Azim Adhajani; Azim Agha-Jani", ["Azim Adhajani", "Azim Agha-Jani"]),
        ("حسن غول (Hassan Ghul; Hassan Gul; Hasan Gul)", ["حسن غول", "Hassan Ghul", "Hassan Gul", "Hasan Gul"]),
        ("Mohammed Sabet; Mohammad Sabet b) M. Javad Sabet", ["Mohammed Sabet", "Mohammad Sabet", "M. Javad Sabet"]),
        ("Akhter Mohmad (اختر محمد ),", ["Akhter Mohmad", "اختر محمد"]),
    ],
)
def test_alias_spellings(written: str, spellings: list[str]) -> None:
    assert alias_spellings(written) == spellings


@pytest.mark.parametrize(
    ("written", "number", "notes"),
    [
        ("541939", "541939", []),
        ("CAR diplomatic passport no. D00000898", "D00000898", ["CAR diplomatic passport no."]),
        ("381110042 (Expired 25 Jan. 2016)", "381110042", ["(Expired 25 Jan. 2016)"]),
        ("Pakistani passport number AA3829182", "AA3829182", ["Pakistani passport number"]),
    ],
)
def test_document_numbers_are_separated_from_their_description(written: str, number: str, notes: list[str]) -> None:
    assert split_number(written) == (number, notes)


# --- broken files -----------------------------------------------------------------------------------------------


def _error(data: bytes) -> ParseError:
    with pytest.raises(ParseError) as caught:
        parse_un_consolidated(data, CONTEXT, SOURCE)
    return caught.value


def test_a_truncated_file_is_refused_with_the_line_and_column(un_data: bytes) -> None:
    cut = un_data[: un_data.index(b"<REFERENCE_NUMBER>QDi.020") + 25]
    line, column = cut.count(b"\n") + 1, len(cut) - cut.rindex(b"\n") - 1
    error = _error(cut)
    assert error.location == f"line {line}, column {column}"
    assert error.reason == "malformed XML: no element found"


def test_a_broken_tag_is_refused_with_the_line_and_column(un_data: bytes) -> None:
    error = _error(un_data.replace(b"</SECOND_NAME>", b"</SECOND_NAM>", 1))
    assert str(error) == "UN_consolidated.xml, line 8, column 27: malformed XML: mismatched tag"


@pytest.mark.parametrize(
    ("document", "refusal"),
    [
        (b'<!DOCTYPE x [<!ENTITY a "b">]><CONSOLIDATED_LIST>&a;</CONSOLIDATED_LIST>', "declares a DTD"),
        (b'<!DOCTYPE x SYSTEM "http://example.org/x.dtd"><CONSOLIDATED_LIST/>', "declares a DTD"),
    ],
)
def test_dtds_and_entities_are_refused(document: bytes, refusal: str) -> None:
    assert refusal in _error(b'<?xml version="1.0"?>' + document).reason


def test_another_root_element_is_refused() -> None:
    assert str(_error(b"<alert/>")) == "UN_consolidated.xml, alert: the root element is not CONSOLIDATED_LIST"


def test_a_missing_reference_number_names_the_element_and_its_dataid(un_data: bytes) -> None:
    error = _error(un_data.replace(b"<REFERENCE_NUMBER>QDi.020</REFERENCE_NUMBER>", b"<REFERENCE_NUMBER/>"))
    assert error.location == "CONSOLIDATED_LIST/INDIVIDUALS/INDIVIDUAL[305] (DATAID 111660)"
    assert error.reason == "REFERENCE_NUMBER is missing or empty"


def test_a_record_without_a_name_is_refused(un_data: bytes) -> None:
    error = _error(un_data.replace(b"<FIRST_NAME>ADF</FIRST_NAME>", b"<FIRST_NAME> </FIRST_NAME>"))
    assert str(error) == (
        "UN_consolidated.xml, CONSOLIDATED_LIST/ENTITIES/ENTITY[1] (DATAID 6908402): "
        "no name: FIRST_NAME to FOURTH_NAME are all empty"
    )


def test_a_duplicate_reference_number_is_refused(un_data: bytes) -> None:
    error = _error(un_data.replace(b">QDi.062<", b">QDi.020<"))
    assert error.location == "CONSOLIDATED_LIST/INDIVIDUALS/INDIVIDUAL[318] (DATAID 111796)"
    assert error.reason == (
        "REFERENCE_NUMBER QDi.020 is already used by CONSOLIDATED_LIST/INDIVIDUALS/INDIVIDUAL[305] (DATAID 111660)"
    )
