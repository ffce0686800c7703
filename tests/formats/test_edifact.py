"""The UN/EDIFACT tokenizer, on every real message and on variants and breakages of them."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perimeter.core.errors import ParseError
from perimeter.formats.edifact import (
    Interchange,
    Segment,
    Separators,
    format_segment,
    read_interchange,
    split_elements,
)

# What each real file holds once tokenized: message type, version, body segments (all parts), and the warnings
# that must be raised about it (substrings). Files not listed have no warnings beyond UNT/UNZ count and reference.
EXPECTED = {
    "gtas-loader__apis-messages__Test1.txt": ("PAXLST", "D02B", 105, ["UNT counts 152 but there are 107"]),
    "gtas-loader__apis-messages__Test3.txt": (
        "PAXLST",
        "D02B",
        3129,
        [
            "UNT counts 99 but there are 3131",
            "segment 852 'NAD+FL+++Nov\\x87k:Jeffrey:Pat': characters outside the declared character set UNOA",
            "multi-part message 'ABC01': no final part",
        ],
    ),
    "gtas-loader__apis-messages__airline2.edi": (
        "PAXLST",
        "D02B",
        109,
        ["UNT counts 121 but there are 111", "part(s) 1, 2, 3, 4, 5, 6, 7, 8, 9 missing (the interchange holds 10:F)"],
    ),
    "gtas-loader__apis-messages__multiple_flight_leg_apis.txt": (
        "PAXLST",
        "D05B",
        44,
        ["text after the interchange ignored: '13Nov09'"],
    ),
    "gtas-parsers__apis-messages__apisMessage.txt": ("PAXLST", "D05B", 31, []),
    "gtas-loader__pnr-messages__2_pnrs_basic.edi": ("PNRGOV", "10.1", 132, []),
    "gtas-loader__pnr-messages__3_pnrs.edi": ("PNRGOV", "11.1", 171, []),
    "gtas-loader__pnr-messages__adult_and_infant.edi": ("PNRGOV", "11.1", 40, []),
    "gtas-loader__pnr-messages__codeshare.edi": (
        "PNRGOV",
        "11.1",
        57,
        ['the service string advice has five characters instead of six; read as "UNA:+.\\\\*\'"'],
    ),
    "gtas-loader__pnr-messages__infant.edi": ("PNRGOV", "11.1", 80, ["typographic apostrophe '’' (U+2019)"]),
    "gtas-loader__pnr-messages__multiple_flight_leg_pnr.txt": ("PNRGOV", "13.1", 81, ["UNT has no reference"]),
    "gtas-loader__pnr-messages__no_pnr_history.edi": ("PNRGOV", "11.1", 53, []),
    "gtas-loader__pnr-messages__pnr1.txt": ("PNRGOV", "10.1", 84, []),
    "gtas-loader__pnr-messages__pnr2.txt": ("PNRGOV", "10.1", 52, []),
    "gtas-loader__pnr-messages__pnr3.txt": ("PNRGOV", "13.1", 107, []),
    "gtas-loader__pnr-messages__pnr4.txt": ("PNRGOV", "13.1", 41, []),
    "gtas-loader__pnr-messages__pnrMessageExample.txt": ("PNRGOV", "13.1", 132, []),
    "gtas-loader__pnr-messages__pnr_split.edi": ("PNRGOV", "11.1", 62, []),
    "gtas-parsers__pnr-messages__bigMessagePnr.txt": ("PNRGOV", "13.1", 174, []),
    "gtas-parsers__pnr-messages__bigbigPnr.txt": ("PNRGOV", "13.1", 2568, []),
    "gtas-parsers__pnr-messages__danglingMetaCharacter.txt": ("PNRGOV", "13.1", 53, ["UNT counts 34 but there are 55"]),
    "gtas-parsers__pnr-messages__modifyPnr77ForCodeShare.txt": (
        "PNRGOV",
        "11.1",
        55,
        ["segment 61 'UNZ+1+00102181551362': UNZ has no segment terminator"],
    ),
    "gtas-parsers__pnr-messages__pnrAddressPhoneCTCM.txt": ("PNRGOV", "13.1", 12, []),
    "gtas-parsers__pnr-messages__pnrBadFormat.txt": (
        "PNRGOV",
        "11.1",
        22,
        ["UNZ has no segment terminator", "text after the interchange ignored: 'Modify above message to create bad"],
    ),
    "gtas-parsers__pnr-messages__pnrEdge.txt": ("PNRGOV", "13.1", 11, []),
    "gtas-parsers__pnr-messages__pnrMessage.txt": ("PNRGOV", "10.1", 84, []),
    "gtas-parsers__pnr-messages__pnrMessageExample.txt": ("PNRGOV", "13.1", 132, []),
    "gtas-parsers__pnr-messages__pnrMessagePg75.txt": (
        "PNRGOV",
        "11.1",
        56,
        ["segment 15 'SSR+DOCS:HK:1:SQ:::::/P/KR/JR3364288/KR/10SEP72/M/05JUL16/PARK/SEJOON': ended by a typographic"],
    ),
    "gtas-parsers__pnr-messages__pnrMessagePg76.txt": ("PNRGOV", "11.1", 22, ["UNZ has no segment terminator"]),
    "gtas-parsers__pnr-messages__pnrMessagePg77.txt": ("PNRGOV", "11.1", 48, ["UNZ has no segment terminator"]),
    "gtas-parsers__pnr-messages__pnrNoOrgMsg.txt": ("PNRGOV", "13.1", 10, []),
    "gtas-parsers__pnr-messages__pnrPhoneCTCM.txt": ("PNRGOV", "13.1", 12, []),
    "gtas-parsers__pnr-messages__pnrPhoneCTC_M.txt": ("PNRGOV", "13.1", 12, []),
    "gtas-parsers__pnr-messages__pnrSeatFormats.txt": ("PNRGOV", "13.1", 15, []),
    "gtas-parsers__pnr-messages__pnrWithBags.txt": ("PNRGOV", "13.1", 8577, []),
    "gtas-parsers__pnr-messages__pnrWithDoco.txt": ("PNRGOV", "13.1", 47, []),
    "gtas-parsers__pnr-messages__pnrWithPrefixesAndBookingDetailBags.txt": ("PNRGOV", "13.1", 83, []),
}


def _check_real_file(path: Path) -> Interchange:
    assert path.name in EXPECTED, f"a new real message {path.name}: add what it holds to EXPECTED"
    message_type, version, body_segments, warnings = EXPECTED[path.name]
    interchange = read_interchange(path.read_bytes(), path.name)
    assert [(message.type, message.version) for message in interchange.logical_messages] == [(message_type, version)]
    assert len(interchange.logical_messages[0].segments) == body_segments
    for expected in warnings:
        assert any(expected in warning for warning in interchange.warnings), (expected, interchange.warnings)
    assert interchange.segments[0].tag == "UNB" and interchange.segments[-1].tag == "UNZ"
    assert [segment.number for segment in interchange.segments] == list(range(1, len(interchange.segments) + 1))
    return interchange


def test_every_real_paxlst_file_tokenizes(paxlst_file: Path) -> None:
    _check_real_file(paxlst_file)


def test_every_real_pnrgov_file_tokenizes(pnrgov_file: Path) -> None:
    _check_real_file(pnrgov_file)


def test_strict_mode_refuses_what_the_lenient_mode_warns_about(pnrgov_file: Path) -> None:
    """Strict mode raises exactly where the lenient mode warns (most real files get a count or reference wrong)."""
    interchange = read_interchange(pnrgov_file.read_bytes(), pnrgov_file.name)
    if interchange.warnings:
        with pytest.raises(ParseError):
            read_interchange(pnrgov_file.read_bytes(), pnrgov_file.name, strict=True)
    else:
        assert read_interchange(pnrgov_file.read_bytes(), pnrgov_file.name, strict=True).segments


# --- segments know where they are ---------------------------------------------------------------------------


def test_segments_number_themselves_in_the_interchange_and_the_message(shared_data: Path) -> None:
    path = shared_data / "messages/paxlst/gtas-loader__apis-messages__Test1.txt"
    interchange = read_interchange(path.read_bytes(), path.name)
    birth = next(segment for segment in interchange.segments if segment.tag == "DTM" and segment.value(1) == "329")
    assert birth.number == 14 and birth.position == 12
    assert birth.location == "segment 14 'DTM+329:780706'"
    assert birth.value(1, 2) == "780706" and birth.value(9) == "" and birth.composite(1) == ("329", "780706")
    assert interchange.prepared == datetime(2014, 2, 2, 6, 0)
    assert (interchange.sender, interchange.recipient, interchange.syntax_identifier) == (
        "APIS*C3K",
        "USCSAPIS",
        "UNOA",
    )
    assert interchange.groups[0].type == "PAXLST" and interchange.groups[0].messages == interchange.messages


def test_unusual_separators_of_a_real_file(shared_data: Path) -> None:
    """airline2.edi declares ``UNA:*.? $``: '*' between elements, '$' ending segments, then CR LF (line folds)."""
    path = shared_data / "messages/paxlst/gtas-loader__apis-messages__airline2.edi"
    interchange = read_interchange(path.read_bytes(), path.name)
    assert interchange.separators == Separators(":", "*", ".", "?", " ", "$")
    assert (
        interchange.groups[0].header.raw == "UNG *PAXLST*AMERICAN AIRLINES:ZZ*JMAPIS:ZZ*140211:1800*1402111800*UN*D:02B"
    )
    assert interchange.messages[0].common_access_reference == "AA346"
    assert (interchange.messages[0].part_number, interchange.messages[0].is_final_part) == (10, True)


def test_line_folds_inside_data_are_joined(shared_data: Path) -> None:
    path = shared_data / "messages/pnrgov/gtas-loader__pnr-messages__pnr1.txt"
    interchange = read_interchange(path.read_bytes(), path.name)
    docs = [segment for segment in interchange.segments if segment.raw.startswith("SSR+DOCS")]
    assert docs[0].value(1, 9) == "/P/GBR/123456789/GBR/12JUL64/M/23AUG19/SMITHJR/MRJONATHON/ROBERT"


def test_the_release_character_keeps_separators_in_data(shared_data: Path) -> None:
    """pnrEdge.txt hides 'UNT?+50' inside an e-mail address: it is data, not a trailer."""
    path = shared_data / "messages/pnrgov/gtas-parsers__pnr-messages__pnrEdge.txt"
    interchange = read_interchange(path.read_bytes(), path.name)
    contact = next(segment for segment in interchange.segments if segment.tag == "IFT")
    assert contact.value(2) == "CTCE MOLLY..LOUUNT+50BB//GMAIL.COM"
    assert [segment.tag for segment in interchange.segments].count("UNT") == 1


# --- separators, envelopes and variants of the real files ---------------------------------------------------

VARIANTS = {
    "defaults without UNA": (Separators(), False),
    "UNA:(.) -": (Separators(":", "(", ".", ")", " ", "-"), True),
    "UNA|^,!*~": (Separators("|", "^", ",", "!", "*", "~"), True),
    "carriage return terminator": (Separators(":", "*", ".", "?", " ", "\r"), True),
}


def _shape(interchange: Interchange) -> list[tuple[str, tuple[tuple[str, ...], ...]]]:
    """Tags and values, with trailing empty values dropped (a writer leaves them out)."""

    def trim(values: tuple[str, ...]) -> tuple[str, ...]:
        values = tuple(values)
        while values and values[-1] == "":
            values = values[:-1]
        return values

    shape = []
    for segment in interchange.segments:
        elements = [trim(element) for element in segment.elements]
        while elements and elements[-1] == ():
            elements.pop()
        shape.append((segment.tag, tuple(elements)))
    return shape


def _rewrite(interchange: Interchange, separators: Separators, *, una: bool, line_break: str = "") -> str:
    written = [
        format_segment(s.tag, [list(element) for element in s.elements], separators) for s in interchange.segments
    ]
    text = line_break.join(written)
    return (separators.una + line_break if una else "") + text


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_other_separators_give_the_same_segments(pnrgov_file: Path, variant: str) -> None:
    original = read_interchange(pnrgov_file.read_bytes(), pnrgov_file.name)
    separators, una = VARIANTS[variant]
    line_break = "\n" if separators.terminator == "\r" else ""
    text = _rewrite(original, separators, una=una, line_break=line_break)
    again = read_interchange(text.encode("utf-8"), "variant")
    assert again.separators == separators
    assert _shape(again) == _shape(original)


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_other_separators_give_the_same_paxlst_segments(paxlst_file: Path, variant: str) -> None:
    original = read_interchange(paxlst_file.read_bytes(), paxlst_file.name)
    separators, una = VARIANTS[variant]
    text = _rewrite(original, separators, una=una, line_break="\r\n" if separators.terminator != "\r" else "\n")
    assert _shape(read_interchange(text.encode("utf-8"), "variant")) == _shape(original)


def test_a_type_b_envelope_is_read_around_the_interchange(shared_data: Path) -> None:
    path = shared_data / "messages/paxlst/gtas-parsers__apis-messages__apisMessage.txt"
    original = read_interchange(path.read_bytes(), path.name)
    body = _rewrite(original, Separators(), una=True, line_break="\r\n")
    wrapped = "\x01QK YYZCBXH WASCBXH\r\n.YULRMAC 181530\r\n\x02" + body + "\r\n\x03"
    interchange = read_interchange(wrapped.encode("ascii"), "type-b")
    assert interchange.envelope == ("QK YYZCBXH WASCBXH", ".YULRMAC 181530")
    assert _shape(interchange) == _shape(original)
    assert not interchange.warnings


def test_an_envelope_line_that_looks_like_una_is_not_taken_for_it() -> None:
    text = "\x01QK UNAXXXX\r\n.YULRMAC\r\n\x02UNB+UNOA:4+S+R+200101:1200+1'UNH+1+X:1:1'UNT+2+1'UNZ+1+1'\x03"
    interchange = read_interchange(text.encode(), "t")
    assert interchange.envelope == ("QK UNAXXXX", ".YULRMAC")
    assert interchange.separators == Separators()


def test_a_una_whose_separators_clash_is_refused() -> None:
    with pytest.raises(ParseError, match="the component separator and the element separator are both ':'"):
        read_interchange(b"UNA::.? 'UNB:UNOA'", "t")
    with pytest.raises(ParseError, match="is a letter or digit"):
        read_interchange(b"UNAX+.? 'UNB+UNOA'", "t")


def test_no_interchange_at_all() -> None:
    with pytest.raises(ParseError, match="no UNA or UNB segment found"):
        read_interchange(b"Dear colleague, please find the manifest attached.", "mail.txt")


# --- multi-part messages ---------------------------------------------------------------------------------------


def _split_into_parts(interchange: Interchange, cuts: list[int], statuses: list[str], order: list[int]) -> str:
    """The interchange's one message re-sent as parts cut at body positions ``cuts``."""
    separators = Separators()
    message = interchange.messages[0]
    body = list(message.body)
    bounds = [0, *cuts, len(body)]
    parts = []
    for index in range(len(bounds) - 1):
        segments = body[bounds[index] : bounds[index + 1]]
        reference = f"P{index + 1}"
        identifier = list(message.header.elements[1])
        lines = [format_segment("UNH", [reference, identifier, "CAR1", statuses[index].split(":")], separators)]
        lines += [format_segment(s.tag, [list(e) for e in s.elements], separators) for s in segments]
        lines.append(format_segment("UNT", [str(len(segments) + 2), reference], separators))
        parts.append("".join(lines))
    header = format_segment("UNB", [list(e) for e in interchange.header.elements], separators)
    trailer = format_segment("UNZ", [str(len(parts)), interchange.control_reference], separators)
    return header + "".join(parts[index] for index in order) + trailer


