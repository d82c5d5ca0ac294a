"""Appointment slots of a hall (pure: no Django).

A day's opening is the hall's sessions for that weekday (Tibet's offices often open twice a
day, 09:30–13:00 and 15:30–18:00), except that
- a closure of the hall, or a day off in the region's calendar (a holiday, a Tibetan
  regional holiday, a day of a holiday notice) closes it;
- a make-up workday (调休上班) on a weekend opens it with that weekday's sessions if the hall
  has any, else with Monday's (the pattern of an ordinary working day);
- an ordinary weekend day opens only if the hall has sessions for it.
Slots are consecutive intervals of the group's length that fit wholly inside a session.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum


class DayType(StrEnum):
    WORKING = "working"  # an ordinary working day
    MAKE_UP = "make_up"  # 调休上班 on a weekend
    WEEKEND = "weekend"  # an ordinary Saturday or Sunday
    OFF = "off"  # a day off in the calendar (holiday) on any weekday
    CLOSED = "closed"  # the hall is closed (a closure entered for the hall)


@dataclass(frozen=True)
class Session:
    weekday: int  # 0 = Monday
    opens: dt.time
    closes: dt.time


@dataclass(frozen=True)
class Slot:
    day: dt.date
    start: dt.time
    end: dt.time

    @property
    def starts_at(self) -> dt.datetime:
        return dt.datetime.combine(self.day, self.start)


def opening(
    day: dt.date, day_type: DayType, sessions: Iterable[Session]
) -> list[tuple[dt.time, dt.time]]:
    """The ``(opens, closes)`` spans of the hall on ``day``."""
    if day_type in (DayType.OFF, DayType.CLOSED):
        return []
    by_day: dict[int, list[tuple[dt.time, dt.time]]] = {}
    for s in sessions:
        by_day.setdefault(s.weekday, []).append((s.opens, s.closes))
    spans = by_day.get(day.weekday(), [])
    if day_type == DayType.MAKE_UP and not spans:
        spans = by_day.get(0, [])
    return sorted(spans)


def slots(
    day: dt.date,
    day_type: DayType,
    sessions: Sequence[Session],
    *,
    minutes: int,
) -> list[Slot]:
    if minutes < 1:
        raise ValueError("a slot lasts at least a minute")
    length = dt.timedelta(minutes=minutes)
    found = []
    for opens, closes in opening(day, day_type, sessions):
        start = dt.datetime.combine(day, opens)
        end = dt.datetime.combine(day, closes)
        while start + length <= end:
            found.append(Slot(day, start.time(), (start + length).time()))
            start += length
    return found
