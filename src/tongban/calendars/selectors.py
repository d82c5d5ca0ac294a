"""Reads: a division's compiled working-day calendar, deadlines, and a year's days.

A division's calendar overlays, for each date, the nearest scope that arranges it:
national (``division`` empty) ← region ← prefecture ← county. It is compiled once per
process and data revision (``_revision``: one aggregate query), so computing a deadline
costs one small query plus two list look-ups.

Which years are facts (``_year_statuses``): a year is *published* for a division when
the national notice for it is entered and every scope on the division's chain that
publishes its own arrangements has entered that year too. A scope publishes its own
arrangements from the first year it entered a notice for (e.g. 拉萨 for 藏历新年 and
雪顿节); before that year it simply inherits. A year not published is *provisional*
(statutory base, ``statutory.py``, plus whatever notices are entered) when the base
covers it; otherwise it is unknown.
"""

import datetime as dt
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tongban.calendars.domain import statutory
from tongban.calendars.domain.deadlines import (
    DayKind,
    DayRule,
    Deadline,
    Pause,
    SkipReason,
    Unit,
    WorkingCalendar,
    YearStatus,
    YearUnpublished,
)
from tongban.calendars.domain.notices import NATIONAL
from tongban.calendars.errors import CalendarYearUnpublished
from tongban.calendars.models import CalendarDay, CalendarNotice, CalendarYear
from tongban.regions import selectors as region_selectors
from tongban.regions.models import Division

STATUTORY_NAMES = {
    statutory.NEW_YEAR: pgettext_lazy("holiday", "New Year's Day"),
    statutory.SPRING_FESTIVAL: pgettext_lazy("holiday", "Spring Festival"),
    statutory.QINGMING: pgettext_lazy("holiday", "Qingming Festival"),
    statutory.LABOUR_DAY: pgettext_lazy("holiday", "Labour Day"),
    statutory.DRAGON_BOAT: pgettext_lazy("holiday", "Dragon Boat Festival"),
    statutory.MID_AUTUMN: pgettext_lazy("holiday", "Mid-Autumn Festival"),
    statutory.NATIONAL_DAY: pgettext_lazy("holiday", "National Day"),
}
REASONS = {
    SkipReason.WEEKEND.value: _("weekend"),
    SkipReason.DAY_OFF.value: _("day off"),
    SkipReason.PAUSED.value: _("clock paused"),
    "make_up_workday": _("make-up workday"),
    "off": _("day off"),
    "work": _("make-up workday"),
}
_compiled: dict[tuple[str, str], WorkingCalendar] = {}
_MAX_COMPILED = 512


def scope_chain(division: Division | None) -> list[Division | None]:
    """``[None (national), region, prefecture, …, division]``."""
    chain: list[Division | None] = []
    while division is not None:
        chain.append(division)
        division = region_selectors.division_parent(division=division)
    return [None, *reversed(chain)]


def region_label(division: Division | None) -> str:
    return str(division.name) if division else str(_("the national calendar"))


def _scope_q(chain: Sequence[Division | None], field: str = "division") -> Q:
    ids = [d.pk for d in chain if d is not None]
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__in": ids})


def _published(chain: Sequence[Division | None]) -> tuple[set[int], list[set[int]]]:
    """Years published nationally, and per local scope on the chain that publishes
    any."""
    published: dict[int | None, set[int]] = {}
    for division_id, year in CalendarYear.objects.filter(_scope_q(chain)).values_list(
        "division_id", "year"
    ):
        published.setdefault(division_id, set()).add(year)
    national = published.pop(None, set())
    return national, list(published.values())


@dataclass(frozen=True)
class ScopeYear:
    """One scope of a division's chain and what is known of its notice for a year."""

    code: str  # division code, or "national"
    label: str
    notice: CalendarNotice | None
    # The scope publishes its own arrangements from its first entered year on: from
    # then, a year without its notice is not a fact for the divisions below it.
    required: bool

    @property
    def missing(self) -> bool:
        return self.required and self.notice is None


def calendar_year_scopes(*, division: Division | None, year: int) -> list[ScopeYear]:
    """National, region, prefecture, … down to ``division``: each with the notice it
    published for ``year``, if any, and whether one is needed."""
    chain = scope_chain(division)
    years: dict[int | None, set[int]] = {}
    notices: dict[int | None, CalendarNotice] = {}
    for entry in CalendarYear.objects.filter(_scope_q(chain)).select_related("notice"):
        years.setdefault(entry.division_id, set()).add(entry.year)
        if entry.year == year:
            notices[entry.division_id] = entry.notice
    scopes = []
    for scope in chain:
        key = scope.pk if scope else None
        published = years.get(key, set())
        required = scope is None or bool(published and year >= min(published))
        scopes.append(
            ScopeYear(
                code=scope.code if scope else NATIONAL,
                label=region_label(scope),
                notice=notices.get(key),
                required=required,
            )
        )
    return scopes


