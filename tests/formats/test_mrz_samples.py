"""Every MRZ in shared/data/documents/mrz agrees with the check-digit verdict recorded beside it.

``mrz_samples.json`` records, per sample, the verdict of the upstream test suite on each check digit
(``own_checks``: doc, dob, exp, opt, composite), on all of them (``own_valid``), and the verdict of the ``mrz``
package, which also refuses codes outside ISO 3166 (``mrz_pkg_valid``). ``ASU`` and ``BOS`` samples are
check-digit-valid but carry codes no list knows.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from perimeter.formats.mrz import MrzResult, ProblemKind, parse_mrz

TODAY = date(2025, 6, 1)
FIELDS = {"doc": "document_number", "dob": "birth_date", "exp": "expiry_date", "opt": "personal_number"}
UNKNOWN_CODES = {"ASU", "BOS", "INP", "BAD"}  # in these samples: not ISO 3166-1 alpha-3, not ICAO


def _sample_id(row: dict[str, Any]) -> str:
    return f"{row['format']}-{Path(row['source_path']).stem}"


def _check(result: MrzResult, key: str) -> Any:
    return result.composite if key == "composite" else result.fields[FIELDS[key]]


@pytest.mark.shared_rows("documents/mrz/mrz_samples.json", id=_sample_id)
def test_check_digits_agree_with_the_recorded_verdict(shared_row: dict[str, Any]) -> None:
    result = parse_mrz(shared_row["mrz"], today=TODAY)

    assert result.format.value == shared_row["format"].lower()
    assert result.check_digits_valid is shared_row["own_valid"]
    assert result.valid is result.check_digits_valid
    for key, ok in shared_row["own_checks"].items():
        checked = _check(result, key)
        assert checked.ok is ok, key
        named = [p for p in result.problems if p.kind == ProblemKind.CHECK_DIGIT and p.field == checked.field]
        if ok:
            assert not named
        else:
            assert [(p.expected, p.found) for p in named] == [(checked.expected, checked.found)]
            assert checked.expected != checked.found
    json.dumps(result.to_json_dict())


@pytest.mark.shared_rows("documents/mrz/mrz_samples.json", id=_sample_id)
def test_codes_are_judged_apart_from_check_digits(shared_row: dict[str, Any]) -> None:
    result = parse_mrz(shared_row["mrz"], today=TODAY)
    unknown = {result.issuing_country, result.nationality} & UNKNOWN_CODES

    assert result.codes_valid is not unknown
    code_problems = {p.found for p in result.problems if p.kind == ProblemKind.CODE}
    assert {code.rstrip("<") for code in code_problems if code} == unknown
    if shared_row["own_valid"]:
        # the mrz package refuses exactly the samples whose codes no list knows
        assert result.codes_valid is shared_row["mrz_pkg_valid"]
    if unknown & {"ASU", "BOS"}:
        assert result.check_digits_valid
        assert not result.codes_valid


@pytest.mark.parametrize("name", ["td1", "td2", "td3", "mrva", "mrvb"])
def test_text_sample_files_agree_with_their_headers(shared_data: Path, name: str) -> None:
    path = shared_data / "documents" / "mrz" / f"{name}_samples.txt"
    blocks = [block.strip().splitlines() for block in path.read_text(encoding="utf-8").split("\n\n") if block.strip()]
    assert blocks
    for header, *lines in blocks:
        verdict = re.search(r"own_valid=(True|False)", header)
        assert verdict, header
        result = parse_mrz(lines, today=TODAY)
        assert result.format.value == name
        assert result.check_digits_valid is (verdict.group(1) == "True"), header
