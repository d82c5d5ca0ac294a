"""The service desk's figures for staff: a period (``from``/``to`` months, the last twelve
by default), a grouping (type, channel, unit, item, month), narrowed to the reader's region;
the rows as a table, a CSV (UTF-8 with BOM, cells formula-safe) and an XLSX, as the
evaluations' and supervision's exports."""

import csv
import datetime as dt
import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from tongban.core.domain.spreadsheet import formula_safe, xlsx_text_cell
from tongban.core.permissions import Perm, scope_for
from tongban.core.replica import report_reads
from tongban.servicedesk import selectors
from tongban.servicedesk.models import CHANNEL_LABELS, TYPE_LABELS

GROUPS = ("type", "channel", "organisation", "item", "month")


@dataclass(frozen=True)
class Report:
    by: str
    start: dt.date
    end: dt.date  # exclusive: the first day after the period
    division_prefix: str
    rows: list[tuple[str, selectors.Figures]]

    @property
    def last(self) -> dt.date:
        """A day of the period's last month."""
        return self.end - dt.timedelta(days=1)

    @property
    def period(self) -> str:
        return f"{self.start:%Y-%m}_{self.last:%Y-%m}"


def _month(value: Any, default: dt.date) -> dt.date:
    try:
        year, month = (int(part) for part in str(value or "").split("-"))
        return dt.date(year, month, 1)
    except ValueError:
        return default


def _prefix(user: Any) -> str:
    """The reader's region: the first of their dispatch or supervision grants' prefixes
    ("" for who sees everything)."""
    for permission in (Perm.TICKET_SUPERVISE, Perm.TICKET_DISPATCH):
        scope = scope_for(user, permission)
        if scope.everything:
            return ""
        for grant in scope.grants:
            # A grant bounded by an organisation only sees no region's figures.
            return grant.division_prefix or ("-" if grant.organisation_path else "")
    return "-"  # no grant: nothing matches


@report_reads
def report_for(*, user: Any, params: Mapping[str, Any]) -> Report:
    today = timezone.localdate()
    this_month = today.replace(day=1)
    start = _month(
        params.get("from"), (this_month - dt.timedelta(days=335)).replace(day=1)
    )
    last = _month(params.get("to"), this_month)
    end = (max(last, start) + dt.timedelta(days=32)).replace(day=1)
    by = str(params.get("by", "month"))
    by = by if by in GROUPS else "month"
    prefix = _prefix(user)
    zone = timezone.get_current_timezone()
    figures = selectors.ticket_figures(
        by=by,
        start=dt.datetime.combine(start, dt.time(), zone),
        end=dt.datetime.combine(end, dt.time(), zone),
        division_prefix=prefix,
    )
    names = _names(by)
    return Report(
        by=by,
        start=start,
        end=end,
        division_prefix=prefix,
        rows=[(names.get(f.key, f.key) or "—", f) for f in figures],
    )


def _names(by: str) -> dict[str, str]:
    if by == "type":
        return {t.value: str(label) for t, label in TYPE_LABELS.items()}
    if by == "channel":
        return {c.value: str(label) for c, label in CHANNEL_LABELS.items()}
    return {}


def _percent(rate: float | None) -> str:
    return "" if rate is None else f"{rate * 100:.1f}"


def table(report: Report) -> list[list[Any]]:
    """Header and rows, the same for the page, the CSV and the XLSX."""
    head = [
        _("Group"),
        _("Tickets"),
        _("Replied"),
        _("Replied on time"),
        _("On-time rate %"),
        _("Callbacks answered"),
        _("Satisfied"),
        _("Satisfaction %"),
        _("Reopened"),
        _("Reopen rate %"),
    ]
    rows: list[list[Any]] = [head]
    for name, f in report.rows:
        rows.append(
            [
                name,
                f.total,
                f.replied,
                f.on_time,
                _percent(f.on_time_rate),
                f.rated,
                f.satisfied,
                _percent(f.satisfaction_rate),
                f.reopened,
                _percent(f.reopen_rate),
            ]
        )
    return rows


def report_csv(report: Report) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in table(report):
        writer.writerow([formula_safe(cell) for cell in row])
    return ("\ufeff" + out.getvalue()).encode()  # BOM: spreadsheets read it as UTF-8


def report_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(report.period)
    for row in table(report):
        sheet.append([xlsx_text_cell(sheet, cell) for cell in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
