"""Slots follow split opening hours, closures, holidays and make-up workdays."""

import datetime as dt

import pytest

from tongban.appointments.domain.slots import DayType, Session, opening, slots

T = dt.time
MONDAY = dt.date(2026, 6, 1)
SATURDAY = dt.date(2026, 6, 6)
SPLIT = [Session(w, T(9, 30), T(13, 0)) for w in range(5)] + [
    Session(w, T(15, 30), T(18, 0)) for w in range(5)
]


def test_a_split_day_gives_slots_in_both_sessions_and_none_at_noon() -> None:
    found = slots(MONDAY, DayType.WORKING, SPLIT, minutes=30)
    starts = [s.start for s in found]
    assert starts[0] == T(9, 30)
    assert starts[6] == T(12, 30)
    assert T(13, 0) not in starts
    assert T(15, 0) not in starts
    assert starts[7] == T(15, 30)
    assert starts[-1] == T(17, 30)
    assert len(found) == 7 + 5


def test_a_slot_that_would_run_past_closing_is_not_offered() -> None:
    found = slots(MONDAY, DayType.WORKING, SPLIT, minutes=45)
    assert all(s.end <= T(13, 0) or s.start >= T(15, 30) for s in found)
    assert found[3].start == T(11, 45)  # 12:30–13:15 would pass 13:00
    assert found[4].start == T(15, 30)


@pytest.mark.parametrize("day_type", [DayType.OFF, DayType.CLOSED])
def test_a_holiday_or_a_closure_has_no_slots(day_type: DayType) -> None:
    assert slots(MONDAY, day_type, SPLIT, minutes=30) == []


def test_an_ordinary_weekend_is_closed_unless_the_hall_opens_on_it() -> None:
    assert opening(SATURDAY, DayType.WEEKEND, SPLIT) == []
    weekend = [*SPLIT, Session(5, T(10, 0), T(12, 0))]
    assert opening(SATURDAY, DayType.WEEKEND, weekend) == [(T(10, 0), T(12, 0))]


def test_a_make_up_workday_opens_with_an_ordinary_days_hours() -> None:
    assert opening(SATURDAY, DayType.MAKE_UP, SPLIT) == [
        (T(9, 30), T(13, 0)),
        (T(15, 30), T(18, 0)),
    ]
