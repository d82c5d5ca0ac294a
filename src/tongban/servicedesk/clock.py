"""The ticket clock's helpers on the region's calendar: today's local date, the limit of a
type, and working days late (the due date itself is the lifecycle kernel's clock).

Read by the writer, the sweep and the selectors alike, so it sits beside them rather than
inside ``services`` (selectors never import services).
"""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from tongban.calendars.domain.deadlines import YearUnpublished, local_date
from tongban.calendars.selectors import calendar_for
from tongban.lifecycle.clock import working_days_left
from tongban.regions.models import Division
from tongban.servicedesk.domain.types import TicketType, limit_for


def today() -> dt.date:
    return local_date(timezone.now())


def type_limit(ticket_type: str) -> int:
    return limit_for(TicketType(ticket_type), settings.SERVICEDESK_LIMITS)


def working_days_late(*, division: Division, due: dt.date, on: dt.date) -> int:
    """Working days past ``due`` on ``on``: the kernel's days left, turned round."""
    left = working_days_left(division=division, due=due, today=on)
    return max(0, -(left or 0))


def next_working_day(*, division: Division, after: dt.date) -> dt.date:
    """The first working day after ``after`` on the region's calendar (the next day when
    the year is not published: a callback is never held back for want of a calendar)."""
    try:
        return calendar_for(division=division).add_working_days(
            after, 1, provisional_ok=True
        )
    except YearUnpublished:
        return after + dt.timedelta(days=1)


class WorkingDaysBetween:
    """``(a, b) -> working days in (a, b]`` on one region's calendar, for the ladder."""

    def __init__(self, division: Division) -> None:
        self._calendar = calendar_for(division=division)

    def __call__(self, start: dt.date, end: dt.date) -> int:
        if end < start:
            return 0
        return self._calendar.count_working_days(start, end, provisional_ok=True)
