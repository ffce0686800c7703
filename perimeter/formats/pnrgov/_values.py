"""What single PNRGOV segments say: dates, flights, locators, agencies, documents (SSR DOCS/DOCO/DOCA), addresses,
payments, bags. Each reader takes the segment and a context that warns and checks country codes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Protocol

from perimeter.formats._dates import read_date, read_named_month_date, read_time
from perimeter.formats.edifact import Segment
from perimeter.formats.pnrgov._contacts import Contact, decode_email, find_phones, read_contact
from perimeter.records.pnr import Bag, BagTag, ExcessBaggage, FrequentFlyer, Payment, TravelAgency
from perimeter.records.travel import Address, TravelDocument
from perimeter.records.watchlist import Gender

DOCS_GENDERS = {"M": Gender.MALE, "F": Gender.FEMALE, "MI": Gender.MALE, "FI": Gender.FEMALE, "X": Gender.OTHER}
WEIGHT_UNITS = {"700": "kg", "701": "lb"}


class Context(Protocol):
    reference_date: date | None

    def warn(self, segment: Segment, reason: str) -> None: ...

    def country(self, segment: Segment, code: str, what: str) -> str | None: ...


def moment(ctx: Context, segment: Segment, day: str, clock: str, what: str) -> datetime | None:
    """``DDMMYY`` and ``HHMM`` (time optional) as a datetime; None, with a warning, when they are not."""
    if not day:
        return None
    try:
        found = read_date(day, ctx.reference_date, past=False, order="DMY")
        hour, minute = read_time(clock) if clock else (0, 0)
    except ValueError as error:
        ctx.warn(segment, f"{what}: {error}; left empty")
        return None
    return datetime(found.year, found.month, found.day, hour, minute)


def amount(ctx: Context, segment: Segment, text: str, what: str) -> Decimal | None:
    if not text:
        return None
    try:
        return Decimal(text.strip())
    except InvalidOperation:
        ctx.warn(segment, f"{what} {text!r} is not a number; left empty")
        return None


@dataclass(frozen=True)
class Travel:
    """A ``TVL``: times, places, carriers, flight number and booking class."""

    departure: datetime | None
    arrival: datetime | None
    origin: str | None
    origin_name: str | None
    destination: str | None
    carrier: str | None
    operating_carrier: str | None
    number: str | None
    booking_class: str | None
    start: date | None
    end: date | None

    @property
    def operating_only(self) -> bool:
        """A ``TVL+++++303:Y``: only the operating flight of the codeshare segment before it."""
        return self.departure is None and self.origin is None and self.destination is None and self.carrier is None


def read_travel(ctx: Context, segment: Segment) -> Travel:
    parts = [*segment.composite(1), "", "", "", "", ""]
    day, clock, arrival_day, arrival_clock, variation = parts[:5]
    if len(arrival_day) == 4 and not arrival_clock:  # "120518:1220:1505": the arrival date left out
        arrival_day, arrival_clock = "", arrival_day
    departure = moment(ctx, segment, day, clock, "departure")
    arrival = moment(ctx, segment, arrival_day, arrival_clock, "arrival") if arrival_day else None
    if not arrival_day and departure is not None and arrival_clock:
        try:
            hour, minute = read_time(arrival_clock)
            shift = int(variation) if variation.lstrip("-").isdigit() else 0
            arrival = departure.replace(hour=hour, minute=minute) + timedelta(days=shift)
        except ValueError as error:
            ctx.warn(segment, f"arrival: {error}; left empty")
    start = departure.date() if departure else None
    end = arrival.date() if arrival else None
    return Travel(
        departure=departure,
        arrival=arrival,
        origin=segment.value(2, 1) or None,
        origin_name=segment.value(2, 2) or None,
        destination=segment.value(3, 1) or None,
        carrier=segment.value(4, 1) or None,
        operating_carrier=segment.value(4, 2) or None,
        number=segment.value(5, 1) or None,
        booking_class=segment.value(5, 2) or None,
        start=start,
        end=end,
    )


def read_locators(segment: Segment) -> list[tuple[str | None, str]]:
    """(carrier, locator) of each reservation control composite of an ``RCI``."""
    found = []
    for index in range(1, len(segment.elements) + 1):
        carrier, locator = segment.value(index, 1), segment.value(index, 2)
        if locator:
            found.append((carrier or None, locator))
    return found


def read_created(ctx: Context, segment: Segment) -> datetime | None:
    """The creation date and time in the first ``RCI`` composite (``DL:MFN4TI::230513:181348``; some senders
    leave out the empty control type: ``UA:80F4E3:110318:2220``)."""
    parts = segment.composite(1)[2:]
    for index, part in enumerate(parts):
        if len(part) == 6 and part.isdigit():
            clock = parts[index + 1] if index + 1 < len(parts) else ""
            return moment(ctx, segment, part, clock, "PNR creation")
    return None


def read_dates(ctx: Context, segment: Segment) -> dict[str, datetime]:
    """``DAT+700:061210:1010+710:061210:1200``: date and time by qualifier."""
    found: dict[str, datetime] = {}
    for index in range(1, len(segment.elements) + 1):
        qualifier, day, clock = segment.value(index, 1), segment.value(index, 2), segment.value(index, 3)
        value = moment(ctx, segment, day, clock, f"date {qualifier}")
        if value is not None:
            found.setdefault(qualifier, value)
    return found


def read_agency(ctx: Context, segment: Segment) -> TravelAgency | None:
    """An ``ORG``; None when it is empty (an update push's sign of a cancelled record)."""
    values = {
        "system": segment.value(1, 1),
        "location": segment.value(1, 2),
        "iata_number": segment.value(2, 1),
        "in_house_id": segment.value(2, 2),
        "city": segment.value(3, 1),
        "originator_type": segment.value(5, 1),
        "currency": segment.value(6, 2),
        "agent_id": segment.value(7, 1),
    }
    country = ctx.country(segment, segment.value(6, 1), "agency country")
    if not any(values.values()) and country is None:
        return None
    return TravelAgency(country=country, **{key: value or None for key, value in values.items()})


@dataclass(frozen=True)
class Identity:
    """What an ``SSR DOCS`` says about a traveller, besides the document."""

    document: TravelDocument | None
    surname: str | None
    given_names: str | None
    birth_date: date | None
    gender: Gender | None
    nationality: str | None
    birth_place: str | None = None


def _fields(text: str, count: int) -> list[str]:
    body = text.strip()
    body = body[1:] if body.startswith("/") else body
    fields = [field.strip() for field in body.split("/")]
    return fields + [""] * (count - len(fields))


def _document_type(ctx: Context, segment: Segment, code: str) -> str | None:
    code = code.upper()
    if not code:
        return None
    if code.isalnum() and len(code) <= 3:
        return code
    ctx.warn(segment, f"document type {code!r} is not a code of up to three letters; left empty")
    return None


def _cut(ctx: Context, segment: Segment, value: str | None, limit: int, what: str) -> str | None:
    if value is not None and len(value) > limit:
        ctx.warn(segment, f"{what} is longer than {limit} characters; cut")
        return value[:limit]
    return value


def _named_date(ctx: Context, segment: Segment, text: str, what: str, *, past: bool) -> date | None:
    if not text:
        return None
    try:
        return read_named_month_date(text, ctx.reference_date, past=past)
    except ValueError as error:
        ctx.warn(segment, f"{what}: {error}; left empty")
        return None


def read_docs(ctx: Context, segment: Segment, text: str) -> Identity:
    """``/P/GBR/123456789/GBR/12JUL64/M/23AUG19/SMITH/JOHN/ROBERT``: type, issuer, number, nationality, birth date,
    gender (``MI``/``FI`` infants), expiry, surname, given names."""
    fields = _fields(text, 10)
    kind, issuer, number, nationality, born, gender, expiry = fields[:7]
    document = None
    doc_type, number_or_none = _document_type(ctx, segment, kind), number or None
    number_or_none = _cut(ctx, segment, number_or_none, 35, "the document number")
    if doc_type or number_or_none:
        document = TravelDocument(
            type=doc_type,
            number=number_or_none,
            issuing_country=ctx.country(segment, issuer, "document issuing country"),
            expires_on=_named_date(ctx, segment, expiry, "document expiry", past=False),
        )
    if gender and gender.upper() not in DOCS_GENDERS and gender.upper() != "U":
        ctx.warn(segment, f"gender {gender!r} is not M, F, MI, FI, U or X; left empty")
    given = " ".join(field for field in fields[8:] if field and field != "H") or None
    return Identity(
        document=document,
        surname=fields[7] or None,
        given_names=given,
        birth_date=_named_date(ctx, segment, born, "birth date", past=True),
        gender=DOCS_GENDERS.get(gender.upper()),
        nationality=ctx.country(segment, nationality, "nationality"),
    )


def read_doco(ctx: Context, segment: Segment, text: str) -> Identity:
    """``/place of birth/V/number/place of issue/issue date/country``: a visa (or other document) and where the
    traveller was born."""
    birth_place, kind, number, issue_place, issued, country = _fields(text, 6)[:6]
    document = None
    doc_type = _document_type(ctx, segment, kind)
    if doc_type or number:
        document = TravelDocument(
            type=doc_type,
            number=_cut(ctx, segment, number or None, 35, "the document number"),
            issuing_country=ctx.country(segment, country, "visa country"),
            issued_on=_named_date(ctx, segment, issued, "issue date", past=True),
            issue_place=_cut(ctx, segment, issue_place or None, 70, "the place of issue"),
        )
    return Identity(document, None, None, None, None, None, birth_place=birth_place or None)


def read_doca(ctx: Context, segment: Segment, text: str) -> Address | None:
    """``/D/AUS/13 SHORE AVENUE/BROADBEACH/QLD/4215``: residence (R) or destination (D) address."""
    kind, country, street, city, region, postal = _fields(text, 6)[:6]
    values = {"street": street, "city": city, "region": region, "postal_code": postal}
    code = ctx.country(segment, country, "address country")
    if not any(values.values()) and code is None:
        return None
    return Address(kind=kind or None, country=code, **{key: value or None for key, value in values.items()})


@dataclass(frozen=True)
class PostalContact:
    address: Address | None
    phones: tuple[tuple[str | None, str], ...]
    email: str | None


def read_address(ctx: Context, segment: Segment) -> PostalContact:
    """An ``ADD``: purpose, street, city, region, country, postcode, and a telephone or e-mail in the last part."""
    purpose, street, city, region, region_name, country, postal, extra = (list(segment.composite(2)) + [""] * 8)[:8]
    phones: tuple[tuple[str | None, str], ...] = ()
    email = None
    contact: Contact | None = read_contact(extra) if extra else None
    if contact is not None:
        email, phones = contact.email, contact.phones
    elif purpose.upper() == "E" or "@" in extra or "//" in extra:
        email = decode_email(extra)
    elif extra:
        phones = tuple(find_phones(extra, "address"))
        if not phones and not postal:
            postal = extra
    values = {"street": street, "city": city, "region": region or region_name, "postal_code": postal}
    code = ctx.country(segment, country, "address country")
    address = None
    if any(values.values()) or code is not None:
        address = Address(kind=purpose or None, country=code, **{key: value or None for key, value in values.items()})
    return PostalContact(address, phones, email)


def read_payments(ctx: Context, segment: Segment, ticket: str | None, traveller: str | None) -> list[Payment]:
    """Each form of payment of a ``FOP``: type, old-FOP indicator, amount, card type, card number, expiry."""
    payments = []
    for index in range(1, len(segment.elements) + 1):
        kind = segment.value(index, 1)
        if not kind:
            continue
        payments.append(
            Payment(
                type=kind,
                amount=amount(ctx, segment, segment.value(index, 3), "payment amount"),
                card_type=segment.value(index, 4) or None,
                card_number=segment.value(index, 5) or None,
                card_expiry=segment.value(index, 6) or None,
                ticket_number=ticket,
                traveller_reference=traveller,
            )
        )
    return payments


def read_bag(ctx: Context, segment: Segment, flight: str | None, traveller: str | None) -> Bag:
    """A ``TBD``: ``TBD++3:84:700++HP+KL:4074902824:3:MSP``: count, weight and unit, pool, tags."""
    count_text, weight_text, unit = segment.value(2, 1), segment.value(2, 2), segment.value(2, 3)
    pool = next((value for value in (segment.value(4, 1), segment.value(3, 1)) if value in ("HP", "MP")), None)
    tags = []
    if segment.value(3, 1) == "MP" and segment.value(3, 2):
        tags.append(BagTag(number=segment.value(3, 2)))
    for index in range(5, len(segment.elements) + 1):
        number = segment.value(index, 2).replace(" ", "")
        if not number:
            continue
        tag_count = segment.value(index, 3)
        consecutive = int(tag_count) if tag_count.isdigit() else None
        if consecutive is not None and consecutive > 99:
            ctx.warn(segment, f"{consecutive} consecutive bag tags from {number} is not plausible; count left empty")
            consecutive = None
        tags.append(
            BagTag(
                carrier=segment.value(index, 1) or None,
                number=number,
                count=consecutive,
                destination=segment.value(index, 4) or None,
            )
        )
    return Bag(
        flight=flight,
        traveller_reference=traveller,
        count=int(count_text) if count_text.isdigit() else None,
        weight=amount(ctx, segment, weight_text, "bag weight"),
        weight_unit=WEIGHT_UNITS.get(unit),
        pool=pool,
        tags=tuple(tags),
    )


def read_excess(ctx: Context, segment: Segment, traveller: str | None) -> ExcessBaggage:
    """``EBD+GBP:40.00+4::N``: charge and number of bags in excess."""
    count = segment.value(2, 1)
    return ExcessBaggage(
        count=int(count) if count.isdigit() else None,
        amount=amount(ctx, segment, segment.value(1, 2), "excess baggage charge"),
        currency=segment.value(1, 1) or None,
        traveller_reference=traveller,
    )


def read_frequent_flyer(segment: Segment) -> list[FrequentFlyer]:
    """``FTI+DL:1234567890:::ELITE``: carrier, number and (the last code given) tier."""
    found = []
    for index in range(1, len(segment.elements) + 1):
        parts = segment.composite(index)
        if len(parts) >= 2 and parts[0] and parts[1]:
            tier = next((part for part in reversed(parts[2:]) if part), None)
            found.append(FrequentFlyer(carrier=parts[0], number=parts[1], tier=tier))
    return found
