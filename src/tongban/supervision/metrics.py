"""The metrics as shown: each one's label, definition (on hover and in docs/metrics.md),
format, and what a drill-down from it lists; and ``figures`` that gathers the numbers of
one scope and period from the rollups and the live catalogue.

Evaluation metrics (好评率, 差评整改率) join this list when the evaluations app is merged:
their counts plug in as one more ``*_counts`` selector and two entries here.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

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
    values["claim_rate"] = (
        claim_rate(selectors.claim_counts(division=division)) if division else None
    )
    return values


def shown(value: float | None, metric: Metric) -> str:
    if value is None:
        return "—"
    if metric.percent:
        return f"{value * 100:.1f} %"
    return f"{value:.2f}".rstrip("0").rstrip(".") if value % 1 else f"{int(value)}"