def test_multi_part_messages_are_put_back_together_in_order(shared_data: Path) -> None:
    path = shared_data / "messages/paxlst/gtas-loader__apis-messages__Test3.txt"
    original = read_interchange(path.read_bytes(), path.name)
    text = _split_into_parts(original, [1000, 2000], ["01:C", "02", "03:F"], order=[2, 0, 1])
    interchange = read_interchange(text.encode("latin-1"), "parts")
    assert len(interchange.messages) == 3 and len(interchange.logical_messages) == 1
    logical = interchange.logical_messages[0]
    assert logical.complete and [part.reference for part in logical.parts] == ["P1", "P2", "P3"]
    assert [s.raw for s in logical.segments] == [s.raw for s in original.messages[0].body]
    assert not [warning for warning in interchange.warnings if "multi-part" in warning]


def test_a_missing_part_is_reported(shared_data: Path) -> None:
    path = shared_data / "messages/paxlst/gtas-loader__apis-messages__Test3.txt"
    original = read_interchange(path.read_bytes(), path.name)
    text = _split_into_parts(original, [1000, 2000], ["01:C", "02", "03:F"], order=[0, 2])
    interchange = read_interchange(text.encode("latin-1"), "parts")
    assert not interchange.logical_messages[0].complete
    assert any(
        "multi-part message 'CAR1': part(s) 2 missing (the interchange holds 1, 3:F)" in w for w in interchange.warnings
    )


