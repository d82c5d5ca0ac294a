"""Rates as government bulletins print them (DOMAIN.md §11.6; definitions in
docs/evaluations.md): percentages with two decimals, half up. Shares (of the levels, of the
channels) are each rounded on their own, as published bulletins print them, so they may add
up to 99.99 or 100.01 (the 渭源县 2020 bulletin's channel shares add up to 99.99); where the
region wants them to add up to exactly 100.00 (``EVALUATION_SHARES_ADD_UP``) they are rounded
by the largest-remainder method.

- 好评率 = good ÷ evaluations counted (基本满意 good only where the region says so)
- 差评率 = (不满意 + 非常不满意) ÷ evaluations counted
- 主动评价率 = evaluated closed cases ÷ closed cases
- 差评整改率 = rectified bad reviews ÷ bad reviews (tickets not dismissed)
- 实名差评回访率 = real-name bad reviews called back ÷ real-name bad reviews
- 按时整改率 = rectified by the due date ÷ rectified
Reviews excluded by an upheld appeal are not counted anywhere.
A rate with a zero denominator is ``None`` (shown as "—"), never 0 % or 100 %.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HUNDREDTH = Decimal("0.01")


def percent(numerator: int, denominator: int) -> Decimal | None:
    if denominator <= 0:
        return None
    value = Decimal(numerator) * 100 / Decimal(denominator)
    return value.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def shares(counts: list[int], *, add_up: bool = False) -> list[Decimal | None]:
    """Each count's share of the total, two decimals: each rounded half up on its own, or,
    with ``add_up``, adding up to 100.00 (largest remainder; ties go to the earlier
    position)."""
    total = sum(counts)
    if total <= 0:
        return [None for _ in counts]
    if not add_up:
        return [percent(count, total) for count in counts]
    # Work in hundredths of a percent: 10 000 units make the whole.
    exact = [Decimal(c) * 10000 / total for c in counts]
    floors = [int(e) for e in exact]
    missing = 10000 - sum(floors)
    order = sorted(range(len(counts)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:missing]:
        floors[i] += 1
    return [(Decimal(f) / 100).quantize(HUNDREDTH) for f in floors]


@dataclass(frozen=True)
class Counts:
    by_level: tuple[int, int, int, int, int]  # codes 1…5
    by_channel: tuple[tuple[str, int], ...] = ()  # (表9 channel code, count)
    closed_cases: int = 0
    evaluated_closed_cases: int = 0
    bad_reviews: int = 0  # bad reviews with a ticket, not dismissed
    bad_rectified: int = 0
    bad_rectified_on_time: int = 0
    real_name_bad: int = 0
    real_name_bad_called_back: int = 0

    @property
    def total(self) -> int:
        return sum(self.by_level)

    @property
    def bad(self) -> int:
        return self.by_level[3] + self.by_level[4]


@dataclass(frozen=True)
class Rates:
    good: Decimal | None
    bad: Decimal | None
    active: Decimal | None
    rectified: Decimal | None
    called_back: Decimal | None
    on_time: Decimal | None
    level_shares: list[Decimal | None]
    channel_shares: list[Decimal | None]


def rates(
    counts: Counts, *, basic_counts_good: bool, shares_add_up: bool = False
) -> Rates:
    good = counts.by_level[0] + counts.by_level[1]
    if basic_counts_good:
        good += counts.by_level[2]
    return Rates(
        good=percent(good, counts.total),
        bad=percent(counts.bad, counts.total),
        active=percent(counts.evaluated_closed_cases, counts.closed_cases),
        rectified=percent(counts.bad_rectified, counts.bad_reviews),
        called_back=percent(counts.real_name_bad_called_back, counts.real_name_bad),
        on_time=percent(counts.bad_rectified_on_time, counts.bad_rectified),
        level_shares=shares(list(counts.by_level), add_up=shares_add_up),
        channel_shares=shares([n for _c, n in counts.by_channel], add_up=shares_add_up),
    )
