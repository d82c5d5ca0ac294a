"""What a dashboard shows for one division and period, gathered once for the page, the
CSV/XLSX export and the monthly report: the metrics, the breakdown by the next level down
(region → prefecture → county → township), the ranking of organisations and the trend
over twelve months. Case and evaluation figures come from the rollups (and the
rectification tickets); item figures from the live catalogue; nothing here reads the
cases table.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from tongban.core.replica import report_reads
from tongban.regions.models import Division
from tongban.supervision import charts, metrics, selectors
from tongban.supervision.domain.metrics import case_metrics, ratio


@dataclass
class Dashboard:
    division: Division | None
    months: list[str] | None
    period: str
    values: dict[str, float | None]
    rows: list[dict[str, Any]]
    children: list[dict[str, Any]] = field(default_factory=list)
    ranking: list[dict[str, Any]] = field(default_factory=list)
    trend: list[dict[str, Any]] = field(default_factory=list)
    charts: dict[str, Any] = field(default_factory=dict)

    @property
    def scope_name(self) -> str:
        return self.division.name if self.division else _("The whole region")


def _metric_rows(values: dict[str, float | None]) -> list[dict[str, Any]]:
    return [
        {
            "metric": m,
            "value": values.get(m.code),
            "shown": metrics.shown(values.get(m.code), m),
        }
        for m in metrics.METRICS
    ]


def _children(
    user: Any, division: Division | None, months: Any
) -> list[dict[str, Any]]:
    if division is None:
        kids = list(selectors.region_prefectures())
    else:
        kids = selectors.division_children(division=division)
    rows = []
    for kid in kids:
        counts = selectors.case_counts(
            user=user, division_prefix=kid.prefix, months=months
        )
        values = case_metrics(counts)
        values.update(
            metrics.evaluation_values(
                selectors.evaluation_counts(
                    user=user, division_prefix=kid.prefix, months=months
                )
            )
        )
        rows.append(
            {
                "division": kid,
                "counts": counts,
                "on_time_rate": values["on_time_rate"],
                "on_time_shown": metrics.shown(
                    values["on_time_rate"], metrics.BY_CODE["on_time_rate"]
                ),
                "good_shown": metrics.shown(
                    values["good_rate"], metrics.BY_CODE["good_rate"]
                ),
            }
        )
    return rows


def _rank_key(row: dict[str, Any]) -> tuple[bool, float, int]:
    rate = row["on_time_rate"]
    return (rate is None, -(rate or 0.0), row["overdue"])


def _ranking(user: Any, division: Division | None, months: Any) -> list[dict[str, Any]]:
    prefix = division.prefix if division else ""
    by_org = selectors.case_counts_by(
        user=user, key="organisation_id", division_prefix=prefix, months=months
    )
    overdue = selectors.overdue_by(
        user=user, key="organisation_id", division_prefix=prefix
    )
    names = selectors.organisation_names(ids=list(by_org) + list(overdue))
    rows = []
    # The service desk's late tickets (no organisation) are no organisation's rank.
    for org_id in (set(by_org) | set(overdue)) - {None}:
        counts = by_org.get(org_id)
        rate = ratio(counts.on_time, counts.closed) if counts else None
        rows.append(
            {
                "organisation": names.get(org_id, ""),
                "closed": counts.closed if counts else 0,
                "on_time_rate": rate,
                "on_time_shown": metrics.shown(rate, metrics.BY_CODE["on_time_rate"]),
                "overdue": overdue.get(org_id, 0),
            }
        )
    # Best first: highest on-time rate, then fewest overdue; unmeasured last.
    rows.sort(key=_rank_key)
    return rows


def _trend(
    user: Any, division: Division | None, today: datetime.date
) -> list[dict[str, Any]]:
    months = metrics.month_range(today, 12)
    prefix = division.prefix if division else ""
    by_month = selectors.case_counts_by(
        user=user, key="month", division_prefix=prefix, months=months
    )
    return [
        {
            "month": month,
            "submitted": by_month[month].submitted if month in by_month else 0,
            "closed": by_month[month].closed if month in by_month else 0,
            "late": by_month[month].late if month in by_month else 0,
        }
        for month in months
    ]


@report_reads
def dashboard(
    *, user: Any, division: Division | None, months: list[str] | None, period: str
) -> Dashboard:
    values = metrics.figures(user=user, division=division, months=months)
    board = Dashboard(
        division=division,
        months=months,
        period=period,
        values=values,
        rows=_metric_rows(values),
        children=_children(user, division, months),
        ranking=_ranking(user, division, months),
        trend=_trend(user, division, timezone.localdate()),
    )
    board.charts["children"] = charts.bar_chart(
        title=_("Closed on time, by area"),
        rows=[
            (r["division"].name, r["on_time_rate"], r["on_time_shown"])
            for r in board.children
        ],
    )
    board.charts["trend"] = charts.column_chart(
        title=_("Cases submitted per month"),
        columns=[
            (t["month"], float(t["submitted"]), str(t["submitted"]))
            for t in board.trend
        ],
    )
    return board


def table_rows(board: Dashboard) -> list[list[Any]]:
    """The dashboard as rows for CSV/XLSX: the metrics, then the breakdown by area."""
    out: list[list[Any]] = [[_("Metric"), _("Value"), _("Definition")]]
    out += [
        [str(r["metric"].label), r["shown"], str(r["metric"].definition)]
        for r in board.rows
    ]
    out.append([])
    out.append(
        [
            _("Area"),
            _("Submitted"),
            _("Closed"),
            _("Closed on time"),
            _("Overdue cases"),
            _("Good reviews"),
        ]
    )
    for row in board.children:
        c = row["counts"]
        out.append(
            [
                row["division"].name,
                c.submitted,
                c.closed,
                row["on_time_shown"],
                c.late + c.open_overdue,
                row["good_shown"],
            ]
        )
    return out