def test_a_part_sent_twice_is_refused(shared_data: Path) -> None:
    path = shared_data / "messages/paxlst/gtas-loader__apis-messages__Test3.txt"
    original = read_interchange(path.read_bytes(), path.name)
    text = _split_into_parts(original, [1000], ["01:C", "01:F"], order=[0, 1])
    with pytest.raises(ParseError, match="part 1 of multi-part message 'CAR1' appears twice"):
        read_interchange(text.encode("latin-1"), "parts")


# --- malformed interchanges ------------------------------------------------------------------------------------

GOOD = (
    "UNA:+.? 'UNB+UNOA:4+SENDER+RECEIVER+230101:1200+REF1'"
    "UNH+M1+PAXLST:D:05B:UN:IATA'BGM+745'DTM+329:730229'UNT+4+M1'UNZ+1+REF1'"
)


def test_the_minimal_interchange_reads_cleanly() -> None:
    interchange = read_interchange(GOOD.encode(), "good")
    assert not interchange.warnings
    assert [s.tag for s in interchange.messages[0].body] == ["BGM", "DTM"]


def test_a_truncated_file_names_the_segment_it_stops_in() -> None:
    cut = GOOD[: GOOD.index("DTM+329:73") + len("DTM+329:73")]
    with pytest.raises(ParseError) as caught:
        read_interchange(cut.encode(), "cut.edi")
    assert caught.value.location == "segment 4 'DTM+329:73'"
    assert "the data ends inside this segment" in caught.value.reason


