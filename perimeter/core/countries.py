"""Countries and nationalities: ISO 3166-1 alpha-3 plus the codes ICAO Doc 9303 (Part 3) adds.

Codes are what travel documents, PAXLST messages and the national-list format carry; country *names* are what the
official sanctions lists carry ("Iran (Islamic Republic of)", "Viet Nam"), so names are resolved here too.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import pycountry

from perimeter.core.errors import UnknownCountry

#: Codes ICAO Doc 9303 Part 3 uses besides ISO 3166-1 alpha-3, with what each stands for.
ICAO_CODES: dict[str, str] = {
    "D": "Germany",
    "EUE": "European Union",
    "GBD": "British Overseas Territories Citizen",
    "GBN": "British National (Overseas)",
    "GBO": "British Overseas Citizen",
    "GBP": "British Protected Person",
    "GBS": "British Subject",
    "RKS": "Kosovo",
    "UNA": "Specialized Agency of the United Nations",
    "UNK": "Resident of Kosovo (UNMIK)",
    "UNO": "United Nations Organization",
    "UTO": "Utopia (ICAO specimen documents)",
    "XBA": "African Development Bank",
    "XCC": "Caribbean Community",
    "XCE": "Council of Europe",
    "XCO": "Common Market for Eastern and Southern Africa",
    "XDC": "Southern African Development Community",
    "XEC": "Economic Community of West African States",
    "XES": "Organisation of Eastern Caribbean States",
    "XIM": "African Export-Import Bank",
    "XMP": "Parliamentary Assembly of the Mediterranean",
    "XOM": "Sovereign Military Order of Malta",
    "XPO": "International Criminal Police Organization (INTERPOL)",
    "XXA": "Stateless person",
    "XXB": "Refugee (1951 Convention)",
    "XXC": "Refugee (other)",
    "XXX": "Person of unspecified nationality",
}

# Spellings used by the UN and OFAC lists that ISO 3166's names and common names do not cover.
_NAME_ALIASES: dict[str, str] = {
    "democratic republic of the congo": "COD",
    "congo democratic republic of the": "COD",
    "congo kinshasa": "COD",
    "republic of the congo": "COG",
    "congo brazzaville": "COG",
    "iran": "IRN",
    "iran islamic republic of": "IRN",
    "republic of korea": "KOR",
    "korea south": "KOR",
    "south korea": "KOR",
    "korea north": "PRK",
    "north korea": "PRK",
    "democratic people s republic of korea": "PRK",
    "united kingdom": "GBR",
    "great britain": "GBR",
    "england": "GBR",
    "united states": "USA",
    "russia": "RUS",
    "syria": "SYR",
    "turkey": "TUR",
    "turkiye": "TUR",
    "vietnam": "VNM",
    "laos": "LAO",
    "burma": "MMR",
    "bolivia": "BOL",
    "venezuela": "VEN",
    "tanzania": "TZA",
    "moldova": "MDA",
    "macedonia": "MKD",
    "palestinian": "PSE",
    "palestine": "PSE",
    "state of palestine": "PSE",
    "west bank": "PSE",
    "gaza": "PSE",
    "gaza strip": "PSE",
    "china hong kong special administrative region": "HKG",
    "hong kong": "HKG",
    "macau": "MAC",
    "taiwan": "TWN",
    "brunei": "BRN",
    "ivory coast": "CIV",
    "cote d ivoire": "CIV",
    "cape verde": "CPV",
    "czech republic": "CZE",
    "swaziland": "SWZ",
    "the gambia": "GMB",
    "gambia the": "GMB",
    "bahamas the": "BHS",
    "the bahamas": "BHS",
    "kosovo": "RKS",
    "micronesia": "FSM",
    "st kitts and nevis": "KNA",
    "st lucia": "LCA",
    "st vincent and the grenadines": "VCT",
    "bosnia herzegovina": "BIH",
    "netherlands antilles": "ANT",
    "curacao": "CUW",
    "sint maarten": "SXM",
    "british virgin islands": "VGB",
    "virgin islands british": "VGB",
    "region crimea": "UKR",
    "crimea": "UKR",
    "yugoslavia": "SRB",
    "serbia and montenegro": "SRB",
    "soviet union": "RUS",
    "ussr": "RUS",
    "holland": "NLD",
    "kyrgyz republic": "KGZ",
    "slovak republic": "SVK",
    "united republic of tanzania": "TZA",
    "lao people s democratic republic": "LAO",
    "uk": "GBR",
    "dprk": "PRK",
    "drc": "COD",
    "palestinian territories": "PSE",
    "occupied palestinian territory": "PSE",
    "bosnia": "BIH",
    "comoros islands": "COM",
    "st kitts nevis": "KNA",
    "saint kitts nevis": "KNA",
}


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


@cache
def _iso_codes() -> frozenset[str]:
    return frozenset(country.alpha_3 for country in pycountry.countries)


@cache
def _historic_codes() -> frozenset[str]:
    # Codes withdrawn from ISO 3166-1 that old documents and lists still carry (ANT, YUG, SCG, ...).
    return frozenset(
        country.alpha_3 for country in pycountry.historic_countries if len(getattr(country, "alpha_3", "")) == 3
    )


@cache
def _names_to_codes() -> dict[str, str]:
    table: dict[str, str] = {}
    for country in pycountry.countries:
        for attribute in ("name", "official_name", "common_name"):
            value = getattr(country, attribute, None)
            if value:
                table[_fold(value)] = country.alpha_3
    table.update(_NAME_ALIASES)
    return table


def is_known_code(code: str) -> bool:
    """True for an ISO 3166-1 alpha-3 code or one of ICAO's additional codes (upper case expected)."""
    return code in _iso_codes() or code in ICAO_CODES


