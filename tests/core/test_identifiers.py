"""Resident ID (GB 11643) and USCC (GB 32100) checks, wrapping python-stdnum."""

import datetime

import pytest
from stdnum.cn import ric

from tongban.core.domain.identifiers import resident_id_error, uscc_error

TODAY = datetime.date(2026, 11, 27)
MILIN_1990 = "540481199001010021"


def known_tibet(code: str) -> bool:
    return code in {"540481", "540581", "540102"}


@pytest.mark.parametrize(
    ("number", "error"),
    [
        ("54010219900101002X", None),  # valid, X check digit
        ("54010219900101002x", None),  # lower-case x is normalised
        ("540102 1990 0101 002X", None),  # spaces as typed from a card
        ("540102199001010021", "checksum"),  # last digit wrong
        ("5401021990010100", "length"),  # 16 characters
        ("54010219900101002Y", "format"),  # only X is allowed as a letter
        ("540102199002300029", "birth_date"),  # 30 February (check digit valid)
        ("540102203001010029", "future_birth_date"),  # born 2030
        ("999999199001010024", "division"),  # no such division (check digit valid)
        (
            "540481200106150026",
            None,
        ),  # 米林市 (2023): unknown to stdnum, known to the platform
    ],
)
def test_resident_id(number: str, error: str | None) -> None:
    assert resident_id_error(number, today=TODAY, division_known=known_tibet) == error


def test_birth_year_before_the_division_code_existed_is_accepted() -> None:
    # stdnum rejects 米林市 (code since 2023) for someone born in 1990; people keep their
    # number when a county is renamed, so the platform does not.
    assert not ric.is_valid(MILIN_1990)
    assert resident_id_error(MILIN_1990, today=TODAY) is None


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("11540100MB0T12340N", None),
        ("11540100mb0t12340n", None),  # normalised to upper case
        ("1151130000877869M", "length"),  # the 17-character code seen in real data
        ("11540100MB0T12340P", "checksum"),
        ("11540100MB0T1234IN", "format"),  # I is not in the GB 32100 alphabet
        ("", "length"),
    ],
)
def test_uscc(code: str, error: str | None) -> None:
    assert uscc_error(code) == error