def test_a_file_cut_after_a_whole_segment_lacks_its_trailers() -> None:
    cut = GOOD[: GOOD.index("UNT")]
    with pytest.raises(ParseError, match=r"segment 4 'DTM\+329:730229': the data ends after this segment without UNT"):
        read_interchange(cut.encode(), "cut.edi")


def test_a_bad_unt_count_is_a_warning_or_in_strict_mode_an_error() -> None:
    text = GOOD.replace("UNT+4+M1", "UNT+7+M1")
    interchange = read_interchange(text.encode(), "count.edi")
    assert interchange.warnings == (
        "segment 5 'UNT+7+M1': UNT counts 7 but there are 4 segments in the message (UNH to UNT)",
    )
    with pytest.raises(ParseError) as caught:
        read_interchange(text.encode(), "count.edi", strict=True)
    assert str(caught.value).startswith("count.edi, segment 5 'UNT+7+M1': UNT counts 7")


def test_a_dangling_release_character_is_refused() -> None:
    with pytest.raises(ParseError, match="escapes the last segment terminator"):
        read_interchange(GOOD.replace("UNZ+1+REF1'", "UNZ+1+REF1?'").encode(), "release.edi")
    with pytest.raises(ParseError, match=r"segment 6 'UNZ\+1\+REF1\?': the data ends with the release character"):
        read_interchange(GOOD.replace("UNZ+1+REF1'", "UNZ+1+REF1?").encode(), "release.edi")


