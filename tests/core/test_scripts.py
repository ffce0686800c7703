import pytest

from perimeter.core.scripts import detect_script


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("Usama bin Laden", "Latn"),
        ("Ḥasan al-Bannā'", "Latn"),
        ("صدام حسين التكريتي", "Arab"),
        ("آدم خان اچکزی", "Arab"),
        ("Умаров Доку Хаматович", "Cyrl"),
        ("金正恩", "Hani"),
        ("김정은", "Hang"),
        ("金 정은", "Kore"),
        ("やまだ 太郎", "Jpan"),
        ("Αλέξανδρος", "Grek"),
        ("דוד כהן", "Hebr"),
        ("Abu Muhammad (Абу Мухаммад Аль-Кадари)", "Cyrl"),
        ("12-34 / ()", None),
        ("", None),
    ],
)
def test_the_script_of_most_letters_is_named_by_its_iso_15924_code(text: str, script: str | None) -> None:
    assert detect_script(text) == script
