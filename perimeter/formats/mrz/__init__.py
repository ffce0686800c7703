"""ICAO Doc 9303 machine-readable zones (TD1, TD2, TD3, MRV-A, MRV-B): read, verify, suggest OCR fixes, compose.

``parse_mrz(text)`` returns an :class:`MrzResult`; check digits (``check_digits_valid``, ``valid``) and country
codes (``codes_valid``) are verified separately and every problem is listed with its kind, field, expected and found
value. Input that is not an MRZ at all raises :class:`perimeter.core.errors.ParseError`. ``compose_td3`` and its
siblings write a zone from its fields.
"""

from perimeter.formats.mrz._checkdigit import check_digit
from perimeter.formats.mrz._layouts import MrzFormat
from perimeter.formats.mrz.compose import compose_td1, compose_td2, compose_td3, compose_visa
from perimeter.formats.mrz.model import CheckedField, Correction, MrzResult, Problem, ProblemKind
from perimeter.formats.mrz.parse import parse_mrz

__all__ = [
    "CheckedField",
    "Correction",
    "MrzFormat",
    "MrzResult",
    "Problem",
    "ProblemKind",
    "check_digit",
    "compose_td1",
    "compose_td2",
    "compose_td3",
    "compose_visa",
    "parse_mrz",
]
