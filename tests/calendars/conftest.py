"""Calendar fixtures: the seeded national calendar, a pure calendar built from
``chinese_calendar`` (for property tests without a database), and a clean compile
cache."""

import datetime as dt
from collections.abc import Iterator
from typing import Any

import chinese_calendar
import pytest
from django.utils import translation

from tongban.calendars import selectors
from tongban.calendars.domain.deadlines import (
    DayKind,
    DayRule,
    WorkingCalendar,
    YearStatus,
)


@pytest.fixture(autouse=True)
def _fresh_calendars() -> Iterator[None]:
    selectors.calendar_cache_clear()
    yield
    selectors.calendar_cache_clear()


def reference_calendar() -> WorkingCalendar:
    """2025–2026 as ``chinese_calendar`` knows them, as a pure ``WorkingCalendar``."""
    rules = []
    day = dt.date(2025, 1, 1)
    while day.year < 2027:
        weekend = day.weekday() >= 5
        if chinese_calendar.is_workday(day) == weekend:
            rules.append(DayRule(day, DayKind.WORK if weekend else DayKind.OFF))
        day += dt.timedelta(days=1)
    return WorkingCalendar(
        {2025: YearStatus.PUBLISHED, 2026: YearStatus.PUBLISHED}, rules
    )


def d(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


@pytest.fixture
def english(settings: Any) -> Iterator[None]:
    """These tests read messages in English; the default language is zh-hans."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
