"""Which writing system a name is written in, as an ISO 15924 code (``Latn``, ``Arab``, ``Cyrl``, ``Hani``...).

Screening needs to know whether a name must be transliterated before it is compared with a romanised one; the
Unicode character names say which script each letter belongs to.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import cache

# The first word(s) of a Unicode character name, mapped to the ISO 15924 code of its script.
_PREFIXES: tuple[tuple[str, str], ...] = (
    ("LATIN", "Latn"),
    ("ARABIC", "Arab"),
    ("CYRILLIC", "Cyrl"),
    ("CJK", "Hani"),
    ("HANGUL", "Hang"),
    ("HIRAGANA", "Hira"),
    ("KATAKANA", "Kana"),
    ("GREEK", "Grek"),
    ("HEBREW", "Hebr"),
    ("DEVANAGARI", "Deva"),
    ("BENGALI", "Beng"),
    ("GURMUKHI", "Guru"),
    ("GUJARATI", "Gujr"),
    ("TAMIL", "Taml"),
    ("TELUGU", "Telu"),
    ("KANNADA", "Knda"),
    ("MALAYALAM", "Mlym"),
    ("SINHALA", "Sinh"),
    ("THAI", "Thai"),
    ("LAO", "Laoo"),
    ("KHMER", "Khmr"),
    ("MYANMAR", "Mymr"),
    ("TIBETAN", "Tibt"),
    ("GEORGIAN", "Geor"),
    ("ARMENIAN", "Armn"),
    ("ETHIOPIC", "Ethi"),
    ("SYRIAC", "Syrc"),
    ("THAANA", "Thaa"),
    ("MONGOLIAN", "Mong"),
)

_ASCII_LETTER = re.compile(r"[A-Za-z]")


@cache
def _letter_script(char: str) -> str | None:
    """The script of one letter, ``Zyyy`` (common) for a letter of no listed script, ``None`` for a non-letter."""
    if not unicodedata.category(char).startswith("L"):
        return None
    name = unicodedata.name(char, "")
    for prefix, code in _PREFIXES:
        if name.startswith(prefix):
            return code
    return "Zyyy"


def detect_script(text: str) -> str | None:
    """The ISO 15924 code of the script most letters of ``text`` are written in; ``None`` when it has no letters.

    Japanese (kana with or without kanji) is ``Jpan`` and Korean written with hanja is ``Kore``, as ISO 15924 names
    those mixtures; Chinese characters alone are ``Hani`` (simplified and traditional are not told apart).
    """
    if text.isascii():  # the common case, answered without looking at each letter
        return "Latn" if _ASCII_LETTER.search(text) else None
    counts: Counter[str] = Counter()
    for char in text:
        script = _letter_script(char)
        if script is not None:
            counts[script] += 1
    if not counts:
        return None
    if counts["Hira"] or counts["Kana"]:
        return "Jpan"
    if counts["Hang"] and counts["Hani"]:
        return "Kore"
    known = [(count, script) for script, count in counts.items() if script != "Zyyy"]
    if not known:
        return "Zyyy"
    return max(known)[1]
