"""Checks of national identifiers, wrapping python-stdnum so its exceptions never escape.

python-stdnum knows the check digits of GB 11643 (resident ID) and GB 32100 (USCC) but, for
the resident ID, raises on division codes it does not know (米林市 540481 and 错那市 540581 of
2023 are missing), rejects birth years before a code was created (people keep their number
when a county is renamed) and accepts birth dates in the future. The functions here return a
stable error code (or ``None`` when valid); callers translate the code for the user.
"""

import datetime
from collections.abc import Callable

from stdnum import numdb
from stdnum.cn import ric, uscc

RESIDENT_ID_ERRORS = (
    "length",
    "format",
    "checksum",
    "birth_date",
    "future_birth_date",
    "division",
)
USCC_ERRORS = ("length", "format", "checksum")
EARLIEST_BIRTH_YEAR = 1900


def normalise(value: str) -> str:
    return "".join((value or "").split()).replace("-", "").upper()


def _stdnum_knows_division(code: str) -> bool:
    """True when stdnum's table has a county-level entry for the 6-digit code (a province-only
    match is what makes ``ric.validate`` raise ``KeyError``)."""
    try:
        parts = numdb.get("cn/loc").info(code)
        return any("county" in props for _, props in parts)
    except Exception:
        return False


def resident_id_error(
    value: str,
    *,
    today: datetime.date,
    division_known: Callable[[str], bool] | None = None,
) -> str | None:
    """GB 11643 check: 18 characters, mod-11 check digit, real past birth date, known division.

    ``division_known`` lets the caller add the platform's own division table to stdnum's list.
    """
    number = normalise(value)
    if len(number) != 18:
        return "length"
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        return "format"
    try:
        if ric.calc_check_digit(number) != number[17]:
            return "checksum"
        birth = ric.get_birth_date(number)
    except Exception:
        return "birth_date"
    if birth.year < EARLIEST_BIRTH_YEAR:
        return "birth_date"
    if birth > today:
        return "future_birth_date"
    code = number[:6]
    if not (_stdnum_knows_division(code) or (division_known and division_known(code))):
        return "division"
    return None


def uscc_error(value: str) -> str | None:
    """GB 32100 check: 18 characters, registration authority digits, mod-31 check character."""
    number = normalise(value)
    if len(number) != 18:
        return "length"
    try:
        uscc.validate(number)
    except uscc.InvalidChecksum:
        return "checksum"
    except Exception:
        return "format"
    return None
