"""The OFAC legacy CSV importer, on the real SDN and non-SDN files and on broken copies of them."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from perimeter.core.dates import PartialDate
from perimeter.core.errors import ParseError
from perimeter.formats.ofac import parse_ofac
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

CONTEXT = ListContext("ofac-sdn", "us-ofac")
SDN_NAMES = ("sdn.csv", "alt.csv", "add.csv")


def _files(folder: Path, names: tuple[str, ...]) -> tuple[bytes, ...]:
    return tuple((folder / name).read_bytes() for name in names)


@pytest.fixture(scope="module")
def sdn_files(shared_data: Path) -> tuple[bytes, bytes, bytes]:
    primary, aliases, addresses = _files(shared_data / "lists" / "ofac-sdn", SDN_NAMES)
    return primary, aliases, addresses


@pytest.fixture(scope="module")
def sdn(sdn_files: tuple[bytes, bytes, bytes], shared_data: Path) -> ParsedList:
    comments = (shared_data / "lists" / "ofac-sdn" / "sdn_comments.csv").read_bytes()
    return parse_ofac(
        *sdn_files,
        CONTEXT,
        id_prefix="ofac-sdn",
        source_names=SDN_NAMES,
        comments=("sdn_comments.csv", comments),
    )


@pytest.fixture(scope="module")
def by_id(sdn: ParsedList) -> dict[str, WatchlistEntry]:
    return {entry.record_id: entry for entry in sdn.entries}


def _parse(primary: bytes, aliases: bytes = b"", addresses: bytes = b"") -> ParsedList:
    return parse_ofac(primary, aliases, addresses, CONTEXT, id_prefix="ofac-sdn", source_names=SDN_NAMES)


# --- the real SDN list -----------------------------------------------------------------------------------------


def test_every_sdn_entry_and_every_alt_csv_alias_is_read(sdn: ParsedList) -> None:
    assert len(sdn.entries) == 8976
    names = Counter((name.kind, name.quality) for entry in sdn.entries for name in entry.names)
    assert names[NameKind.PRIMARY, AliasQuality.STRONG] == 8976
    # alt.csv: 11,523 aka + 18 nka (aliases) + 369 fka (former names), all strong.
    assert names[NameKind.ALIAS, AliasQuality.STRONG] + names[NameKind.FORMERLY, AliasQuality.STRONG] == 11910
    assert names[NameKind.FORMERLY, AliasQuality.STRONG] == 369
    # The a.k.a. '...' of the remarks: 2,438 in sdn.csv, 3 more in its continuation file.
    assert names[NameKind.ALIAS, AliasQuality.WEAK] + names[NameKind.FORMERLY, AliasQuality.WEAK] == 2441


def test_subject_types_follow_sdn_type(sdn: ParsedList) -> None:
    types = Counter(entry.subject_type for entry in sdn.entries)
    assert types == {
        SubjectType.PERSON: 4620,
        SubjectType.ORGANISATION: 3673,
        SubjectType.VESSEL: 406,
        SubjectType.AIRCRAFT: 277,
    }


def test_counter_terrorism_programmes_make_the_terrorism_category(sdn: ParsedList) -> None:
    counter_terrorism = {"SDGT", "SDT", "FTO", "NS-PLC", "HIFPAA"}
    for entry in sdn.entries:
        assert (entry.category is Category.TERRORISM) == bool(counter_terrorism & set(entry.programmes))
    programmes = Counter(programme for entry in sdn.entries for programme in entry.programmes)
    assert programmes["SDGT"] == 1709  # rows whose Program mentions SDGT, alone or as in "SDGT] [IFSR"
    assert "SDGT] [IFSR" not in programmes


def test_an_individual_with_birth_dates_passports_and_nationality_in_the_remarks(
    by_id: dict[str, WatchlistEntry],
) -> None:
    entry = by_id["ofac-sdn:6944"]
    assert entry.list_name == "ofac-sdn"
    assert entry.owner_node == "us-ofac"
    assert entry.subject_type is SubjectType.PERSON
    assert entry.category is Category.TERRORISM
    assert entry.programmes == ("SDGT",)
    assert entry.names == (
        Name(full="Sa'd Abdullah Hussein AL-SHARIF", given="Sa'd Abdullah Hussein", family="AL-SHARIF", script="Latn"),
    )
    assert entry.birth_dates == (
        BirthDate(date=PartialDate(1969)),
        BirthDate(date=PartialDate(1963)),
        BirthDate(date=PartialDate(1964, 2, 11)),
    )
    assert entry.places_of_birth == (Place(text="Al-Medinah, Saudi Arabia", country="SAU"),)
    assert entry.nationalities == ("SAU",)
    assert entry.documents == (
        IdentityDocument(type="passport", number="B 960789"),
        IdentityDocument(type="passport", number="G 649385", issued_on=date(2006, 9, 8), expires_on=date(2011, 7, 17)),
    )
    assert entry.addresses == ()  # its only add.csv row is all -0-
    assert entry.remarks is not None and entry.remarks.startswith("DOB 1969; alt. DOB 1963;")


def test_a_second_individual_with_an_alias_address_and_fiscal_code(by_id: dict[str, WatchlistEntry]) -> None:
    entry = by_id["ofac-sdn:7203"]
    assert [name.full for name in entry.names] == ["Mohamed Ben Belgacem AOUADI", "Mohamed Ben Belkacem AOUADI"]
    assert entry.names[1].kind is NameKind.ALIAS and entry.names[1].quality is AliasQuality.STRONG
    assert entry.names[1].family == "AOUADI"
    assert entry.birth_dates == (BirthDate(date=PartialDate(1974, 12, 11)),)
    assert entry.places_of_birth == (Place(text="Tunisia", country="TUN"),)
    assert entry.nationalities == ("TUN",)
    assert entry.documents == (
        IdentityDocument(type="passport", number="L 191609", issued_on=date(1996, 2, 28), expires_on=date(2001, 2, 27)),
        IdentityDocument(type="tax-id", number="DAOMMD74T11Z352Z", note="Italian Fiscal Code"),
    )
    assert entry.addresses == (Address(street="Via A. Masina n.7", city="Milano", country="ITA"),)


def test_a_suffix_after_a_second_comma_goes_last(by_id: dict[str, WatchlistEntry]) -> None:
    entry = by_id["ofac-sdn:10851"]
    assert entry.names[0] == Name(
        full="Feliciano Semborio DELOS REYES Jr.", given="Feliciano Semborio", family="DELOS REYES", script="Latn"
    )
    assert len(entry.names) == 11  # the primary name, nine alt.csv aliases and one weak alias
    assert entry.names[-1] == Name(
        full="Abdul ABDILLAH",
        kind=NameKind.ALIAS,
        quality=AliasQuality.WEAK,
        given="Abdul",
        family="ABDILLAH",
        script="Latn",
    )


def test_a_vessel_keeps_its_call_sign_flag_and_former_name(by_id: dict[str, WatchlistEntry]) -> None:
    entry = by_id["ofac-sdn:4243"]
    assert entry.subject_type is SubjectType.VESSEL
    assert entry.category is Category.SANCTIONS
    assert entry.programmes == ("CUBA",)
    assert entry.names == (
        Name(full="SAND SWAN", script="Latn"),
        Name(full="ANA I", kind=NameKind.FORMERLY, quality=AliasQuality.WEAK, script="Latn"),
    )
    assert entry.documents == (IdentityDocument(type="call-sign", number="P3QG3", country="CYP"),)
    assert entry.remarks == (
        "Call sign: P3QG3; Vessel type: General Cargo; Tonnage: 2595; Gross registered tonnage: 1116; Flag: Cyprus; "
        "Owner: Sand & Swan Navigation Co. Ltd.; f.k.a. 'ANA I'."
    )


def test_imo_numbers_are_documents(by_id: dict[str, WatchlistEntry]) -> None:
    imo = [(entry, document) for entry in by_id.values() for document in entry.documents if document.type == "imo"]
    assert len(imo) == 409
    odd = [
        (entry.record_id, document.number) for entry, document in imo if not re.fullmatch(r"[0-9]{7}", document.number)
    ]
    assert odd == [("ofac-sdn:23424", "15411")]  # as OFAC wrote it: IMO numbers have seven digits
    # 400 vessels, and 9 North Korean shipping companies that carry their IMO company number.
    assert Counter(entry.subject_type for entry, _ in imo) == {SubjectType.VESSEL: 400, SubjectType.ORGANISATION: 9}


def test_an_aircraft_keeps_its_serial_numbers(by_id: dict[str, WatchlistEntry]) -> None:
    entry = by_id["ofac-sdn:15431"]
    assert entry.subject_type is SubjectType.AIRCRAFT
    assert entry.category is Category.TERRORISM
    assert entry.names == (Name(full="EP-GOM", script="Latn"),)
    assert entry.documents == (
        IdentityDocument(
            type="aircraft-serial", number="8401", note="Aircraft Construction Number (also called L/N or S/N or F/N)"
        ),
        IdentityDocument(
            type="aircraft-serial", number="1023409321", note="Aircraft Manufacturer's Serial Number (MSN)"
        ),
    )
    assert entry.remarks is not None and "Linked To: POUYA AIR." in entry.remarks


def test_an_organisation_with_strong_and_weak_aliases_and_addresses(by_id: dict[str, WatchlistEntry]) -> None:
    entry = by_id["ofac-sdn:306"]
    assert entry.subject_type is SubjectType.ORGANISATION
    assert [(name.full, name.kind, name.quality) for name in entry.names] == [
        ("BANCO NACIONAL DE CUBA", NameKind.PRIMARY, AliasQuality.STRONG),
        ("NATIONAL BANK OF CUBA", NameKind.ALIAS, AliasQuality.STRONG),
        ("BNC", NameKind.ALIAS, AliasQuality.WEAK),
    ]
    assert entry.names[0].given is None and entry.names[0].family is None
    assert [(address.city, address.country) for address in entry.addresses] == [
        ("Zurich CH-8022", "CHE"),
        ("Madrid E-28036", "ESP"),
        ("Tokyo 103", "JPN"),
        ("Panama City", "PAN"),
    ]
    assert entry.addresses[0].street == "Zweierstrasse 35"


@pytest.mark.parametrize(
    ("record_id", "expected"),
    [
        ("ofac-sdn:11748", [("1979", True), ("1980", True), ("1981", True), ("1982", True), ("1982", False)]),
        ("ofac-sdn:15962", [("1961", True), ("1962", True)]),
        ("ofac-sdn:17788", [("1960-02", False)]),
        ("ofac-sdn:23470", [("1962", True), ("1963", True)]),
        ("ofac-sdn:32391", [("1984", False)]),
    ],
)
def test_birth_date_variants_on_real_entries(
    by_id: dict[str, WatchlistEntry], record_id: str, expected: list[tuple[str, bool]]
) -> None:
    assert [(str(birth.date), birth.approximate) for birth in by_id[record_id].birth_dates] == expected


def test_a_gender_statement_is_read(by_id: dict[str, WatchlistEntry]) -> None:
    assert by_id["ofac-sdn:32277"].gender is Gender.MALE
    assert by_id["ofac-sdn:32277"].nationalities == ("BLR",)


def test_remarks_continued_in_the_comments_file_are_read_whole(
    by_id: dict[str, WatchlistEntry], sdn_files: tuple[bytes, bytes, bytes]
) -> None:
    weak = [name.full for name in by_id["ofac-sdn:28264"].names if name.quality is AliasQuality.WEAK]
    assert "khaleesi" in weak and "blackjack1987" in weak
    assert by_id["ofac-sdn:28263"].remarks is not None and "snowsjohn'; Linked To: LAZARUS GROUP." in (
        by_id["ofac-sdn:28263"].remarks
    )
    without = {entry.record_id: entry for entry in _parse(*sdn_files).entries}
    assert "khaleesi" not in [name.full for name in without["ofac-sdn:28264"].names]
    # The cut-off alias "a.k.a. 'snowsjo" is not indexed as a name.
    assert all("snowsjo" not in name.full for name in without["ofac-sdn:28263"].names)


def test_unresolved_country_names_make_one_warning_line_each_with_a_count(sdn: ParsedList) -> None:
    assert "address: country 'Region: Kafia Kingi' not recognised; kept as text (6 times)" in sdn.warnings
    assert len(sdn.warnings) == len(set(sdn.warnings)) < 150
    kafia = [
        address
        for entry in sdn.entries
        for address in entry.addresses
        if address.text and "Kafia Kingi" in address.text
    ]
    assert len(kafia) == 6 and all(address.country is None for address in kafia)


# --- the real non-SDN list -------------------------------------------------------------------------------------


def test_the_consolidated_non_sdn_list(shared_data: Path) -> None:
    names = ("cons_prim.csv", "cons_alt.csv", "cons_add.csv")
    parsed = parse_ofac(
        *_files(shared_data / "lists" / "ofac-consolidated-nonsdn", names),
        ListContext("ofac-nonsdn", "us-ofac"),
        id_prefix="ofac-nonsdn",
        source_names=names,
    )
    # 442 lines of entries: the README's 443 counts the DOS end-of-file byte (0x1A) on a line of its own.
    assert len(parsed.entries) == 442
    assert all(entry.record_id.startswith("ofac-nonsdn:") for entry in parsed.entries)
    aliases = [name for entry in parsed.entries for name in entry.names if name.kind is not NameKind.PRIMARY]
    assert sum(1 for name in aliases if name.quality is AliasQuality.STRONG) == 1073
    categories = Counter(entry.category for entry in parsed.entries)
    assert categories[Category.TERRORISM] == 78  # the NS-PLC list (76) and two SDGT entries also on it


# --- encodings -------------------------------------------------------------------------------------------------

ROW = '10,"PÉREZ, José","individual","SDNTK",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"nationality México."\r\n'


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_utf8_and_windows_1252_files_are_both_read(encoding: str) -> None:
    entry = _parse(ROW.encode(encoding) + b"\x1a").entries[0]
    assert entry.names[0].full == "José PÉREZ"
    assert entry.nationalities == ("MEX",)


# --- broken files: the whole file is refused, with the line and the reason --------------------------------------


def _error(primary: bytes, aliases: bytes = b"", addresses: bytes = b"") -> ParseError:
    with pytest.raises(ParseError) as caught:
        _parse(primary, aliases, addresses)
    return caught.value


def test_a_file_cut_in_the_middle_of_a_quoted_value_is_refused(sdn_files: tuple[bytes, bytes, bytes]) -> None:
    primary = sdn_files[0]
    cut = primary.rindex(b"DOB 08 Sep 1966") + 6  # inside the remarks of the last-but-one line
    error = _error(primary[:cut])
    assert error.source == "sdn.csv"
    assert error.location == "line 8975"
    assert "ends inside a quoted value" in error.reason and "truncated" in error.reason


def test_a_file_cut_between_columns_is_refused(sdn_files: tuple[bytes, bytes, bytes]) -> None:
    primary = sdn_files[0]
    start = primary.index(b'32277,"TSERTSEL, Ivan Stanislavavich","individual",')
    error = _error(primary[: start + len(b'32277,"TSERTSEL, Ivan Stanislavavich","individual"')])
    assert error.location == "line 8975"
    assert error.reason.startswith("expected 12 columns (ent_num, SDN_Name, SDN_Type, Program,")
    assert "found 3" in error.reason and "truncated" in error.reason


def test_a_file_cut_inside_an_unquoted_empty_marker_is_refused(sdn_files: tuple[bytes, bytes, bytes]) -> None:
    line = sdn_files[0].split(b"\r\n")[0]  # 36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,... ,-0-
    error = _error(line[:-2])
    assert error.location == "line 1"
    assert error.reason == "the file ends in the middle of this line: it looks truncated"


def test_a_row_with_a_wrong_column_count_is_refused(sdn_files: tuple[bytes, bytes, bytes]) -> None:
    lines = sdn_files[0].split(b"\r\n")
    lines[99] = lines[99].replace(b',-0- ,"', b',"', 1)  # one column fewer on line 100
    error = _error(b"\r\n".join(lines))
    assert str(error) == (
        "sdn.csv, line 100: expected 12 columns (ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, "
        "Tonnage, GRT, Vess_flag, Vess_owner, Remarks), found 11"
    )


def test_a_quote_left_open_in_the_middle_of_the_file_is_refused() -> None:
    good = '1,"A",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
    bad = '2,"B,-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
    error = _error((good + bad + good.replace("1,", "3,")).encode())
    assert error.location == "line 2"
    assert "quote" in error.reason


def test_a_non_numeric_ent_num_is_refused() -> None:
    row = 'X12,"A",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
    assert str(_error(row.encode())) == "sdn.csv, line 1: ent_num 'X12' is not a whole number"


def test_a_duplicate_ent_num_is_refused() -> None:
    row = '7,"A",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
    other = '8,"B",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
    assert str(_error((row + other + row).encode())) == "sdn.csv, line 3: ent_num 7 is already used on line 1"


def test_an_alias_of_an_unknown_entry_is_refused(sdn_files: tuple[bytes, bytes, bytes]) -> None:
    aliases = sdn_files[1].replace(b"\r\n\x1a", b"\r\n") + b'99999999,1,"aka","NOBODY",-0- \r\n'
    error = _error(sdn_files[0], aliases, sdn_files[2])
    assert str(error) == "alt.csv, line 11911: ent_num 99999999 is not an entry of the primary file"


def test_an_address_of_an_unknown_entry_is_refused() -> None:
    row = '7,"A",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
    address = '7,1,-0- ,"Havana","Cuba",-0- \r\n8,2,-0- ,"Havana","Cuba",-0- \r\n'
    assert str(_error(row.encode(), b"", address.encode())) == (
        "add.csv, line 2: ent_num 8 is not an entry of the primary file"
    )


def test_an_unknown_alias_type_is_refused() -> None:
    row = '7,"A",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
    error = _error(row.encode(), b'7,1,"aka","B",-0- \r\n7,2,"xyz","C",-0- \r\n')
    assert str(error) == "alt.csv, line 2: alt_type 'xyz' is not aka, fka or nka"


def test_an_unknown_sdn_type_is_refused() -> None:
    row = '7,"A","individua","CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
    assert str(_error(row.encode())) == (
        "sdn.csv, line 1: SDN_Type 'individua' is not individual, vessel, aircraft or -0- (an entity)"
    )


def test_an_empty_primary_file_is_refused() -> None:
    assert str(_error(b"\x1a")) == "sdn.csv: the file holds no entries"
