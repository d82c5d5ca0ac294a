"""The pure deadline engine: properties (hypothesis) on a calendar built from
``chinese_calendar``, and the rules that do not need the database."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.calendars.conftest import d, reference_calendar
from tongban.calendars.domain import statutory
from tongban.calendars.domain.deadlines import (
    DayKind,
    DayRule,
    Pause,
    SkipReason,
    WorkingCalendar,
    YearStatus,
    YearUnpublished,
    local_date,
)

CALENDAR = reference_calendar()
starts = st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2026, 9, 30))
limits = st.integers(min_value=0, max_value=40)


@given(start=starts, n=limits)
def test_counting_from_start_to_start_plus_n_gives_n(start, n):
    assert CALENDAR.count_working_days(start, CALENDAR.add_working_days(start, n)) == n


@given(start=starts, n=limits)
def test_the_due_date_grows_strictly_with_n(start, n):
    assert CALENDAR.add_working_days(start, n) < CALENDAR.add_working_days(start, n + 1)


@given(start=starts, n=st.integers(min_value=1, max_value=40))
def test_a_working_day_limit_ends_on_a_working_day(start, n):
    assert CALENDAR.is_working_day(CALENDAR.add_working_days(start, n))


@given(start=starts, n=limits, offset=st.integers(0, 30), length=st.integers(0, 20))
def test_paused_days_are_not_counted(start, n, offset, length):
    pause = Pause(
        start + dt.timedelta(days=offset), start + dt.timedelta(days=offset + length)
    )
    due = CALENDAR.add_working_days(start, n, pauses=[pause])
    assert CALENDAR.count_working_days(start, due, pauses=[pause]) == n
    assert due >= CALENDAR.add_working_days(start, n)


@given(start=starts, n=st.integers(min_value=0, max_value=60))
def test_a_natural_day_limit_ends_on_the_first_working_day_not_before_start_plus_n(
    start, n
):
    due = CALENDAR.add_natural_days(start, n)
    assert due >= start + dt.timedelta(days=n)
    assert CALENDAR.is_working_day(due)
    assert all(
        not CALENDAR.is_working_day(start + dt.timedelta(days=k))
        for k in range(n, (due - start).days)
    )


def test_skipped_days_name_their_reason():
    skipped = CALENDAR.skipped_days(d("2026-02-12"), d("2026-02-24"))
    assert [s.date for s in skipped] == [
        d("2026-02-15") + dt.timedelta(days=i) for i in range(9)
    ]
    weekend = {s.date for s in skipped if s.reason == SkipReason.WEEKEND}
    # This calendar only lists days that differ from the plain week: weekends stay
    # weekends.
    assert weekend == {d("2026-02-15"), d("2026-02-21"), d("2026-02-22")}
    assert [
        r.date for r in CALENDAR.make_up_days(d("2026-02-12"), d("2026-02-24"))
    ] == [d("2026-02-14")]


def test_negative_limits_are_refused():
    with pytest.raises(ValueError, match="negative"):
        CALENDAR.add_working_days(d("2026-03-02"), -1)


def test_a_span_leaving_the_calendar_names_the_missing_year():
    with pytest.raises(YearUnpublished) as caught:
        CALENDAR.add_working_days(d("2026-12-28"), 5)
    assert caught.value.year == 2027


def test_a_provisional_year_needs_consent():
    calendar = WorkingCalendar(
        {2026: YearStatus.PUBLISHED, 2027: YearStatus.PROVISIONAL},
        [DayRule(day, DayKind.OFF) for day, _ in statutory.statutory_days(2027)],
    )
    with pytest.raises(YearUnpublished):
        calendar.deadline(d("2026-12-30"), 3)
    deadline = calendar.deadline(d("2026-12-30"), 3, provisional_ok=True)
    assert (deadline.due, deadline.provisional) == (d("2027-01-05"), True)


def test_a_gap_year_inside_the_span_is_never_crossed():
    calendar = WorkingCalendar({2025: YearStatus.PUBLISHED, 2027: YearStatus.PUBLISHED})
    with pytest.raises(YearUnpublished) as caught:
        calendar.add_working_days(d("2025-12-30"), 300, provisional_ok=True)
    assert caught.value.year == 2026


def test_acceptance_late_in_the_evening_utc_is_the_next_day_in_shanghai():
    moment = dt.datetime(2026, 2, 11, 17, 30, tzinfo=dt.UTC)
    assert local_date(moment) == d("2026-02-12")


def test_a_naive_datetime_has_no_local_day():
    with pytest.raises(ValueError, match="naive"):
        local_date(dt.datetime(2026, 2, 11, 17, 30))  # noqa: DTZ001 - the point of the test
