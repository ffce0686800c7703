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
