"""Clock effects on the calendars' deadline engine, for models with ``ClockFields``.

``clock_apply`` steps an object's clock and recomputes its due date on working days (or
natural days) of the object's region; ``working_days_left`` is what a light is made of.
"""

import datetime as dt
from typing import Any

from django.utils import timezone

from tongban.calendars import selectors as calendar_selectors
from tongban.calendars.domain.deadlines import Pause, Unit
from tongban.lifecycle.domain import Clock
from tongban.lifecycle.domain.clock import ClockState, pauses, step
from tongban.lifecycle.models import ClockFields

UNITS = {"working": Unit.WORKING, "natural": Unit.NATURAL}


def due_of(
    state: ClockState, *, division: Any, today: dt.date
) -> tuple[dt.date | None, bool]:
    """``(due date, provisional)`` of a clock, ``(None, False)`` when no limit runs."""
    if state.started_on is None or state.limit is None:
        return None, False
    deadline = calendar_selectors.calendar_deadline(
        division=division,
        start=state.started_on,
        days=state.limit,
        unit=UNITS[state.unit],
        extension=state.extension,
        pauses=[Pause(a, b) for a, b in pauses(state, today=today)],
        provisional_ok=True,
    )
    return deadline.due, deadline.provisional


def clock_apply(
    obj: ClockFields,
    effect: Clock,
    *,
    division: Any,
    extension: int = 0,
    today: dt.date | None = None,
) -> dict[str, list[Any]]:
    """Apply ``effect`` to ``obj``'s clock (not saved) and return the audit changes of its
    due date. Set ``obj.clock_limit`` / ``clock_unit`` before a ``start``."""
    today = today or timezone.localdate()
    before = obj.due_on
    state = step(obj.clock_state(), effect, today=today, extension=extension)
    obj.clock_store(state)
    obj.due_on, obj.due_provisional = due_of(state, division=division, today=today)
    if obj.due_on == before:
        return {}
    return {"due_on": [_iso(before), _iso(obj.due_on)]}


def working_days_left(
    *, division: Any, due: dt.date | None, today: dt.date | None = None
) -> int | None:
    """Working days of the region from today to ``due``: 0 on the due day, negative when
    past (the input of ``cases.domain.lights.light`` and of supervision warnings)."""
    if due is None:
        return None
    today = today or timezone.localdate()
    calendar = calendar_selectors.calendar_for(division=division)
    if today <= due:
        return calendar.count_working_days(today, due, provisional_ok=True)
    return -calendar.count_working_days(due, today, provisional_ok=True)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None
