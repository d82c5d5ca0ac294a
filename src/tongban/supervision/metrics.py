"""The metrics as shown: each one's label, definition (on hover and in
docs/supervision.md), format, and what a drill-down from it lists; and ``figures`` that
gathers the numbers of one scope and period from the rollups (cases, evaluations) and the
live catalogue.

好评率 and 差评整改率 are the evaluations app's own rates (``evaluations.domain.statistics``,
the same formula as its statistics page and bulletins, with its setting for whether 基本满意
counts as good), computed here from its rollup and its tickets.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from tongban.evaluations.domain.statistics import Counts, rates
from tongban.supervision import selectors
from tongban.supervision.domain.metrics import (
    case_metrics,
    claim_rate,
    item_metrics,
)


@dataclass(frozen=True)
class Metric:
    code: str
    label: Any
    definition: Any
    percent: bool = True
    drill: str = ""  # "items:<filter>" or "cases:<filter>"
    link: str = ""  # else a page of another app that lists what is behind it


METRICS = [
    Metric(
        "online_rate",
        _("Available online"),
        _(
            "Live items that can be applied for online (depth 2 or more) ÷ all live items."
        ),
        drill="items:online",
    ),
    Metric(
        "fully_online_rate",
        _("Fully online"),
        _("Live items needing no visit (depth 4, 全程网办) ÷ all live items."),
        drill="items:fully_online",
    ),
    Metric(
        "instant_share",
        _("Handled on the spot"),
        _("Live items of case type 1 (即办件) ÷ all live items."),
        drill="items:instant",
    ),
    Metric(
        "limit_compression",
        _("Time limit compression"),
        _(
            "1 − Σ promised limits ÷ Σ statutory limits, over items with both limits in "
            "working days."
        ),
    ),
    Metric(
        "average_visits",
        _("Average visits"),
        _("Σ visits required ÷ live items."),
        percent=False,
        drill="items:visits",
    ),
    Metric(
        "material_reduction",
        _("Material reduction"),
        _(
            "1 − required materials now ÷ required materials of the baseline version, "
            "over items whose baseline a catalogue manager marked."
        ),
        drill="items:baseline",
    ),
    Metric(
        "online_case_rate",
        _("Applied online"),
        _("Cases submitted online (channel 2 or 3) ÷ cases submitted in the period."),
        drill="cases:online",
    ),
    Metric(
        "on_time_rate",
        _("Closed on time"),
        _(
            "Cases closed on or before the promised due date ÷ cases closed in the period."
        ),
        drill="cases:on_time",
    ),
    Metric(
        "overdue_count",
        _("Overdue cases"),
        _(
            "Cases closed after the promised due date in the period, plus running cases "
            "past it now."
        ),
        percent=False,
        drill="cases:overdue",
    ),
    Metric(
        "good_rate",
        _("Good reviews"),
        _(
            "Evaluations very satisfied, satisfied (and basically satisfied where the "
            "region counts it as good) ÷ evaluations counted in the period."
        ),
        link="evaluations:statistics",
    ),
    Metric(
        "rectification_rate",
        _("Bad reviews rectified"),
        _(
            "Bad reviews of the period rectified ÷ bad reviews of the period (reviews "
            "dismissed on appeal not counted)."
        ),
        link="evaluations:tickets",
    ),
    Metric(
        "claim_rate",
        _("Items claimed"),
        _(
            "Basic items the bodies of this level should implement that have an active "
            "implementation here ÷ those they should implement."
        ),
    ),
]
BY_CODE = {m.code: m for m in METRICS}


def month_range(end: datetime.date, count: int) -> list[str]:
    """The ``count`` months up to and including ``end``'s, oldest first."""
    months = []
    year, month = end.year, end.month
    for _i in range(count):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(months))


def figures(
    *, user: Any, division: Any, months: list[str] | None
) -> dict[str, float | None]:
    """Every metric for a division (``None``: the whole region) and months."""
    prefix = division.prefix if division else ""
    values: dict[str, float | None] = {}
    values.update(item_metrics(selectors.item_counts(division_prefix=prefix)))
    values.update(
        case_metrics(
            selectors.case_counts(user=user, division_prefix=prefix, months=months)
        )
    )
    values.update(
        evaluation_values(
            selectors.evaluation_counts(
                user=user, division_prefix=prefix, months=months
            )
        )
    )
    values["claim_rate"] = (
        claim_rate(selectors.claim_counts(division=division)) if division else None
    )
    return values


def _fraction(percent: Decimal | None) -> float | None:
    return None if percent is None else float(percent) / 100


def evaluation_values(counts: Counts) -> dict[str, float | None]:
    """好评率 and 差评整改率 by the evaluations app's formulas."""
    found = rates(counts, basic_counts_good=settings.EVALUATION_BASIC_COUNTS_GOOD)
    return {
        "good_rate": _fraction(found.good),
        "rectification_rate": _fraction(found.rectified),
    }


def shown(value: float | None, metric: Metric) -> str:
    if value is None:
        return "—"
    if metric.percent:
        return f"{value * 100:.1f} %"
    return f"{value:.2f}".rstrip("0").rstrip(".") if value % 1 else f"{int(value)}"
