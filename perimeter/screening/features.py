"""Features: small pure functions, each named after what it detects, each returning its contribution to the
score and a sentence an analyst can read (``None`` when it has nothing to say). The docstring is the feature's
documentation (``docs/screening.md`` lists them).
"""

from __future__ import annotations

from perimeter.screening.index import IndexedEntry
from perimeter.screening.query import Feature, ScreeningQuery
from perimeter.screening.similarity import Alignment

BirthDate = tuple[int, int | None, int | None]


def name_similarity(alignment: Alignment, query_name: str, matched_name: str) -> Feature:
    """How alike the names are once romanised, tokens aligned in any order (the base of the score)."""
    pairs = ", ".join(f"{q}~{e} {sim:.2f}" if q != e else q for q, e, sim in alignment.pairs)
    extra = ""
    if alignment.unmatched_query:
        extra += f"; not in the entry: {' '.join(alignment.unmatched_query)}"
    if alignment.unmatched_entry:
        extra += f"; not in the query: {' '.join(alignment.unmatched_entry)}"
    detail = f"name {query_name!r} is {alignment.score:.0%} like {matched_name!r} ({pairs}{extra})"
    return Feature("name_similarity", alignment.score, detail)


def one_token_name(alignment: Alignment) -> Feature | None:
    """Only one word of the names matched while one of them has more (or had, before two of its words were read
    as one): a single given name or family name identifies nobody."""
    if len(alignment.pairs) != 1 or not (alignment.unmatched_query or alignment.unmatched_entry or alignment.joined):
        return None
    if alignment.joined and not (alignment.unmatched_query or alignment.unmatched_entry):
        return Feature("one_token_name", -0.2, "the names matched only once two of their words were read as one")
    return Feature("one_token_name", -0.1, "only one word of the name matched")


def weak_alias(entry: IndexedEntry, position: int) -> Feature | None:
    """The matched name is a weak alias (a nickname or a loose spelling the owner marked as weak)."""
    if position not in entry.weak_names:
        return None
    return Feature("weak_alias", -0.08, "the matched name is a weak alias")


def not_a_person(entry: IndexedEntry) -> Feature | None:
    """The entry is an organisation (a person may bear its name), or a vessel or an aircraft, not a person."""
    if entry.subject_type == "person":
        return None
    penalty = -0.15 if entry.subject_type == "organisation" else -0.5
    article = "an" if entry.subject_type[0] in "aeiou" else "a"
    return Feature("not_a_person", penalty, f"the entry is {article} {entry.subject_type}, not a person")


def _dates(entry: IndexedEntry) -> tuple[BirthDate, ...]:
    return entry.birth_dates


def birth_date_match(query: ScreeningQuery, entry: IndexedEntry) -> Feature | None:
    """The birth date agrees with one of the entry's, to the precision both know."""
    if query.birth_date is None:
        return None
    q = query.birth_date
    for year, month, day in _dates(entry):
        if year != q.year:
            continue
        if month is None or q.month is None:
            return Feature("birth_date_match", 0.03, f"born in {year}, as the entry")
        if month != q.month:
            continue
        if day is None or q.day is None:
            return Feature("birth_date_match", 0.07, f"born in {year}-{month:02d}, as the entry")
        if day == q.day:
            return Feature("birth_date_match", 0.12, f"born on {q}, as the entry")
    return None


def birth_day_month_swapped(query: ScreeningQuery, entry: IndexedEntry) -> Feature | None:
    """Same year, with day and month swapped (a US/European date-order mix-up)."""
    q = query.birth_date
    if q is None or q.month is None or q.day is None or q.day == q.month:
        return None
    for year, month, day in _dates(entry):
        if year == q.year and month == q.day and day == q.month:
            return Feature("birth_day_month_swapped", 0.02, f"born {q}; the entry has day and month swapped")
    return None


def birth_year_mismatch(query: ScreeningQuery, entry: IndexedEntry) -> Feature | None:
    """The birth year is two or more years from every year the entry gives (one year off is tolerated); ten
    years or more is another generation."""
    if query.birth_date is None or not entry.birth_dates:
        return None
    gaps = [abs(year - query.birth_date.year) for year, _m, _d in entry.birth_dates]
    if min(gaps) < 2:
        return None
    years = ", ".join(sorted({str(year) for year, _m, _d in entry.birth_dates}))
    penalty = -0.35 if min(gaps) >= 10 else -0.25
    return Feature("birth_year_mismatch", penalty, f"born {query.birth_date.year}; the entry says {years}")


def birth_date_mismatch(query: ScreeningQuery, entry: IndexedEntry) -> Feature | None:
    """Same or near birth year, but the full dates differ on every date the entry gives."""
    q = query.birth_date
    if q is None or q.month is None or not entry.birth_dates:
        return None
    if birth_date_match(query, entry) or birth_day_month_swapped(query, entry) or birth_year_mismatch(query, entry):
        return None
    full = [(y, m, d) for y, m, d in entry.birth_dates if m is not None]
    if not full or len(full) != len(entry.birth_dates):
        return None
    return Feature("birth_date_mismatch", -0.06, f"born {q}; the entry's dates differ")


def nationality_match(query: ScreeningQuery, entry: IndexedEntry) -> Feature | None:
    """The nationality is one the entry gives."""
    if query.nationality and query.nationality in entry.nationalities:
        return Feature("nationality_match", 0.05, f"nationality {query.nationality}, as the entry")
    return None


def nationality_mismatch(query: ScreeningQuery, entry: IndexedEntry) -> Feature | None:
    """The entry gives nationalities and the traveller's is not among them."""
    if not query.nationality or not entry.nationalities or query.nationality in entry.nationalities:
        return None
    listed = ", ".join(entry.nationalities)
    return Feature("nationality_mismatch", -0.08, f"nationality {query.nationality}; the entry says {listed}")


def gender_mismatch(query: ScreeningQuery, entry: IndexedEntry) -> Feature | None:
    """The traveller's gender differs from the entry's."""
    if not query.gender or not entry.gender or query.gender == entry.gender or "other" in (query.gender, entry.gender):
        return None
    return Feature("gender_mismatch", -0.25, f"gender {query.gender}; the entry says {entry.gender}")


def document_number_match(query: ScreeningQuery, entry: IndexedEntry) -> Feature | None:
    """The travel document's number is one the entry lists."""
    if query.document_number and query.document_number in entry.documents:
        return Feature("document_number_match", 0.25, f"document number {query.document_number} is in the entry")
    return None


#: The features that compare what is known besides the name, in the order explanations list them.
DETAIL_FEATURES = (
    document_number_match,
    birth_date_match,
    birth_day_month_swapped,
    birth_date_mismatch,
    birth_year_mismatch,
    nationality_match,
    nationality_mismatch,
    gender_mismatch,
)