def missing_scope(*, division: Division | None, year: int) -> ScopeYear | None:
    """The highest scope on ``division``'s chain whose notice for ``year`` is needed
    and not entered: the one to name when a deadline is refused."""
    return next(
        (s for s in calendar_year_scopes(division=division, year=year) if s.missing),
        None,
    )


def _unpublished(division: Division | None, year: int) -> CalendarYearUnpublished:
    scope = missing_scope(division=division, year=year)
    return CalendarYearUnpublished(
        year=year,
        region=region_label(division),
        scope=scope.label if scope else region_label(division),
        scope_code=scope.code if scope else (division.code if division else NATIONAL),
    )


# Regional statutory holidays of Tibet (set by the regional people's congress, arranged
# each year by the prefectures, DOMAIN.md §14): the calendar page says for each whether
# an arrangement is known for the year.
REGIONAL_HOLIDAYS = {
    "54": (
        ("藏历新年", pgettext_lazy("holiday", "Losar (Tibetan New Year)")),
        ("雪顿节", pgettext_lazy("holiday", "Shoton Festival")),
    ),
}


@dataclass(frozen=True)
class RegionalHoliday:
    label: str
    notice: CalendarNotice | None  # the nearest scope's notice arranging it, if any
    scope: str


def calendar_regional_holidays(
    *, division: Division | None, year: int
) -> list[RegionalHoliday]:
    """Tibet's own holidays and, for each, the notice arranging it in ``division``
    for ``year`` (matched by the Chinese holiday name), or none."""
    if division is None:
        return []
    holidays = next(
        (h for prefix, h in REGIONAL_HOLIDAYS.items() if division.code[:2] == prefix),
        (),
    )
    chain = [d for d in scope_chain(division) if d is not None]
    depth = {d.pk: i for i, d in enumerate(chain)}
    found = []
    for name, label in holidays:
        days = CalendarDay.objects.filter(
            division__in=chain, date__year=year, name_zh_hans__contains=name
        ).select_related("notice", "division")
        nearest = max(
            days, key=lambda day: depth.get(day.division_id or 0, 0), default=None
        )
        found.append(
            RegionalHoliday(
                label=str(label),
                notice=nearest.notice if nearest else None,
                scope=region_label(nearest.division) if nearest else "",
            )
        )
    return found


def _year_statuses(national: set[int], local: list[set[int]]) -> dict[int, YearStatus]:
    span = national | set(statutory.LUNAR_AND_SOLAR_TERM_DATES)
    statuses: dict[int, YearStatus] = {}
    for year in range(min(span), max(span) + 1):
        local_missing = any(year >= min(years) and year not in years for years in local)
        if year in national and not local_missing:
            statuses[year] = YearStatus.PUBLISHED
        elif year in national or statutory.covers(year):
            statuses[year] = YearStatus.PROVISIONAL
    return statuses


def _rules(
    chain: Sequence[Division | None],
    statuses: dict[int, YearStatus],
    national: set[int],
) -> list[DayRule]:
    rules: dict[dt.date, DayRule] = {}
    for year in statuses:
        if year not in national and statutory.covers(year):
            for day, key in statutory.statutory_days(year):
                rules[day] = DayRule(day, DayKind.OFF, ref=f"statutory:{key}")
    depth = {d.pk if d else None: i for i, d in enumerate(chain)}
    days = CalendarDay.objects.filter(_scope_q(chain)).values_list(
        "id", "date", "kind", "division_id"
    )
    for pk, day, kind, _division_id in sorted(days, key=lambda row: depth[row[3]]):
        rules[day] = DayRule(day, DayKind(kind), ref=pk)
    return list(rules.values())


def _revision_read() -> str:
    """Changes whenever a notice is added, changed or removed: the service saves the
    notice (``updated_at``) with every change of its days and of its published year."""
    notices = CalendarNotice.objects.aggregate(
        n=Count("id"), i=Max("id"), u=Max("updated_at")
    )
    return f"{notices['n']}/{notices['i']}/{notices['u']}"


# The revision last read and when (monotonic seconds): read again after
# ``CALENDAR_REVISION_SECONDS``, and at once after a notice is entered in this process.
_checked: list[tuple[str, float]] = []


def _revision() -> str:
    """The notices' revision, read from the database at most once per
    ``CALENDAR_REVISION_SECONDS`` (a query per deadline otherwise: one in every
    submission). A notice entered in this process is seen at once (the service calls
    ``calendar_revision_forget`` after writing and after commit); one entered in another
    process within that time of its commit."""
    seconds = float(getattr(settings, "CALENDAR_REVISION_SECONDS", 0))
    now = time.monotonic()
    if _checked and now - _checked[0][1] < seconds:
        return _checked[0][0]
    revision = _revision_read()
    _checked[:] = [(revision, now)]
    return revision


