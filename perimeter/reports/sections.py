"""The joint report's sections, in the order of the North American Cooperative Security Act (S. 853, Sec. 3).

Section 3(a) asks for a joint report every six months; 3(b) names the committees it goes to; the matters it
covers are listed in the order below. ``wording`` summarises what the Act asks each section to describe (a
summary, not the statute's text). Each section names the figures this node can give for it: a :class:`FigureSpec`
is a registered query (``perimeter.reports.queries``) with its parameters. A section with no figures, or whose
figures are all zero for the period, says so in the report; nothing is filled in by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ACT = "North American Cooperative Security Act (S. 853, 109th Congress), Section 3"
ACT_REPORT_CLAUSE = (
    "Not later than 6 months after the date of enactment of this Act, and every 6 months thereafter, the Secretary "
    "of State, in coordination with the Secretary of Homeland Security and the Secretary of Defense, each "
    "responsible for their pertinent areas of jurisdiction, shall submit a joint report, to the congressional "
    "committees listed under subsection (b) that contains a description of the efforts to carry out this section "
    "and sections 4 through 7."
)
COMMITTEES = (
    "the Committee on Foreign Relations of the Senate",
    "the Committee on Homeland Security and Governmental Affairs of the Senate",
    "the Committee on Armed Services of the Senate",
    "the Committee on International Relations of the House of Representatives",
    "the Committee on Armed Services of the House of Representatives",
    "the Select Committee on Homeland Security of the House of Representatives",
)


@dataclass(frozen=True)
class FigureSpec:
    key: str
    title: str
    query: str
    params: tuple[tuple[str, str], ...] = ()
    chart: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Section:
    number: int
    key: str
    title: str
    wording: str
    figures: tuple[FigureSpec, ...] = field(default_factory=tuple)


_SCREENINGS = FigureSpec("screenings", "Screenings and hits", "audit.screenings")
_DOCUMENTS_REPORTED = FigureSpec(
    "documents-reported", "Travel documents reported by this node", "documents.reported", chart="bar"
)
_CHECKS = FigureSpec("document-checks", "Document checks", "documents.checks")
_PORT_CHECKS = FigureSpec("port-of-entry-checks", "Port-of-entry checks by decision", "documents.port-of-entry-checks")
_INCIDENT_MONTHS = FigureSpec(
    "fraud-incidents-by-month", "Document-fraud incidents by month", "incidents.by-month", chart="bar"
)
_INCIDENTS = FigureSpec("fraud-incidents", "Document-fraud incidents by kind", "incidents.by-kind", chart="bar")
_MANIFESTS = FigureSpec(
    "manifests-per-carrier", "Flight manifests received per carrier", "manifests.per-carrier", chart="bar"
)
_MANIFEST_QUALITY = FigureSpec("manifest-quality", "Data quality of the manifests per carrier", "manifests.quality")
_TRAVELLERS = FigureSpec("manifest-travellers", "Travellers on flight manifests", "manifests.travellers")
_RULE_HITS = FigureSpec("rule-hits", "Targeting-rule hits by rule", "rules.hits", chart="bar")
_HOLDINGS_LIST = FigureSpec(
    "holdings-by-list", "Watch-list holdings by list", "watchlists.holdings-by-list", chart="bar"
)
_HOLDINGS_CATEGORY = FigureSpec(
    "holdings-by-category", "Watch-list holdings by category", "watchlists.holdings-by-category", chart="bar"
)
_NOTIFICATIONS = FigureSpec("hit-notifications", "Hit notifications and the owners' answers", "cases.notifications")
_IDENTITIES = FigureSpec("identities", "Hits confirmed or rejected by the owning country", "cases.identities")
_LIST_CHANGES = FigureSpec("list-changes", "Changes to watch lists", "watchlists.changes")
_DISCLOSURES = FigureSpec(
    "disclosures", "Disclosures to partners by partner and clause", "audit.disclosures", chart="bar"
)
_REFUSALS = FigureSpec("refusals", "Refusals by partner and reason", "audit.refusals")
_PARTNER_QUERIES = FigureSpec("partner-queries", "Questions asked of partners", "audit.partner-queries")

SECTIONS: tuple[Section, ...] = (
    Section(
        1,
        "fast",
        "Security and the movement of goods (Free and Secure Trade)",
        "Efforts to secure the movement of goods across the borders, including the Free and Secure Trade (FAST) "
        "programme for pre-approved carriers, drivers and shippers.",
    ),
    Section(
        2,
        "cargo-security",
        "Cargo security",
        "Efforts to target and inspect high-risk cargo and containers bound for North America.",
    ),
    Section(
        3,
        "wait-times",
        "Border wait times",
        "Measures taken to reduce waiting times at the land border crossings.",
    ),
    Section(
        4,
        "infrastructure",
        "Border infrastructure",
        "Investment in, and the state of, infrastructure at the borders and the ports of entry.",
    ),
    Section(
        5,
        "document-integrity",
        "Security clearances and document integrity",
        "Efforts to secure travel and identity documents against fraud, including the sharing of information on "
        "lost and stolen passports and the checks made against it.",
        (_DOCUMENTS_REPORTED, _CHECKS, _PORT_CHECKS, _INCIDENTS, _INCIDENT_MONTHS),
    ),
    Section(
        6,
        "immigration",
        "Immigration and visa management",
        "Cooperation on the management of immigration and visas, including advance passenger information and "
        "the screening of travellers before they arrive.",
        (_SCREENINGS, _MANIFESTS, _MANIFEST_QUALITY, _TRAVELLERS, _RULE_HITS),
    ),
    Section(
        7,
        "visa-policy",
        "Visa policy coordination",
        "Coordination of visa policies among the three countries and with third countries.",
    ),
    Section(
        8,
        "overstays",
        "Visitor overstays",
        "A programme to track visitors who remain beyond the period they were admitted for.",
    ),
    Section(
        9,
        "watch-lists",
        "Terrorist watch lists",
        "The exchange of terrorist watch lists among the three countries and the screening of travellers against them.",
        (_HOLDINGS_LIST, _HOLDINGS_CATEGORY, _LIST_CHANGES, _NOTIFICATIONS, _IDENTITIES),
    ),
    Section(
        10,
        "organised-crime",
        "Organised crime",
        "Cooperation against money laundering, income tax evasion, currency smuggling and alien smuggling.",
    ),
    Section(
        11,
        "counter-terrorism",
        "Counter-terrorism",
        "Joint counter-terrorism programmes and the sharing of intelligence on terrorist threats.",
    ),
    Section(
        12,
        "law-enforcement",
        "Law-enforcement cooperation",
        "Cooperation among law-enforcement agencies, including the exchange of information under agreements.",
        (_PARTNER_QUERIES, _DISCLOSURES, _REFUSALS),
    ),
    Section(
        13,
        "biosecurity",
        "Biosecurity",
        "Cooperation to protect against biological threats to people, animals and crops.",
    ),
    Section(
        14,
        "nuclear-radiological",
        "Nuclear and radiological threats",
        "Cooperation to detect and protect against nuclear and radiological threats.",
    ),
    Section(
        15,
        "emergency-management",
        "Emergency management",
        "Cooperation in preparing for and responding to emergencies that cross the borders.",
    ),
)

# Oversight figures follow the Act's sections in an annex: they show that the data behind the report can be trusted.
OVERSIGHT = Section(
    16,
    "oversight",
    "Annex: integrity of the records behind this report",
    "The state of the node's hash-chained audit log, from which several figures above are counted, and the "
    "oversight activity of the period.",
    (
        FigureSpec("audit-chain", "Audit log", "audit.chain"),
        FigureSpec("pnr-unmasking", "PNR unmasking", "audit.pnr-unmasking"),
        FigureSpec("exports", "Audit exports and reports", "audit.exports"),
    ),
)

ALL_SECTIONS: tuple[Section, ...] = (*SECTIONS, OVERSIGHT)


def section(key: str) -> Section:
    found = next((item for item in ALL_SECTIONS if item.key == key), None)
    if found is None:
        raise KeyError(key)
    return found
