"""ICAO Doc 9303 machine-readable zones (TD1, TD2, TD3, MRV-A, MRV-B).

The five layouts, the 7-3-1 check digit and the result model that reading a zone returns.
"""

from perimeter.formats.mrz._checkdigit import check_digit
from perimeter.formats.mrz._layouts import MrzFormat
from perimeter.formats.mrz.model import CheckedField, Correction, MrzResult, Problem, ProblemKind

__all__ = [
    "CheckedField",
    "Correction",
    "MrzFormat",
    "MrzResult",
    "Problem",
    "ProblemKind",
    "check_digit",
]