def test_a_released_terminator_is_data() -> None:
    interchange = read_interchange(GOOD.replace("BGM+745'", "BGM+745+O?'HARA'").encode(), "t")
    assert interchange.messages[0].body[0].value(2) == "O'HARA"
    assert interchange.messages[0].body[0].raw == "BGM+745+O?'HARA"


def test_structural_faults_name_the_segment() -> None:
    cases = {
        GOOD.replace("UNT+4+M1'", ""): "segment 5 'UNZ+1+REF1': message 'M1'",
        GOOD.replace("UNH+M1+PAXLST:D:05B:UN:IATA'", ""): "segment 2 'BGM+745': BGM is outside any message",
        GOOD.replace("UNT+4+M1'", "UNT+4+M1'UNE+1+X'"): "segment 6 'UNE+1+X': UNE without a UNG",
        GOOD.replace("BGM+745'", "BGM+745'UNE+1+X'"): "segment 4 'UNE+1+X': message 'M1' (segment 2 'UNH+M1",
        GOOD.replace("BGM+745'", "bgm+745'"): "segment 3 'bgm+745': 'bgm' is not a segment tag",
        GOOD.replace("BGM+745'", "BGM+745'UNB+UNOA'"): "segment 4 'UNB+UNOA': a second UNB",
        GOOD.replace("UNT+4+M1'", "UNT+4+M1'UNT+2+M1'"): "segment 6 'UNT+2+M1': UNT without a UNH",
    }
    for text, expected in cases.items():
        with pytest.raises(ParseError) as caught:
            read_interchange(text.encode(), "broken.edi")
        assert expected in str(caught.value), (text, str(caught.value))


