"""Rates as bulletins print them: two decimals half up, each share rounded on its own (or,
where the region asks for it, shares adding up to 100.00)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tongban.evaluations.domain.codes import Channel
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


# 渭源县政务服务中心, "政务'好差评' 彰显'好服务'", 中国·渭源 2021-01-06, reprinted at
# http://xianyu.chinaxiaokang.com/dingxishi/weiyuanxian/huizhan/2021/0107/4143644.html :
# "2020年县直单位评价总量为24793条，其中县政务服务大厅其他终端9958条，占比40.16%；移动服务端
# 6358条，占比25.64%；PC端4581条，占比18.48%；政务服务大厅平板电脑3885条，占比15.67%；短信8条，
# 占比0.03%；二维码3条，占比0.01%". The channels are GB/T 39046 表9's; the printed shares add
# up to 99.99 %: each is rounded on its own.
WEIYUAN_2020 = [
    (Channel.HALL_TERMINAL, 9958, "40.16"),
    (Channel.MOBILE, 6358, "25.64"),
    (Channel.PC, 4581, "18.48"),
    (Channel.HALL_TABLET, 3885, "15.67"),
    (Channel.SMS, 8, "0.03"),
    (Channel.QR_CODE, 3, "0.01"),
]


def test_a_real_bulletins_channel_shares_are_reproduced_from_its_counts() -> None:
    counts = [count for _channel, count, _printed in WEIYUAN_2020]
    assert sum(counts) == 24_793  # the bulletin's 评价总量
    printed = [text for _channel, _count, text in WEIYUAN_2020]
    assert [str(share) for share in shares(counts)] == printed
    assert sum(shares(counts)) == Decimal("99.99")  # type: ignore[arg-type]


def test_shares_made_to_add_up_would_misprint_that_bulletin() -> None:
    # The largest remainder moves 0.01 to the hall terminals: 40.17, not the printed 40.16.
    counts = [count for _channel, count, _printed in WEIYUAN_2020]
    assert str(shares(counts, add_up=True)[0]) == "40.17"


def test_level_shares_add_up_to_one_hundred_where_the_region_asks() -> None:
    # 1/3 each would print 33.33 × 3 = 99.99; the largest remainder gets the last 0.01.
    assert shares([1, 1, 1, 0, 0], add_up=True) == [
        Decimal("33.34"),
        Decimal("33.33"),
        Decimal("33.33"),
        Decimal("0.00"),
        Decimal("0.00"),
    ]


@given(st.lists(st.integers(min_value=0, max_value=10**6), min_size=5, max_size=5))
def test_level_shares_made_to_add_up_always_total_100(counts: list[int]) -> None:
    result = shares(counts, add_up=True)
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
    assert [str(s) for s in with_basic.level_shares] == [
        "94.14",
        "5.29",
        "0.44",
        "0.10",
        "0.04",
    ]
