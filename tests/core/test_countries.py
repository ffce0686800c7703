import pytest

from perimeter.core.countries import code_from_name, country_name, is_iso_code, normalise_code
from perimeter.core.errors import UnknownCountry


@pytest.mark.parametrize("code", ["USA", "can", "MEX", "D", "GBD", "UNO", "XXA", "UTO", "RKS", "ANT"])
def test_known_codes_are_accepted_and_upper_cased(code: str) -> None:
    assert normalise_code(code) == code.upper()


@pytest.mark.parametrize("code", ["ZZZ", "US", "ASU", "BOS", "", "USAA"])
def test_unknown_codes_are_refused_with_the_value_and_the_rule(code: str) -> None:
    with pytest.raises(UnknownCountry, match="ISO 3166-1 alpha-3") as error:
        normalise_code(code, "nationality")
    assert repr(code) in str(error.value)
    assert "nationality" in str(error.value)


def test_icao_codes_are_not_iso_codes() -> None:
    assert is_iso_code("USA")
    assert not is_iso_code("D")
    assert country_name("D") == "Germany"
    assert country_name("MEX") == "Mexico"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Democratic Republic of the Congo", "COD"),
        ("Iran (Islamic Republic of)", "IRN"),
        ("United Kingdom of Great Britain and Northern Ireland", "GBR"),
        ("Viet Nam", "VNM"),
        ("Türkiye", "TUR"),
        ("Korea, North", "PRK"),
        ("China, Hong Kong Special Administrative Region", "HKG"),
        ("Mexico", "MEX"),
        ("the Philippines", "PHL"),
        ("the Russian Federation", "RUS"),
        ("UK", "GBR"),
        ("DPRK", "PRK"),
        ("DRC", "COD"),
        ("St. Kitts & Nevis", "KNA"),
        ("Palestinian Territories", "PSE"),
    ],
)
def test_country_names_from_official_lists_resolve(name: str, code: str) -> None:
    assert code_from_name(name) == code


def test_an_unknown_country_name_resolves_to_none() -> None:
    assert code_from_name("Atlantis") is None
    assert code_from_name("na") is None
