"""Deadlines in the seeded national calendar: the check vectors of DOMAIN.md §14 and
more, one commented row per case (acceptance day not counted; 民法典 201/203, 行政许可法
82/45)."""

import chinese_calendar
import pytest

from tests.calendars.conftest import d
from tongban.calendars import selectors
from tongban.calendars.domain.deadlines import Pause, Unit
from tongban.calendars.errors import CalendarYearUnpublished

pytestmark = pytest.mark.django_db

WORKING = [
    # start, N, due, why
    ("2026-02-12", 3, "2026-02-24", "§14: 2/14 is a make-up Saturday, 2/15–2/23 off"),
    ("2025-12-31", 1, "2026-01-04", "§14: 1/1–1/3 off, 1/4 is a make-up Sunday"),
    ("2026-09-30", 5, "2026-10-13", "§14: 10/1–10/7 off, 10/10 make-up Saturday"),
    ("2026-04-30", 1, "2026-05-06", "§14: 5/1–5/5 off"),
    ("2025-01-27", 1, "2025-02-05", "春节 2025 break 1/28–2/4 is crossed whole"),
    ("2025-01-24", 1, "2025-01-26", "2025-01-26 is a make-up Sunday before 春节"),
    (
        "2026-02-10",
        20,
        "2026-03-16",
        "a 20-day limit (行政许可法 42) crossing 春节 2026",
    ),
    ("2026-02-24", 4, "2026-02-28", "2026-02-28 is a make-up Saturday after 春节"),
    ("2026-03-02", 20, "2026-03-30", "no holiday: four weeks"),
    (
        "2026-01-02",
        1,
        "2026-01-04",
        "accepted on a day off: counting starts the next day",
    ),
    ("2026-03-06", 1, "2026-03-09", "plain weekend skipped"),
    ("2026-03-06", 0, "2026-03-06", "zero days: the start itself"),
]


@pytest.mark.parametrize(("start", "n", "due", "why"), WORKING)
def test_working_day_limit_ends_on_the_nth_working_day_after_start(start, n, due, why):
    deadline = selectors.calendar_deadline(division=None, start=d(start), days=n)
    assert deadline.due == d(due), why
    assert not deadline.provisional


NATURAL = [
    (
        "2026-09-28",
        3,
        "2026-10-08",
        "ends on 10/1 (off): moves to the next working day",
    ),
    ("2026-02-10", 5, "2026-02-24", "ends on Sunday 2/15 inside 春节: after the break"),
    ("2026-01-01", 2, "2026-01-04", "ends on 1/3 (off): 1/4 is a make-up Sunday"),
    ("2026-03-02", 10, "2026-03-12", "ends on a working Thursday: unchanged"),
]


@pytest.mark.parametrize(("start", "n", "due", "why"), NATURAL)
def test_natural_day_limit_ending_on_a_day_off_moves_to_the_next_working_day(
    start, n, due, why
):
    deadline = selectors.calendar_deadline(
        division=None, start=d(start), days=n, unit=Unit.NATURAL
    )
    assert deadline.due == d(due), why


def test_a_pause_spanning_the_national_day_break_is_not_counted():
    # 3 days counted 9/22–9/24, paused 9/28–10/9 (holiday inside), 7 more from 10/10.
    pause = Pause(d("2026-09-28"), d("2026-10-09"))
    deadline = selectors.calendar_deadline(
        division=None, start=d("2026-09-21"), days=10, pauses=[pause]
    )
    assert deadline.due == d("2026-10-19")
    unpaused = selectors.calendar_deadline(
        division=None, start=d("2026-09-21"), days=10
    )
    assert unpaused.due == d("2026-10-12")


def test_an_extension_adds_working_days_to_the_limit():
    deadline = selectors.calendar_deadline(
        division=None, start=d("2026-03-02"), days=20, extension=10
    )
    assert deadline.due == d("2026-04-14")  # 清明 4/4–4/6 skipped


def test_counting_the_days_between_start_and_due_gives_n():
    calendar = selectors.calendar_for(division=None)
    assert calendar.count_working_days(d("2026-02-12"), d("2026-02-24")) == 3


def test_a_limit_reaching_an_unpublished_year_is_refused_with_a_stable_code():
    with pytest.raises(CalendarYearUnpublished) as caught:
        selectors.calendar_deadline(division=None, start=d("2026-12-20"), days=20)
    assert caught.value.problem_code == "calendar_year_unpublished"
    assert caught.value.year == 2027
    assert "2027" in str(caught.value.detail)


def test_a_limit_reaching_an_unpublished_year_is_flagged_provisional_when_accepted():
    deadline = selectors.calendar_deadline(
        division=None, start=d("2026-12-20"), days=20, provisional_ok=True
    )
    assert deadline.due == d("2027-01-18")  # 2027-01-01 statutory, no make-up days
    assert deadline.provisional_years == (2027,)


def test_the_setting_allows_provisional_results(settings):
    settings.CALENDAR_ALLOW_PROVISIONAL = True
    deadline = selectors.calendar_deadline(
        division=None, start=d("2026-12-20"), days=20
    )
    assert deadline.provisional


def test_a_year_before_the_first_published_one_is_refused_even_provisionally():
    with pytest.raises(CalendarYearUnpublished):
        selectors.calendar_deadline(
            division=None, start=d("2024-12-20"), days=5, provisional_ok=True
        )


def test_the_seeded_national_calendar_matches_chinese_calendar_day_by_day():
    calendar = selectors.calendar_for(division=None)
    day, mismatches = d("2025-01-01"), []
    while day.year < 2027:
        if calendar.is_working_day(day) != chinese_calendar.is_workday(day):
            mismatches.append(day)
        day = day.fromordinal(day.toordinal() + 1)
    assert mismatches == []
