from datetime import date

import pytest
from pydantic import ValidationError

from perimeter.core.countries import normalise_any_code
from perimeter.core.errors import UnknownCountry
from perimeter.core.text import mask_card_numbers
from perimeter.records.passenger import Manifest, TravelDocument, Traveller, TravellerRole
from perimeter.records.pnr import HistoryEntry, Payment, PnrMessage, Remark


def test_two_letter_codes_read_as_three() -> None:
    assert normalise_any_code("gb") == "GBR"
    assert normalise_any_code("KOR") == "KOR"
    assert normalise_any_code("D") == "D"
    with pytest.raises(UnknownCountry):
        normalise_any_code("QQ")


def test_card_numbers_are_never_kept_whole() -> None:
    payment = Payment(type="CC", card_type="VI", card_number="4235-7923-0038-7826", card_expiry="0813")
    assert payment.card_number == "XXXXXXXXXXXX7826"
    assert "4235" not in repr(payment) and "4235" not in payment.model_dump_json()
    assert Payment(type="CC", card_number="XXXXXXXX1186").card_number == "XXXXXXXX1186"
    remark = Remark(kind="28", text="FP CC VI4111111111111111 EXP 0813")
    assert remark.text == "FP CC VIXXXXXXXXXXXX1111 EXP 0813"
    assert HistoryEntry(details=("FOP CCAX378282246310005",)).details == ("FOP CCAX" + "X" * 11 + "0005",)


def test_phone_and_ticket_numbers_are_not_taken_for_cards() -> None:
    for text in ("CTCH 00441753637285", "TKT 0062120234533", "CTCM 5432109876"):
        assert mask_card_numbers(text) == text


def test_a_document_needs_a_type_or_a_number() -> None:
    assert TravelDocument(number="123").type is None
    with pytest.raises(ValidationError, match="needs a type or a number"):
        TravelDocument()
    with pytest.raises(ValidationError, match="nor one of ICAO"):
        TravelDocument(type="P", number="1", issuing_country="XYZ")


def test_manifest_sorts_travellers_by_role() -> None:
    manifest = Manifest(
        message_reference="1",
        sender="S",
        receiver="R",
        version="D05B",
        document_type="745",
        travellers=(
            Traveller(role=TravellerRole.PASSENGER, surname="A", birth_date=date(1970, 1, 1)),
            Traveller(role=TravellerRole.CREW, surname="B"),
        ),
    )
    assert [t.surname for t in manifest.passengers] == ["A"] and [t.surname for t in manifest.crew] == ["B"]
    assert not manifest.is_crew_list
    with pytest.raises(ValidationError):
        manifest.model_copy(update={"version": "x"}).model_validate(manifest.model_dump() | {"version": "x"})


def test_pnr_message_knows_full_pushes_from_changes() -> None:
    base = {"message_reference": "1", "sender": "S", "receiver": "R", "version": "13.1"}
    assert PnrMessage(**base, function_code="22").is_full_push
    assert PnrMessage(**base, function_code="141").is_changes_only
