"""Public pages: a region's working-day calendar for one year as a month grid.

Days off and make-up workdays are marked with their holiday's name and the notice they
come from; a year whose notice is not entered says so instead of showing a guess, naming the scope
(national, region, prefecture) whose notice is missing. Every page lists the scopes of
the division with the notice each published for the year, or says that none is known:
the Tibetan holidays (藏历新年, 雪顿节) are arranged by the region and prefectures.
"""

import calendar as stdlib_calendar
import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_GET

from tongban.calendars import selectors
from tongban.calendars.domain.deadlines import YearStatus
from tongban.calendars.domain.notices import NATIONAL
from tongban.regions.selectors import division_get

MONTHS = [
    pgettext_lazy("month", "January"),
    pgettext_lazy("month", "February"),
    pgettext_lazy("month", "March"),
    pgettext_lazy("month", "April"),
    pgettext_lazy("month", "May"),
    pgettext_lazy("month", "June"),
    pgettext_lazy("month", "July"),
    pgettext_lazy("month", "August"),
    pgettext_lazy("month", "September"),
    pgettext_lazy("month", "October"),
    pgettext_lazy("month", "November"),
    pgettext_lazy("month", "December"),
]
WEEKDAYS = [
    pgettext_lazy("weekday", "Mon"),
    pgettext_lazy("weekday", "Tue"),
    pgettext_lazy("weekday", "Wed"),
    pgettext_lazy("weekday", "Thu"),
    pgettext_lazy("weekday", "Fri"),
    pgettext_lazy("weekday", "Sat"),
    pgettext_lazy("weekday", "Sun"),
]


def _months(year: int, days: dict[dt.date, selectors.DayInfo]) -> list[dict[str, Any]]:
    grid = stdlib_calendar.Calendar(firstweekday=0)
    months = []
    for month in range(1, 13):
        weeks = []
        for week in grid.monthdatescalendar(year, month):
            cells = []
            for day in week:
                info = days.get(day)
                kind = info.kind if info else ("weekend" if day.weekday() >= 5 else "")
                cells.append(
                    {"date": day, "kind": kind, "info": info}
                    if day.month == month
                    else None
                )
            weeks.append(cells)
        marked = [days[d] for d in sorted(days) if d.month == month and d.year == year]
        months.append(
            {"name": MONTHS[month - 1], "weeks": weeks, "runs": _runs(marked)}
        )
    return months


def _runs(days: list[selectors.DayInfo]) -> list[dict[str, Any]]:
    """Consecutive days of one kind and holiday as one line: "02-15 – 02-23 春节"."""
    runs: list[dict[str, Any]] = []
    for day in days:
        last = runs[-1] if runs else None
        if (
            last
            and (last["kind"], last["name"]) == (day.kind, day.name)
            and day.date - last["last"] == dt.timedelta(days=1)
        ):
            last["last"] = day.date
        else:
            runs.append(
                {
                    "first": day.date,
                    "last": day.date,
                    "kind": day.kind,
                    "name": day.name,
                }
            )
    return runs


@require_GET
def year_page(request: HttpRequest, code: str, year: str) -> HttpResponse:
    return _year_page(request, code, int(year))


def _year_page(request: HttpRequest, code: str, year: int) -> HttpResponse:
    division = None if code == NATIONAL else division_get(code=code)
    if (code != NATIONAL and division is None) or not 1949 <= year <= 2100:
        raise Http404
    status = selectors.calendar_year_status(division=division, year=year)
    published = status == YearStatus.PUBLISHED
    days = (
        selectors.calendar_year_days(division=division, year=year) if published else []
    )
    notices = {day.notice.pk: day.notice for day in days if day.notice is not None}
    scopes = selectors.calendar_year_scopes(division=division, year=year)
    context = {
        "code": code,
        "division": division,
        "region": selectors.region_label(division),
        "scopes": scopes,
        "missing": next((scope for scope in scopes if scope.missing), None),
        "regional": selectors.calendar_regional_holidays(division=division, year=year)
        if published
        else [],
        "year": year,
        "published": published,
        "months": _months(year, {day.date: day for day in days}) if published else [],
        "weekdays": WEEKDAYS,
        "notices": sorted(notices.values(), key=lambda n: n.issued_on),
    }
    return render(request, "calendars/year.html", context)
