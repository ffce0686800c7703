"""The innocent-traveller population: realistic names from many countries, with birth dates and nationalities.

Names come from ``Faker`` locales (installed only in the benchmark's environment): Latin-script names from Europe,
the Americas, Africa and Asia (among them Pakistani, Bangladeshi, Uzbek, Azerbaijani, Turkish, Indonesian and
Algerian names, the Latin spellings of Arabic and Persian names that a sanctions list is full of), and names in
their own script (Arabic, Persian, Cyrillic, Greek, Hebrew, Chinese, Japanese, Korean, Devanagari, Bengali, Thai,
Georgian, Armenian) as a visa application or a national register writes them. Each locale gives the same share of
the population; a fifth of the people get a second given name. Birth dates are ages 1 to 90 on 2026-01-01.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

# locale -> nationality (ISO 3166-1 alpha-3)
LOCALES: dict[str, str] = {
    "en_US": "USA", "en_GB": "GBR", "en_CA": "CAN", "en_AU": "AUS", "en_IE": "IRL", "en_NG": "NGA",
    "en_KE": "KEN", "en_IN": "IND", "en_PK": "PAK", "en_BD": "BGD", "en_PH": "PHL", "de_DE": "DEU",
    "fr_FR": "FRA", "fr_DZ": "DZA", "es_ES": "ESP", "es_MX": "MEX", "es_CO": "COL", "es_AR": "ARG",
    "pt_BR": "BRA", "pt_PT": "PRT", "it_IT": "ITA", "nl_NL": "NLD", "pl_PL": "POL", "cs_CZ": "CZE",
    "hu_HU": "HUN", "ro_RO": "ROU", "hr_HR": "HRV", "sq_AL": "ALB", "sv_SE": "SWE", "fi_FI": "FIN",
    "tr_TR": "TUR", "az_AZ": "AZE", "uz_UZ": "UZB", "id_ID": "IDN", "vi_VN": "VNM", "yo_NG": "NGA",
    "zu_ZA": "ZAF", "tw_GH": "GHA", "sw": "TZA",
    "ar_SA": "SAU", "ar_EG": "EGY", "ar_JO": "JOR", "fa_IR": "IRN", "ru_RU": "RUS", "uk_UA": "UKR",
    "bg_BG": "BGR", "el_GR": "GRC", "he_IL": "ISR", "zh_CN": "CHN", "ja_JP": "JPN", "ko_KR": "KOR",
    "hi_IN": "IND", "bn_BD": "BGD", "th_TH": "THA", "ka_GE": "GEO", "hy_AM": "ARM",
}  # fmt: skip

REFERENCE_DAY = date(2026, 1, 1)


def _person(fake: Any, rng: random.Random) -> tuple[str, str]:
    gender = rng.choice("mf")
    first = fake.first_name_male() if gender == "m" else fake.first_name_female()
    if rng.random() < 0.2:
        second = fake.first_name_male() if gender == "m" else fake.first_name_female()
        if second != first:
            first = f"{first} {second}"
    return f"{first} {fake.last_name()}", gender


def population(size: int, seed: int) -> Iterator[dict[str, Any]]:
    """``size`` travellers as screening queries (``id``, ``name``, ``birth_date``, ``nationality``, ``gender``)."""
    from faker import Faker  # the benchmark's environment only

    rng = random.Random(seed)
    fakers = {}
    for n, locale in enumerate(LOCALES):
        fake = Faker(locale)
        fake.seed_instance(seed * 1000 + n)
        fakers[locale] = fake
    locales = list(LOCALES)
    for n in range(size):
        locale = locales[n % len(locales)]
        name, gender = _person(fakers[locale], rng)
        born = REFERENCE_DAY - timedelta(days=rng.randrange(365, 90 * 365))
        yield {
            "id": f"innocent-{n:06d}",
            "name": " ".join(name.split()),
            "birth_date": born.isoformat(),
            "nationality": LOCALES[locale],
            "gender": gender,
            "_locale": locale,
        }
