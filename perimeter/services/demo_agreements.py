"""The three agreements of the demonstration, which differ on purpose.

- United States and Canada: lost and stolen document records are replicated in full; watch-list entries are
  queried, and a hit releases a summary (names, birth dates, nationalities, category, requested handling).
- United States and Mexico, Canada and Mexico: hit/no-hit only, and for watch lists only the terrorism category;
  document records are queried and answer hit/no-hit.
- All three: each gives the others its report figures (the record kind ``statistics``) for the joint report.
"""

from __future__ import annotations

from datetime import date, timedelta

WATCHLIST_SUMMARY = ["category", "names", "birth_dates", "nationalities", "handling"]
WATCHLIST_FULL = [*WATCHLIST_SUMMARY, "documents", "places_of_birth", "gender", "programmes", "listed_on", "remarks"]
DOCUMENT_SUMMARY = ["status", "issuing_country", "document_type"]
DOCUMENT_FULL = [*DOCUMENT_SUMMARY, "number", "reported_on", "reporting_authority"]
PURPOSES = "[border-screening, counter-terrorism-investigation]"
# Every party gives the others its report figures (counts, no personal data) for the joint report.
STATISTICS_CLAUSE = """  - id: joint-report-statistics
    record_kind: statistics
    level: summary
    fields:
      summary: [figures]
    purposes: [joint-report]
    mode: queried
    onward_sharing: false
    retention_days: 3650
    response_deadline_hours: 720
"""


def _window(today: date) -> str:
    return f"in_force: {(today - timedelta(days=30)).isoformat()}\nexpires: {(today + timedelta(days=730)).isoformat()}"


def us_ca(today: date) -> str:
    return f"""agreement: us-ca-perimeter
version: 1
title: United States and Canada, common perimeter (documents replicated, watch-list summaries on hit)
parties: [us-cbp, ca-cbsa]
{_window(today)}
clauses:
  - id: lost-stolen-documents
    record_kind: document-status
    level: full
    fields:
      summary: [{", ".join(DOCUMENT_SUMMARY)}]
      full: [{", ".join(DOCUMENT_FULL)}]
    purposes: {PURPOSES}
    mode: replicated
    onward_sharing: false
    retention_days: 365
    response_deadline_hours: 24
  - id: watchlist-summary-on-hit
    record_kind: watchlist-entry
    level: summary
    fields:
      summary: [{", ".join(WATCHLIST_SUMMARY)}]
    purposes: {PURPOSES}
    mode: queried
    onward_sharing: false
    retention_days: 180
    response_deadline_hours: 12
    query_limit_per_day: 100000
{STATISTICS_CLAUSE}"""


def with_mexico(partner: str, today: date) -> str:
    country = {"us-cbp": "United States", "ca-cbsa": "Canada"}[partner]
    return f"""agreement: {partner.split("-")[0]}-mx-perimeter
version: 1
title: {country} and Mexico, hit/no-hit (terrorism category only for watch lists)
parties: [{partner}, mx-inm]
{_window(today)}
clauses:
  - id: terrorism-hit-no-hit
    record_kind: watchlist-entry
    level: hit-no-hit
    categories: [terrorism]
    purposes: {PURPOSES}
    mode: queried
    onward_sharing: false
    retention_days: 90
    response_deadline_hours: 24
    query_limit_per_day: 50000
  - id: documents-hit-no-hit
    record_kind: document-status
    level: hit-no-hit
    purposes: {PURPOSES}
    mode: queried
    onward_sharing: false
    retention_days: 90
    response_deadline_hours: 24
    query_limit_per_day: 50000
{STATISTICS_CLAUSE}"""


def all_agreements(today: date) -> list[tuple[list[str], str]]:
    """(parties, YAML text) of every agreement of the demonstration."""
    return [
        (["us-cbp", "ca-cbsa"], us_ca(today)),
        (["us-cbp", "mx-inm"], with_mexico("us-cbp", today)),
        (["ca-cbsa", "mx-inm"], with_mexico("ca-cbsa", today)),
    ]
