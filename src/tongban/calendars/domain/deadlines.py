"""Deadline arithmetic on a precomputed working-day calendar (pure: no Django, no ORM).

Counting convention (also in ``docs/calendars.md``):

* The day the clock starts (the day of acceptance, 受理日) is not counted;
  counting begins on the next day. 民法典 art. 201: a period counted in days does not
  count its first day.
* A limit in working days (工作日) counts only the working days of the region's
  calendar: Monday–Friday that are not days off, plus make-up workdays (调休上班日)
  that fall on a weekend. 行政许可法 art. 82: the time limits the law sets for
  agencies are counted in working days, statutory holidays excluded. Such a limit
  always ends on a working day.
* A limit in natural days (自然日) counts every day; when its last day is a day off, it
  ends on the next working day. 民法典 art. 203: a period whose last day is a statutory
  holiday ends on the day after the holiday.
* Paused time is not counted: 行政许可法 art. 45 excludes hearings, tenders, auctions,
  inspection, testing, quarantine, appraisal and expert review; waiting for a supplement
  stops the clock too. A pause ``[start, end]`` covers both days.
* Extensions (延长, e.g. 行政许可法 art. 42: +10 days with approval) add to N in the
  same unit.
* Dates are local dates in Asia/Shanghai (``local_date``), the time of every office in
  China.

Performance: a ``WorkingCalendar`` compiles its span of years once into the running
count of working days and the sorted ordinals of working days, so adding N working days
or counting them between two dates is two list look-ups, whatever N is; nothing walks
day by day.

Unknown years are never guessed. Each year of the span is published or provisional (see
``statutory.py``); a computation reaching a year outside the span, or a provisional year
without ``provisional_ok=True``, raises ``YearUnpublished`` naming the year.
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo

TIME_ZONE = ZoneInfo("Asia/Shanghai")


class DayKind(StrEnum):
    OFF = "off"  # 放假: a day off, even on a weekday
    WORK = "work"  # 调休上班: a make-up workday, even on a weekend


class YearStatus(StrEnum):
    PUBLISHED = "published"
    PROVISIONAL = "provisional"


class Unit(StrEnum):
    WORKING = "working"  # 工作日 (时限天数类型 1)
    NATURAL = "natural"  # 自然日 / 日历日 (时限天数类型 0)


class SkipReason(StrEnum):
    WEEKEND = "weekend"
    DAY_OFF = "day_off"
    PAUSED = "paused"


@dataclass(frozen=True)
class DayRule:
    """A day that differs from the plain Monday–Friday week, or names a holiday."""

    date: dt.date
    kind: DayKind
    ref: object = (
        None  # opaque here: the caller's handle for the name and source document
    )


@dataclass(frozen=True)
class Pause:
    start: dt.date
    end: dt.date  # inclusive


@dataclass(frozen=True)
class SkippedDay:
    date: dt.date
    reason: SkipReason
    ref: object = None


@dataclass(frozen=True)
class Deadline:
    start: dt.date
    due: dt.date
    provisional_years: tuple[int, ...] = ()

    @property
    def provisional(self) -> bool:
        return bool(self.provisional_years)


class YearUnpublished(Exception):
    """The computation needs ``year``, whose schedule is not published for this
    region."""

    def __init__(self, year: int) -> None:
        super().__init__(year)
        self.year = year


def local_date(moment: dt.datetime) -> dt.date:
    """The Asia/Shanghai date of an aware datetime (a 23:30 UTC acceptance is the next
    day)."""
    if moment.tzinfo is None:
        raise ValueError(
            "naive datetime: the time zone is needed to know the local day"
        )
    return moment.astimezone(TIME_ZONE).date()


def merge_pauses(pauses: Iterable[Pause]) -> list[tuple[int, int]]:
    """Pauses as sorted, non-overlapping ``(first, last)`` ordinal pairs."""
    merged: list[tuple[int, int]] = []
    for first, last in sorted((p.start.toordinal(), p.end.toordinal()) for p in pauses):
        if last < first:
            raise ValueError("a pause ends before it starts")
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


class WorkingCalendar:
    """The working days of one region over a contiguous span of years, compiled once."""

    def __init__(
        self, years: Mapping[int, YearStatus], rules: Iterable[DayRule] = ()
    ) -> None:
        if not years:
            raise ValueError("a calendar needs at least one year")
        self.first_year, self.last_year = min(years), max(years)
        self.years = dict(years)
        self._lo = dt.date(self.first_year, 1, 1).toordinal()
        self._size = dt.date(self.last_year, 12, 31).toordinal() - self._lo + 1
        self.rules = {
            r.date: r for r in rules if 0 <= r.date.toordinal() - self._lo < self._size
        }
        # Ordinal 1 (0001-01-01) is a Monday, so (ordinal - 1) % 7 is the weekday.
        working = bytearray(
            1 if (self._lo + i - 1) % 7 < 5 else 0 for i in range(self._size)
        )
        for rule in self.rules.values():
            working[rule.date.toordinal() - self._lo] = rule.kind == DayKind.WORK
        self._working = working
        self._upto: list[int] = []  # working days with index <= i
        self._ords: list[int] = []  # ordinals of the working days, ascending
        for i, is_working in enumerate(working):
            if is_working:
                self._ords.append(self._lo + i)
            self._upto.append(len(self._ords))
        missing = [
            y for y in range(self.first_year, self.last_year + 1) if y not in years
        ]
        unsafe = missing + [y for y, s in years.items() if s == YearStatus.PROVISIONAL]
        # Spans ending before this ordinal touch only published years: the fast path.
        self._unsafe_from = (
            dt.date(min(unsafe), 1, 1).toordinal() if unsafe else 1 << 30
        )

    def _index(self, ordinal: int) -> int:
        i = ordinal - self._lo
        if not 0 <= i < self._size:
            raise YearUnpublished(dt.date.fromordinal(ordinal).year)
        return i

    def _nth_after(self, ordinal: int, n: int) -> int:
        """Ordinal of the ``n``-th working day after ``ordinal`` (n >= 1)."""
        k = self._upto[self._index(ordinal)] + n - 1
        if k >= len(self._ords):
            raise YearUnpublished(self.last_year + 1)
        return self._ords[k]

    def _count(self, first: int, last: int) -> int:
        """Working days in ``(first, last]`` (ordinals; 0 when ``last <= first``)."""
        if last <= first:
            return 0
        return self._upto[self._index(last)] - self._upto[self._index(first)]

    def _next_working(self, ordinal: int) -> int:
        """``ordinal`` if it is a working day, else the next working day."""
        i = self._index(ordinal)
        if self._working[i]:
            return ordinal
        return self._nth_after(ordinal, 1)

    def provisional_years(
        self, start: dt.date, due: dt.date, *, provisional_ok: bool = False
    ) -> tuple[int, ...]:
        """Provisional years the span touches; raise for any it may not use."""
        if (
            due.toordinal() < self._unsafe_from
            and start.toordinal() < self._unsafe_from
        ):
            return ()
        touched = []
        for year in range(min(start, due).year, max(start, due).year + 1):
            status = self.years.get(year)
            if status is None or (
                status == YearStatus.PROVISIONAL and not provisional_ok
            ):
                raise YearUnpublished(year)
            if status == YearStatus.PROVISIONAL:
                touched.append(year)
        return tuple(touched)

    def is_working_day(self, day: dt.date) -> bool:
        return bool(self._working[self._index(day.toordinal())])

    def add_working_days(
        self,
        start: dt.date,
        n: int,
        *,
        pauses: Iterable[Pause] = (),
        provisional_ok: bool = False,
    ) -> dt.date:
        """The day ``n`` working days after ``start``, paused days not counted."""
        if n < 0:
            raise ValueError("n must not be negative")
        cursor, remaining = start.toordinal(), n
        if pauses:
            cursor, remaining = self._skip_pauses(cursor, n, merge_pauses(pauses))
        # The hot path: two list look-ups, inlined (the benchmark measures this).
        i = cursor - self._lo
        if not 0 <= i < self._size:
            raise YearUnpublished(dt.date.fromordinal(cursor).year)
        if remaining:
            k = self._upto[i] + remaining - 1
            if k >= len(self._ords):
                raise YearUnpublished(self.last_year + 1)
            cursor = self._ords[k]
        due = dt.date.fromordinal(cursor)
        if cursor >= self._unsafe_from or start.toordinal() >= self._unsafe_from:
            self.provisional_years(start, due, provisional_ok=provisional_ok)
        return due

    def _skip_pauses(
        self, cursor: int, remaining: int, pauses: list[tuple[int, int]]
    ) -> tuple[int, int]:
        """Move the cursor past every pause reached before ``remaining`` runs out."""
        for first, last in pauses:
            if last <= cursor:
                continue
            available = self._count(cursor, first - 1)
            if available >= remaining:
                break
            remaining -= available
            cursor = last
        return cursor, remaining

    def add_natural_days(
        self,
        start: dt.date,
        n: int,
        *,
        pauses: Iterable[Pause] = (),
        provisional_ok: bool = False,
    ) -> dt.date:
        """``start`` + ``n`` days, paused days not counted; a day off moves to the next
        working day (民法典 art. 203)."""
        if n < 0:
            raise ValueError("n must not be negative")
        cursor, remaining = start.toordinal(), n
        for first, last in merge_pauses(pauses):
            if last <= cursor:
                continue
            available = max(first - 1 - cursor, 0)
            if available >= remaining:
                break
            remaining -= available
            cursor = last
        due = dt.date.fromordinal(self._next_working(cursor + remaining))
        self.provisional_years(start, due, provisional_ok=provisional_ok)
        return due

    def count_working_days(
        self,
        start: dt.date,
        end: dt.date,
        *,
        pauses: Iterable[Pause] = (),
        provisional_ok: bool = False,
    ) -> int:
        """Working days in ``(start, end]`` outside the pauses."""
        if end < start:
            raise ValueError("end is before start")
        self.provisional_years(start, end, provisional_ok=provisional_ok)
        a, b = start.toordinal(), end.toordinal()
        total = self._count(a, b)
        for first, last in merge_pauses(pauses):
            lo, hi = max(first - 1, a), min(last, b)
            total -= self._count(lo, hi)
        return total

    def deadline(
        self,
        start: dt.date,
        n: int,
        *,
        unit: Unit = Unit.WORKING,
        extension: int = 0,
        pauses: Iterable[Pause] = (),
        provisional_ok: bool = False,
    ) -> Deadline:
        """The due date of a limit of ``n`` (+ ``extension``) days, flagged if
        provisional."""
        pauses = tuple(pauses)
        add = self.add_working_days if unit == Unit.WORKING else self.add_natural_days
        due = add(start, n + extension, pauses=pauses, provisional_ok=provisional_ok)
        years: tuple[int, ...] = ()
        if max(start, due).toordinal() >= self._unsafe_from:
            years = self.provisional_years(start, due, provisional_ok=provisional_ok)
        return Deadline(start=start, due=due, provisional_years=years)

    def skipped_days(
        self, start: dt.date, due: dt.date, *, pauses: Iterable[Pause] = ()
    ) -> list[SkippedDay]:
        """Days in ``(start, due)`` that did not count, each with its reason (for
        display)."""
        paused = merge_pauses(pauses)
        skipped = []
        for ordinal in range(start.toordinal() + 1, due.toordinal()):
            day = dt.date.fromordinal(ordinal)
            if any(first <= ordinal <= last for first, last in paused):
                skipped.append(SkippedDay(day, SkipReason.PAUSED))
            elif not self._working[self._index(ordinal)]:
                rule = self.rules.get(day)
                reason = SkipReason.DAY_OFF if rule else SkipReason.WEEKEND
                skipped.append(SkippedDay(day, reason, rule.ref if rule else None))
        return skipped

    def make_up_days(self, start: dt.date, due: dt.date) -> list[DayRule]:
        """Make-up workdays (调休) in ``(start, due]`` that counted although on a
        weekend."""
        return sorted(
            (
                r
                for d, r in self.rules.items()
                if start < d <= due and r.kind == DayKind.WORK and d.weekday() >= 5
            ),
            key=lambda r: r.date,
        )
