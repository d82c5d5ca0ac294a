"""Lights from remaining working days; case numbers by rule."""

import datetime

import pytest

from tongban.cases.domain.lights import Light, light
from tongban.cases.domain.numbers import (
    DEFAULT_RULE,
    NumberRuleError,
    case_number,
    check_rule,
)


@pytest.mark.parametrize(
    ("remaining", "yellow_at", "expected"),
    [
        (5, 1, Light.GREEN),
        (2, 1, Light.GREEN),
        (1, 1, Light.YELLOW),  # one working day left
        (0, 1, Light.YELLOW),  # due today, still on time
        (-1, 1, Light.RED),  # overdue
        (3, 3, Light.YELLOW),  # a region that warns earlier
    ],
)
def test_light(remaining: int, yellow_at: int, expected: Light) -> None:
    assert light(remaining_working_days=remaining, yellow_at=yellow_at) == expected


def test_the_default_number_is_implementation_code_date_and_serial() -> None:
    number = case_number(
        implementation_code="11540100MB0T12340N3000175004000",
        date=datetime.date(2026, 11, 27),
        serial=68,
    )
    assert number == "11540100MB0T12340N3000175004000" + "20261127" + "0068"
    assert len(number) == 43


@pytest.mark.parametrize(
    ("rule", "message"),
    [("{implementation_code}{date:%Y%m%d}", "serial"), ("{who}{serial}", "unknown")],
)
def test_bad_rules_are_refused(rule: str, message: str) -> None:
    with pytest.raises(NumberRuleError, match=message):
        check_rule(rule)


def test_a_regional_rule() -> None:
    check_rule(DEFAULT_RULE)
    number = case_number(
        rule="XZ{division_code}-{date:%Y}-{serial:06d}",
        implementation_code="",
        date=datetime.date(2026, 1, 2),
        serial=7,
        division_code="540102",
    )
    assert number == "XZ540102-2026-000007"