def is_iso_code(code: str) -> bool:
    """True only for a current ISO 3166-1 alpha-3 code (ICAO's extra codes excluded)."""
    return code in _iso_codes()


def normalise_code(code: str, what: str = "country code") -> str:
    """The code in upper case, or :class:`UnknownCountry` naming the bad value.

    Historic codes (``ANT``, ``YUG``) are accepted because documents issued under them are still presented.
    """
    value = code.strip().upper()
    if is_known_code(value) or value in _historic_codes():
        return value
    raise UnknownCountry(
        f"{what} {code!r} is not an ISO 3166-1 alpha-3 code nor one of ICAO's additional codes"
        " (such as D, GBD, UNO, XXA)"
    )


def country_name(code: str) -> str:
    """A readable name for a code, falling back to the code itself."""
    if code in ICAO_CODES:
        return ICAO_CODES[code]
    country = pycountry.countries.get(alpha_3=code) or pycountry.historic_countries.get(alpha_3=code)
    return str(country.name) if country else code


def code_from_name(name: str) -> str | None:
    """Resolve a country name as written in an official list; ``None`` when it names no known country."""
    folded = _fold(name)
    if not folded:
        return None
    table = _names_to_codes()
    folded = folded.removeprefix("the ")  # "the Philippines", "the Russian Federation"
    if folded in table:
        return table[folded]
    upper = name.strip().upper()
    if len(upper) == 3 and is_known_code(upper):
        return upper
    # "Iran (Islamic Republic of)" -> "iran", "Korea, North" -> "korea north" handled above; try dropping a
    # trailing qualifier in parentheses or after a comma.
    for separator in ("(", ","):
        head = _fold(name.split(separator, 1)[0])
        if head and head in table:
            return table[head]
    return None


def normalise_any_code(code: str, what: str = "country code") -> str:
    """Like :func:`normalise_code`, but also reads an ISO 3166-1 alpha-2 code (``"GB"`` -> ``"GBR"``).

    PNR data (SSR DOCS, ADD) often carries two-letter codes; the records keep three-letter ones only.
    """
    value = code.strip().upper()
    if len(value) == 2 and value.isalpha():
        country = pycountry.countries.get(alpha_2=value)
        if country is not None:
            return str(country.alpha_3)
    return normalise_code(code, what)
