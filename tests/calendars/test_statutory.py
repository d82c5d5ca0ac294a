"""The provisional base: statutory days of 《全国年节及纪念日放假办法》 per year."""

import datetime as dt

import chinese_calendar
import pytest

from tongban.calendars.domain import statutory


@pytest.mark.parametrize("year", sorted(statutory.LUNAR_AND_SOLAR_TERM_DATES))
def test_qingming_is_the_solar_term_of_that_year(year):
    qingming = dt.date.fromisoformat(statutory.LUNAR_AND_SOLAR_TERM_DATES[year][1])
    terms = chinese_calendar.get_solar_terms(dt.date(year, 4, 1), dt.date(year, 4, 10))
    assert (qingming, "清明") in terms


@pytest.mark.parametrize("year", [2025, 2026])
def test_every_statutory_day_is_a_holiday_in_the_state_council_schedule(year):
    for day, _key in statutory.statutory_days(year):
        assert chinese_calendar.is_holiday(day), day


def test_a_year_has_thirteen_statutory_days_unless_two_festivals_coincide():
    assert len(statutory.statutory_days(2027)) == 13
    assert len(statutory.statutory_days(2028)) == 12  # 中秋 on 3 Oct


def test_a_year_outside_the_table_has_no_base():
    assert not statutory.covers(2041)
