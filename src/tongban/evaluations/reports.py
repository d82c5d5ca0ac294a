"""Statistics as pages, API bodies and files show them: one ``Report`` per filter set,
its rates with two decimals (``domain.statistics``), the level table, a bar chart as
plain SVG numbers for the template, and CSV / XLSX files written through the formula
guard of ``core.domain.spreadsheet``."""

import csv
import datetime as dt
import io
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongban.core.domain.spreadsheet import formula_safe, xlsx_text_cell
from tongban.core.permissions import Perm, scope_for
from tongban.core.replica import report_reads
from tongban.evaluations.domain.codes import Channel, Level
from tongban.evaluations.domain.statistics import Counts, Rates, rates
from tongban.evaluations.models import CHANNEL_LABELS, LEVEL_LABELS
from tongban.evaluations.selectors import Filters, statistics_counts
from tongban.regions import selectors as region_selectors
from tongban.regions.models import Window

# The rates in the order bulletins print them, with the definition shown on hover.
RATE_DEFINITIONS = (
    (
        "good",
        _("good-review rate"),
        _(
            "(very satisfied + satisfied + basically satisfied where counted as good) ÷ evaluations"
        ),
    ),
    (
        "bad",
        _("bad-review rate"),
        _("(dissatisfied + very dissatisfied) ÷ evaluations"),
    ),
    ("active", _("active evaluation rate"), _("closed cases evaluated ÷ closed cases")),
    (
        "rectified",
        _("bad-review rectification rate"),
        _("bad reviews rectified ÷ bad reviews (appeals upheld not counted)"),
    ),
    (
        "called_back",
        _("real-name bad-review callback rate"),
        _("real-name bad reviews called back ÷ real-name bad reviews"),
    ),
    (
        "on_time",
        _("on-time rectification rate"),
        _("rectified by the due date ÷ rectified"),
    ),
)


def _text(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


@dataclass(frozen=True)
class Report:
    period: str
    counts: Counts
    rates: Rates

    def level_rows(self) -> list[tuple[int, str, int, str | None]]:
        return [
            (level.value, str(LEVEL_LABELS[level]), count, _text(share))
            for level, count, share in zip(
                Level, self.counts.by_level, self.rates.level_shares, strict=True
            )
        ]

    def channel_rows(self) -> list[tuple[str, str, int, str | None]]:
        """Evaluations per channel (表9) with their shares, as bulletins list them."""
        return [
            (code, str(CHANNEL_LABELS[Channel(code)]), count, _text(share))
            for (code, count), share in zip(
                self.counts.by_channel, self.rates.channel_shares, strict=True
            )
        ]

    def rate_rows(self) -> list[tuple[str, str, str, str | None]]:
        return [
            (key, str(label), str(definition), _text(getattr(self.rates, key)))
            for key, label, definition in RATE_DEFINITIONS
        ]

    def bars(self) -> list[dict[str, Any]]:
        """Bar geometry for the SVG chart (heights out of 100 units)."""
        top = max(self.counts.by_level) or 1
        return [
            {
                "x": 10 + i * 60,
                "height": round(count * 100 / top),
                "y": 110 - round(count * 100 / top),
                "count": count,
                "label": label,
                "code": code,
            }
            for i, (code, label, count, _share) in enumerate(self.level_rows())
        ]

    def as_dict(self) -> dict[str, Any]:
        c = self.counts
        return {
            "period": self.period,
            "counts": {
                "total": c.total,
                **{f"level_{i}": n for i, n in enumerate(c.by_level, start=1)},
                "closed_cases": c.closed_cases,
                "evaluated_closed_cases": c.evaluated_closed_cases,
                "bad_reviews": c.bad_reviews,
                "bad_rectified": c.bad_rectified,
                "bad_rectified_on_time": c.bad_rectified_on_time,
                "real_name_bad": c.real_name_bad,
                "real_name_bad_called_back": c.real_name_bad_called_back,
            },
            "rates": {key: value for key, _l, _d, value in self.rate_rows()},
            "level_shares": [_text(v) for v in self.rates.level_shares],
            "channels": [
                {"channel": code, "count": count, "share": share}
                for code, _label, count, share in self.channel_rows()
            ],
        }


@report_reads
def statistics_report(*, filters: Filters, period: str) -> Report:
    counts = statistics_counts(filters=filters)
    return Report(
        period=period,
        counts=counts,
        rates=rates(
            counts,
            basic_counts_good=settings.EVALUATION_BASIC_COUNTS_GOOD,
            shares_add_up=settings.EVALUATION_SHARES_ADD_UP,
        ),
    )


def month_range(value: str | None) -> tuple[dt.datetime, dt.datetime, str]:
    """The month ``YYYY-MM`` (this month when absent or malformed) as a datetime range."""
    today = timezone.localdate()
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        first = dt.date(year, month, 1)
    except ValueError:
        first = today.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    zone = timezone.get_current_timezone()
    return (
        dt.datetime.combine(first, dt.time(), zone),
        dt.datetime.combine(following, dt.time(), zone),
        first.strftime("%Y-%m"),
    )


def _int(value: Any) -> int | None:
    text = str(value or "")
    return int(text) if text.isdigit() and len(text) < 18 else None


def filters_from_query(user: Any, params: Mapping[str, Any]) -> tuple[Filters, str]:
    """Filters from a query string, narrowed to the supervisor's region: a prefix asked
    for outside it is replaced by the supervisor's own."""
    start, end, label = month_range(params.get("month"))
    prefix = "".join(ch for ch in str(params.get("division", ""))[:12] if ch.isdigit())
    scope = scope_for(user, Perm.EVALUATION_SUPERVISE)
    if not scope.everything:
        own = [g.division_prefix for g in scope.grants if g.division_prefix]
        if own and not any(prefix.startswith(p) for p in own):
            prefix = own[0]
    return (
        Filters(
            start=start,
            end=end,
            division_prefix=prefix,
            organisation_id=_int(params.get("organisation")),
            hall_id=_int(params.get("hall")),
            window_id=_int(params.get("window")),
            staff_id=_int(params.get("staff")),
            item_code=str(params.get("item", ""))[:40],
            channel=str(params.get("channel", ""))[:1],
        ),
        label,
    )


def window_for_staff(*, user: Any, window_id: int) -> Window:
    return region_selectors.window_get_for(
        user=user, window_id=window_id, permission=Perm.EVALUATION_INVITE
    )


def _rows(report: Report) -> list[list[Any]]:
    rows: list[list[Any]] = [[str(_("period")), report.period]]
    rows.append([str(_("level")), str(_("code")), str(_("count")), str(_("share %"))])
    rows += [
        [label, code, count, share or ""]
        for code, label, count, share in report.level_rows()
    ]
    rows.append([str(_("channel")), str(_("code")), str(_("count")), str(_("share %"))])
    rows += [
        [label, code, count, share or ""]
        for code, label, count, share in report.channel_rows()
    ]
    rows.append([str(_("rate")), str(_("value %")), str(_("definition"))])
    rows += [
        [label, value or "", definition]
        for _k, label, definition, value in report.rate_rows()
    ]
    return rows


def report_csv(report: Report) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in _rows(report):
        writer.writerow([formula_safe(cell) for cell in row])
    return ("\ufeff" + out.getvalue()).encode()  # BOM: spreadsheets read it as UTF-8


def report_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(report.period)
    for row in _rows(report):
        sheet.append([xlsx_text_cell(sheet, cell) for cell in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
