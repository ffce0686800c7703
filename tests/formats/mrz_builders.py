"""Builders of machine-readable zones from raw field text for the MRZ tests (imported, not a conftest)."""

from __future__ import annotations

from perimeter.formats.mrz import check_digit

TD3_LINE1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"


def build_td3(
    *,
    line1: str = TD3_LINE1,
    number: str = "L898902C3",
    nationality: str = "UTO",
    birth: str = "740812",
    sex: str = "F",
    expiry: str = "120415",
    personal: str = "ZE184226B<<<<<",
    checks: dict[str, str] | None = None,
) -> str:
    """A TD3 zone from raw field text, its check digits computed.

    ``checks`` puts other characters in check digit positions (``number``, ``birth``, ``expiry``, ``personal``,
    ``composite``), as a misprint or a misreading would: the composite stays the one the right digits give.
    """
    right = {name: check_digit(value) for name, value in (("number", number), ("birth", birth), ("expiry", expiry))}
    right["personal"] = check_digit(personal)
    right["composite"] = check_digit(
        number + right["number"] + birth + right["birth"] + expiry + right["expiry"] + personal + right["personal"]
    )
    cd = {**right, **(checks or {})}
    line2 = (
        f"{number}{cd['number']}{nationality}{birth}{cd['birth']}{sex}{expiry}{cd['expiry']}"
        f"{personal}{cd['personal']}{cd['composite']}"
    )
    assert len(line1) == len(line2) == 44, (line1, line2)
    return f"{line1}\n{line2}"


def misread(text: str, line: int, column: int, char: str) -> str:
    """``text`` with the character at ``line``, ``column`` (from 0) read as ``char``."""
    lines = text.splitlines()
    lines[line] = lines[line][:column] + char + lines[line][column + 1 :]
    return "\n".join(lines)
