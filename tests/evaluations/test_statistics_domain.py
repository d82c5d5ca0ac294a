"""Rates as bulletins print them: two decimals half up, level shares adding up to 100.00."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tongban.evaluations.domain.statistics import Counts, percent, rates, shares


@pytest.mark.parametrize(
    ("numerator", "denominator", "printed"),
    [
        (1, 3, "33.33"),  # rounds down below half
        (2, 3, "66.67"),  # rounds up above half
        (1, 8, "12.50"),  # 12.5 exactly, two decimals printed
        (1, 800, "0.13"),  # 0.125 → half up
        (7, 7, "100.00"),
    ],
)
def test_percent_has_two_decimals_half_up(
    numerator: int, denominator: int, printed: str
) -> None:
    assert str(percent(numerator, denominator)) == printed


def test_rate_with_nothing_to_count_is_none_not_zero() -> None:
    assert percent(0, 0) is None


def test_level_shares_add_up_to_one_hundred() -> None:
    # 1/3 each would print 33.33 × 3 = 99.99; the largest remainder gets the last 0.01.
    assert shares([1, 1, 1, 0, 0]) == [
        Decimal("33.34"),
        Decimal("33.33"),
        Decimal("33.33"),
        Decimal("0.00"),
        Decimal("0.00"),
    ]


@given(st.lists(st.integers(min_value=0, max_value=10**6), min_size=5, max_size=5))
def test_level_shares_always_total_100(counts: list[int]) -> None:
    result = shares(counts)
    if sum(counts):
        assert sum(result) == Decimal("100.00")  # type: ignore[arg-type]


def test_rates_from_counts_of_a_month() -> None:
    # Counts in the shape a monthly bulletin reports them (constructed, see the note).
    counts = Counts(
        by_level=(18_734, 1_052, 87, 19, 8),
        closed_cases=25_000,
        evaluated_closed_cases=19_900,
        bad_reviews=27,
        bad_rectified=27,
        bad_rectified_on_time=26,
        real_name_bad=27,
        real_name_bad_called_back=27,
    )
    with_basic = rates(counts, basic_counts_good=True)
    without = rates(counts, basic_counts_good=False)
    assert str(with_basic.good) == "99.86"  # 19 873 / 19 900
    assert str(without.good) == "99.43"  # 19 786 / 19 900
    assert str(with_basic.bad) == "0.14"  # 27 / 19 900
    assert str(with_basic.active) == "79.60"
    assert str(with_basic.rectified) == "100.00"
    assert str(with_basic.on_time) == "96.30"
    assert sum(with_basic.level_shares) == Decimal("100.00")  # type: ignore[arg-type]
