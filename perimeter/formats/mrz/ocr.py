"""Corrections for the characters OCR engines confuse most: O/0, I/1, B/8, S/5, Z/2, G/6.

Only where the confusion is plausible: in dates and check digits (digits expected) a letter is read as its
digit; in document numbers, personal numbers and optional data (letters and digits) either way. The fewest changes
that make a failing check digit verify are offered (at most three changes per field), and only those that, all
failing fields corrected together, make the composite check digit verify too. Of several readings of a number, those
that mix letters and digits in the fewest runs are kept (``ZE000509`` rather than ``ZE0OO509``). When only the
composite fails, letters read for digits in the data it alone protects (optional data) are tried. Nothing here
changes a result: the corrections are suggestions for the person at the desk.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from itertools import combinations, product

from perimeter.formats.mrz._layouts import Layout
from perimeter.formats.mrz._protected import Lines, Position, Protected
from perimeter.formats.mrz.model import Correction

LETTER_TO_DIGIT = {"O": "0", "I": "1", "B": "8", "S": "5", "Z": "2", "G": "6"}
DIGIT_TO_LETTER = {digit: letter for letter, digit in LETTER_TO_DIGIT.items()}
MAX_CHANGES = 3
MAX_CANDIDATES = 8

Change = tuple[Position, str]
Changes = tuple[Change, ...]


def _at(lines: Lines, position: Position) -> str:
    return lines[position[0]][position[1]]


def apply(lines: Lines, changes: Iterable[Change]) -> Lines:
    """The lines with each change made (a change is a position and the character to put there)."""
    rows = [list(line) for line in lines]
    for (line, column), char in changes:
        rows[line][column] = char
    return tuple("".join(row) for row in rows)


def _sites(lines: Lines, positions: Iterable[Position], both_ways: bool) -> list[Change]:
    sites = []
    for position in positions:
        char = _at(lines, position)
        other = LETTER_TO_DIGIT.get(char) or (DIGIT_TO_LETTER.get(char) if both_ways else None)
        if other:
            sites.append((position, other))
    return sites


def _search(lines: Lines, sites: list[Change], accept: Callable[[Lines], bool]) -> list[Changes]:
    """The smallest sets of changes (up to ``MAX_CHANGES``) that ``accept`` takes, at most ``MAX_CANDIDATES``."""
    for size in range(1, min(MAX_CHANGES, len(sites)) + 1):
        found = [combo for combo in combinations(sites, size) if accept(apply(lines, combo))]
        if found:
            return found[:MAX_CANDIDATES]
    return []


def _plausible_date(text: str) -> bool:
    """``YYMMDD`` with digits (``<<`` allowed for month and day) that some year makes a calendar date."""
    yy, mm, dd = text[0:2], text[2:4], text[4:6]
    if not yy.isdigit() or not all(part.isdigit() or part == "<<" for part in (mm, dd)):
        return False
    month, day = (int(mm) if mm.isdigit() else 1), (int(dd) if dd.isdigit() else 1)
    try:
        date(2000, month, day)  # a leap year: 29 February is possible
    except ValueError:
        return False
    return True


def _field_candidates(lines: Lines, field: Protected) -> list[Changes]:
    def accept(candidate: Lines) -> bool:
        if not field.verifies(candidate):
            return False
        return field.kind != "date" or _plausible_date(field.value(candidate))

    sites = _sites(lines, field.positions, both_ways=field.kind == "alnum")
    sites += _sites(lines, [field.check_position], both_ways=False)
    return _search(lines, sites, accept)


def _describe(lines: Lines, field: Protected, changes: Changes) -> str:
    parts = []
    for position, char in changes:
        where = (
            "the check digit"
            if position == field.check_position
            else f"character {field.positions.index(position) + 1}"
            if position in field.positions
            else f"line {position[0] + 1}, column {position[1] + 1}"
        )
        parts.append(f"{_at(lines, position)} read as {char} at {where}")
    return "; ".join(parts)


def _correction(lines: Lines, field: Protected, changes: Changes, verb: str) -> Correction:
    fixed = apply(lines, changes)
    return Correction(
        field=field.field,
        found=field.value(lines),
        corrected=field.value(fixed),
        found_check_digit=field.found(lines),
        corrected_check_digit=field.found(fixed),
        message=f"{field.label} {field.value(lines)}: {_describe(lines, field, changes)} {verb}",
    )


def suggest_corrections(
    lines: Lines, layout: Layout, fields: list[Protected], composite: Protected | None
) -> tuple[Correction, ...]:
    """Corrections for every failing check digit that an OCR confusion explains."""
    failing = [field for field in fields if not field.verifies(lines)]
    if not failing:
        if composite is None or composite.verifies(lines):
            return ()
        return _composite_only(lines, layout, fields, composite)
    candidates = {field.field: _field_candidates(lines, field) for field in failing}
    if composite is not None:
        # keep what the composite confirms, all failing fields corrected together
        verifying: set[Changes] = set()
        for combo in product(*[found for found in candidates.values() if found]):
            if composite.verifies(apply(lines, [change for changes in combo for change in changes])):
                verifying.update(combo)
        candidates = {name: [c for c in found if c in verifying] for name, found in candidates.items()}
    corrections = []
    for field in failing:
        found = candidates[field.field]
        if field.kind == "alnum":
            found = _most_regular(lines, field, found)
        verb = "makes its check digit verify" + ("" if composite is None else ", and the composite's")
        corrections += [_correction(lines, field, changes, verb) for changes in found]
    return tuple(corrections)


def _runs(text: str) -> int:
    """How many runs of letters and of digits ``text`` has: ``ZE000509`` two, ``ZE0O0509`` four."""
    kinds = [char.isalpha() for char in text if char != "<"]
    return sum(1 for index, kind in enumerate(kinds) if index == 0 or kind != kinds[index - 1])


def _most_regular(lines: Lines, field: Protected, found: list[Changes]) -> list[Changes]:
    """Of several readings of a number, those with the fewest runs: numbers mix letters and digits in blocks."""
    if len(found) < 2:
        return found
    runs = {changes: _runs(field.value(apply(lines, changes))) for changes in found}
    fewest = min(runs.values())
    return [changes for changes in found if runs[changes] == fewest]


def _composite_only(
    lines: Lines, layout: Layout, fields: list[Protected], composite: Protected
) -> tuple[Correction, ...]:
    """Every field verifies but the composite does not: try the characters only the composite protects."""
    guarded = {position for field in fields for position in (*field.positions, field.check_position)}
    free = [position for position in composite.positions if position not in guarded]
    sites = _sites(lines, [*free, composite.check_position], both_ways=False)
    views = [
        Protected(name, name.replace("_", " "), tuple(span.positions()), composite.check_position, "composite")
        for name, span in (("optional_data_1", layout.optional_data_1), ("optional_data_2", layout.optional_data_2))
        if span is not None
    ]
    corrections = []
    for changes in _search(lines, sites, composite.verifies):
        changed = {position for position, _ in changes if position != composite.check_position}
        view = next((view for view in views if changed and changed <= set(view.positions)), composite)
        corrections.append(_correction(lines, view, changes, "makes the composite check digit verify"))
    return tuple(corrections)
