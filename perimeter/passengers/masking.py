"""Masking passenger data past its masking period (EU PNR Directive 2016/681, article 12(2)): what identifies a
person is hidden from ordinary users; the itinerary, the agency, bags, tickets' fares and the booking's dates stay
readable so analysis can go on.

Masked in a PNR: travellers' names, birth dates and places, unique ids, documents (API data), addresses, frequent
flyer data; phones, e-mails and addresses of the booking; payment details (card, holder, address, phone); free
text (remarks, special-service text, history details); seats' and tickets' traveller links stay, their numbers go.
In a manifest traveller: names, birth date and place, documents, address and references (API data).

These functions work on the stored JSON (``model_dump(mode="json")``) and never change their input.
"""

from __future__ import annotations

from typing import Any

MASK = "***"
_TRAVELLER_FIELDS = ("surname", "given_names", "birth_date", "birth_place", "unique_id")
_PAYMENT_FIELDS = ("card_number", "card_expiry", "holder_name", "holder_address", "holder_phone")
_MANIFEST_TRAVELLER_FIELDS = ("surname", "given_names", "birth_date", "birth_place", "address")


def mask_pnr(data: dict[str, Any]) -> dict[str, Any]:
    masked = dict(data)
    masked["travellers"] = [_mask_pnr_traveller(person) for person in data.get("travellers", [])]
    masked["phones"] = [{**phone, "number": MASK} for phone in data.get("phones", [])]
    masked["emails"] = [{**email, "address": MASK} for email in data.get("emails", [])]
    masked["addresses"] = [_mask_address(address) for address in data.get("addresses", [])]
    masked["payments"] = [_blank(payment, _PAYMENT_FIELDS) for payment in data.get("payments", [])]
    masked["remarks"] = [{**remark, "text": MASK} for remark in data.get("remarks", [])]
    masked["special_services"] = [_blank(item, ("text",)) for item in data.get("special_services", [])]
    masked["history"] = [
        {**entry, "details": [MASK] if entry.get("details") else []} for entry in data.get("history", [])
    ]
    masked["tickets"] = [_blank(ticket, ("number",)) for ticket in data.get("tickets", [])]
    masked["seats"] = [_blank(seat, ("number",)) for seat in data.get("seats", [])]
    masked["bags"] = [{**bag, "tags": []} for bag in data.get("bags", [])]
    if data.get("group_name"):
        masked["group_name"] = MASK
    masked["masked"] = True
    return masked


def mask_traveller(data: dict[str, Any]) -> dict[str, Any]:
    """A manifest traveller's row (the API data) masked; role, nationality, gender and airports stay."""
    masked = _blank(data, _MANIFEST_TRAVELLER_FIELDS)
    masked["documents"] = [_mask_document(document) for document in data.get("documents", [])]
    masked["references"] = [
        {**reference, "value": MASK} for reference in data.get("references", []) if reference.get("value")
    ]
    masked["masked"] = True
    return masked


def _mask_pnr_traveller(person: dict[str, Any]) -> dict[str, Any]:
    masked = _blank(person, _TRAVELLER_FIELDS)
    masked["documents"] = [_mask_document(document) for document in person.get("documents", [])]
    masked["addresses"] = [_mask_address(address) for address in person.get("addresses", [])]
    masked["frequent_flyer"] = [{**card, "number": MASK} for card in person.get("frequent_flyer", [])]
    return masked


def _mask_document(document: dict[str, Any]) -> dict[str, Any]:
    return _blank(document, ("number", "expires_on", "issued_on", "issue_place"))


def _mask_address(address: dict[str, Any]) -> dict[str, Any]:
    return _blank(address, ("street", "city", "region", "postal_code", "text"))


def _blank(data: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    return {key: (MASK if key in fields and value not in (None, "", []) else value) for key, value in data.items()}