def test_an_unterminated_unz_is_read_to_the_end_of_its_line() -> None:
    interchange = read_interchange((GOOD[:-1] + "\r\nsignature: ops desk\r\n").encode(), "t")
    assert interchange.trailer.raw == "UNZ+1+REF1"
    assert interchange.warnings == (
        "segment 6 'UNZ+1+REF1': UNZ has no segment terminator \"'\"; read to the end of its line",
        "segment 6 'UNZ+1+REF1': text after the interchange ignored: 'signature: ops desk'",
    )


def test_a_typographic_apostrophe_ends_a_segment_only_at_the_end_of_a_line() -> None:
    text = GOOD.replace("BGM+745'", "BGM+745+D’ARCY’\r\n")
    interchange = read_interchange(text.encode("utf-8"), "t")
    bgm = interchange.messages[0].body[0]
    assert bgm.value(2) == "D’ARCY"
    assert "ended by a typographic apostrophe" in interchange.warnings[0]


# --- escaping, property-based --------------------------------------------------------------------------------

_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
_values = st.text(alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\r\n"), max_size=12)


@st.composite
def _separators(draw: st.DrawFn) -> Separators:
    chosen = draw(st.lists(st.sampled_from(_PUNCTUATION), min_size=5, max_size=5, unique=True))
    return Separators(chosen[0], chosen[1], ".", chosen[2], chosen[3], chosen[4])


def _trimmed(elements: list[list[str]]) -> list[list[str]]:
    result = []
    for components in elements:
        kept = list(components)
        while kept and kept[-1] == "":
            kept.pop()
        result.append(kept)
    while result and result[-1] == []:
        result.pop()
    return result


@settings(max_examples=300, deadline=None)
@given(elements=st.lists(st.lists(_values, min_size=1, max_size=4), max_size=6), separators=_separators())
def test_escaping_round_trips(elements: list[list[str]], separators: Separators) -> None:
    text = format_segment("FTX", [list(element) for element in elements], separators)
    assert text.endswith(separators.terminator)
    tag, read = split_elements(text[:-1], separators)
    assert tag == "FTX"
    assert _trimmed([list(element) for element in read]) == _trimmed(elements)


@settings(max_examples=100, deadline=None)
@given(elements=st.lists(st.lists(_values, min_size=1, max_size=3), max_size=4), separators=_separators())
def test_escaping_round_trips_through_a_whole_interchange(elements: list[list[str]], separators: Separators) -> None:
    segments = [
        format_segment("UNB", [["UNOY", "4"], "S", "R", ["230101", "1200"], "1"], separators),
        format_segment("UNH", ["1", ["TEST", "1", "1", "XX"]], separators),
        format_segment("FTX", [list(element) for element in elements], separators),
        format_segment("UNT", ["3", "1"], separators),
        format_segment("UNZ", ["1", "1"], separators),
    ]
    interchange = read_interchange((separators.una + "\r\n".join(segments)).encode("utf-8"), "t")
    body: Segment = interchange.messages[0].body[0]
    assert _trimmed([list(element) for element in body.elements]) == _trimmed(elements)
    assert not interchange.warnings
