"""Readers of the fields that carry no check digit: document code, country codes, name, sex, optional data."""

from __future__ import annotations

from typing import Literal

from perimeter.core.countries import is_known_code
from perimeter.formats.mrz._layouts import Layout
from perimeter.formats.mrz.model import Problem, ProblemKind

_KIND_NAMES = {"P": "P", "V": "V", "ACI": "A, C or I"}


def words(text: str) -> str:
    """``<`` fillers read as spaces, runs of them as one, none at either end."""
    return " ".join(part for part in text.split("<") if part)


def read_document_code(raw: str, layout: Layout) -> tuple[str, list[Problem]]:
    code = raw.rstrip("<")
    problems = []
    if not code or code[0] not in layout.document_kinds or not (raw[1].isalpha() or raw[1] == "<"):
        message = (
            f"document code {raw!r} does not fit a {layout.format.name} document: it starts with"
            f" {_KIND_NAMES[layout.document_kinds]} followed by a letter or <"
        )
        problems.append(Problem(kind=ProblemKind.FORMAT, field="document_code", message=message, found=raw))
    return code, problems


def read_country(raw: str, field: str, label: str) -> tuple[str, list[Problem]]:
    """The code without its fillers (``D<<`` is Germany's ``D``) and a problem when no list knows it."""
    code = raw.rstrip("<")
    if is_known_code(code):
        return code, []
    message = f"{label} {raw!r} is not an ISO 3166-1 alpha-3 code nor one of ICAO's additional codes"
    return code, [Problem(kind=ProblemKind.CODE, field=field, message=message, found=raw)]


def read_name(raw: str) -> tuple[str, str, bool, list[Problem], list[str]]:
    """Primary identifier, secondary identifier, whether the name may be truncated, problems and warnings.

    The identifiers are separated by the first ``<<``; a name that fills its field to the last character may have
    been truncated (Doc 9303 Part 3 truncates long names to fit the field, without marking it otherwise).
    """
    primary, _, secondary = raw.partition("<<")
    surname, given = words(primary), words(secondary)
    truncated = not raw.endswith("<")
    problems, warnings = [], []
    if not surname:
        message = f"the name {raw!r} has no primary identifier (it must start with the surname)"
        problems.append(Problem(kind=ProblemKind.FORMAT, field="name", message=message, found=raw))
    strays = sorted({char for char in raw if char.isdigit()})
    if strays:
        message = f"the name {words(raw)!r} holds digits ({''.join(strays)}); names are letters only"
        problems.append(Problem(kind=ProblemKind.FORMAT, field="name", message=message, found=raw))
    if truncated:
        warnings.append("the name fills its field: it may have been truncated")
    return surname, given, truncated, problems, warnings


Sex = Literal["M", "F", "X"]
_SEXES: dict[str, Sex] = {"M": "M", "F": "F", "X": "X"}


def read_sex(raw: str) -> tuple[Sex | None, list[Problem]]:
    """``M``, ``F``, ``X``, or ``None`` for ``<`` (unspecified) and, with a problem, for anything else."""
    if raw in _SEXES:
        return _SEXES[raw], []
    if raw == "<":
        return None, []
    message = f"sex {raw!r} is not M, F, X or < (unspecified)"
    return None, [Problem(kind=ProblemKind.FORMAT, field="sex", message=message, found=raw)]
