"""Small text keys shared by storage and matching: folded names and document-number keys."""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^\w]+", re.UNICODE)
_DOC_NOISE = re.compile(r"[^A-Z0-9]")


def fold(text: str) -> str:
    """Lower case, accents removed, punctuation turned into spaces: ``"Ḥasan  al-Bannā'"`` -> ``"hasan al banna"``.

    Letters of other scripts are kept as they are; transliteration is the screening engine's job.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NON_ALNUM.sub(" ", stripped.casefold()).replace("_", " ").split())


def document_number_key(number: str) -> str:
    """The number as a machine compares it: upper case, no spaces or dashes, letter O read as zero.

    ``"l 8989-02C3"`` and ``"L898902C3"`` give the same key, and so does an OCR misread of ``0`` as ``O``.
    """
    return _DOC_NOISE.sub("", number.upper()).replace("O", "0")


_CARD_LIKE = re.compile(r"(?<![0-9])[0-9](?:[ -]?[0-9]){12,18}(?![0-9])")


def _luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def mask_card_numbers(text: str) -> str:
    """``text`` with every payment card number masked but for its last four digits:
    ``"FP CC VI4111111111111111"`` -> ``"FP CC VIXXXXXXXXXXXX1111"``.

    A card number here is 13 to 19 digits (spaces or dashes allowed) that start like one (2, 3, 4, 5 or 6) and pass
    the Luhn check, so that phone and ticket numbers are left alone. Free text in passenger records (remarks, PNR
    history) sometimes carries a whole card number.
    """

    def mask(match: re.Match[str]) -> str:
        found = match.group()
        digits = "".join(char for char in found if char.isdigit())
        if digits[0] not in "23456" or not _luhn_valid(digits):
            return found
        keep = len(digits) - 4
        masked: list[str] = []
        for char in found:
            if char.isdigit():
                masked.append("X" if keep > 0 else char)
                keep -= 1
            else:
                masked.append(char)
        return "".join(masked)

    return _CARD_LIKE.sub(mask, text)