def calendar_revision_forget() -> None:
    """Read the notices' revision from the database on the next deadline."""
    _checked.clear()


def calendar_for(*, division: Division | None) -> WorkingCalendar:
    """The compiled calendar of ``division`` (``None``: the national calendar)."""
    key = (division.code if division else "", _revision())
    calendar = _compiled.get(key)
    if calendar is None:
        if len(_compiled) >= _MAX_COMPILED:
            _compiled.clear()
        chain = scope_chain(division)
        national, local = _published(chain)
        statuses = _year_statuses(national, local)
        calendar = WorkingCalendar(statuses, _rules(chain, statuses, national))
        _compiled[key] = calendar
    return calendar


def calendar_cache_clear() -> None:
    _compiled.clear()
    _checked.clear()


def provisional_allowed(provisional_ok: bool | None) -> bool:
    if provisional_ok is None:
        return bool(getattr(settings, "CALENDAR_ALLOW_PROVISIONAL", False))
    return provisional_ok


def calendar_deadline(
    *,
    division: Division | None,
    start: dt.date,
    days: int,
    unit: Unit = Unit.WORKING,
    extension: int = 0,
    pauses: Iterable[Pause] = (),
    provisional_ok: bool | None = None,
) -> Deadline:
    """Due date of a limit counted in ``division``'s calendar;
    ``CalendarYearUnpublished`` when it needs an unpublished year and provisional
    results are not accepted."""
    calendar = calendar_for(division=division)
    try:
        return calendar.deadline(
            start,
            days,
            unit=unit,
            extension=extension,
            pauses=pauses,
            provisional_ok=provisional_allowed(provisional_ok),
        )
    except YearUnpublished as error:
        raise _unpublished(division, error.year) from error


@dataclass(frozen=True)
class DayInfo:
    """A day as shown to people: its holiday name and the notice it comes from."""

    date: dt.date
    kind: str
    reason: str
    name: str
    notice: CalendarNotice | None
    scope: str  # division code, or "" for national / the statutory base


def describe(refs: Iterable[tuple[dt.date, str, str, Any]]) -> list[DayInfo]:
    """Resolve ``(date, kind, reason, ref)`` rows from the domain into ``DayInfo``."""
    rows = list(refs)
    ids = [ref for *_, ref in rows if isinstance(ref, int)]
    days = CalendarDay.objects.select_related("notice__division", "division").in_bulk(
        ids
    )
    described = []
    for date, kind, reason, ref in rows:
        day = days.get(ref) if isinstance(ref, int) else None
        if day is not None:
            name, notice, scope = (
                str(day.name),
                day.notice,
                day.division.code if day.division else "",
            )
        elif isinstance(ref, str) and ref.startswith("statutory:"):
            name, notice, scope = str(STATUTORY_NAMES[ref.split(":", 1)[1]]), None, ""
        else:
            name, notice, scope = "", None, ""
        described.append(DayInfo(date, kind, reason, name, notice, scope))
    return described


def calendar_year_status(*, division: Division | None, year: int) -> YearStatus | None:
    return _year_statuses(*_published(scope_chain(division))).get(year)


def calendar_year_days(
    *, division: Division | None, year: int, provisional_ok: bool | None = None
) -> list[DayInfo]:
    """The year's days off and make-up workdays as they apply in ``division``."""
    calendar = calendar_for(division=division)
    status = calendar.years.get(year)
    if status is None or (
        status == YearStatus.PROVISIONAL and not provisional_allowed(provisional_ok)
    ):
        raise _unpublished(division, year)
    rules = sorted(
        (r for d, r in calendar.rules.items() if d.year == year), key=lambda r: r.date
    )
    return describe((r.date, r.kind.value, r.kind.value, r.ref) for r in rules)


def calendar_notice_list(*, division: Division | None = None) -> Any:
    notices = CalendarNotice.objects.select_related("division").annotate(
        day_count=Count("days")
    )
    if division is not None:
        notices = notices.filter(division=division)
    return notices


@dataclass(frozen=True)
class ExplainedDeadline:
    deadline: Deadline
    skipped: list[DayInfo]
    make_up: list[DayInfo]


def calendar_deadline_explained(
    *,
    division: Division | None,
    start: dt.date,
    days: int,
    provisional_ok: bool | None = None,
) -> ExplainedDeadline:
    """A working-day deadline with the days it skipped and the make-up days it counted,
    each named with its source, for applicants to check the arithmetic."""
    deadline = calendar_deadline(
        division=division, start=start, days=days, provisional_ok=provisional_ok
    )
    calendar = calendar_for(division=division)
    skipped = calendar.skipped_days(start, deadline.due)
    make_up = calendar.make_up_days(start, deadline.due)
    return ExplainedDeadline(
        deadline=deadline,
        skipped=describe((s.date, "off", s.reason.value, s.ref) for s in skipped),
        make_up=describe((r.date, "work", "make_up_workday", r.ref) for r in make_up),
    )
