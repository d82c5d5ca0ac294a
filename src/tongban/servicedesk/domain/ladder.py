"""The overdue ladder a sweep walks once a day (DOMAIN.md §9.3): a reminder on the last
working day before the limit, 催办 (an urging notice) the day after the limit, escalation
when the ticket is still unanswered 5 working days after the limit.

``step_due`` is pure: the caller passes the count of working days between two dates from
the region's calendar, so the ladder counts the same days as the limit did. Each step fires
once; a step already taken is never repeated, and a sweep that missed days catches up with
the highest step only (an escalated ticket is not also reminded).
"""

import datetime as dt
from collections.abc import Callable
from enum import IntEnum

from tongban.servicedesk.domain.types import ESCALATE_AFTER


class Step(IntEnum):
    NONE = 0
    REMIND = 1  # 到期提醒
    URGE = 2  # 催办
    ESCALATE = 3  # 升级


def step_due(
    *,
    due: dt.date,
    today: dt.date,
    taken: Step,
    working_days_between: Callable[[dt.date, dt.date], int],
) -> Step:
    """The step to take today, or ``Step.NONE``.

    ``working_days_between(a, b)`` counts the working days after ``a`` up to and including
    ``b`` (the deadline engine's convention).
    """
    if today > due:
        late = working_days_between(due, today)
        wanted = Step.ESCALATE if late >= ESCALATE_AFTER else Step.URGE
    elif working_days_between(today, due) <= 1:
        wanted = Step.REMIND
    else:
        wanted = Step.NONE
    return wanted if wanted > taken else Step.NONE
