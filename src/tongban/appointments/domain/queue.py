"""Queue numbers and their order (pure).

Numbers run per window group and day (A001, A002 … B001); tickets are called by priority
first (the order of ``PRIORITY_RANK``, a setting can switch a kind off) and then by the time
they were taken. The estimated wait is the tickets ahead times the recent average service
time, shared among the group's windows that are calling.
"""

import math
from enum import StrEnum


class Priority(StrEnum):
    APPOINTMENT = "appointment"  # 预约: booked and checked in
    ELDERLY = "elderly"  # 老年人
    DISABLED = "disabled"  # 残疾人
    NORMAL = "normal"


PRIORITY_RANK = {
    Priority.DISABLED: 0,
    Priority.ELDERLY: 0,
    Priority.APPOINTMENT: 1,
    Priority.NORMAL: 2,
}


def label(code: str, number: int) -> str:
    """``A`` and 7 → ``A007``; four digits past 999 (a long day at a big hall)."""
    if number < 1:
        raise ValueError("numbers start at 1")
    return f"{code}{number:03d}"


def rank(priority: Priority, *, honoured: frozenset[Priority]) -> int:
    """The calling rank of a ticket; a priority the hall does not honour ranks as normal."""
    if priority != Priority.NORMAL and priority not in honoured:
        return PRIORITY_RANK[Priority.NORMAL]
    return PRIORITY_RANK[priority]


def estimated_wait_minutes(*, ahead: int, average_minutes: float, windows: int) -> int:
    """Minutes until a ticket with ``ahead`` tickets before it is likely called."""
    if ahead <= 0:
        return 0
    return math.ceil(ahead * max(average_minutes, 1.0) / max(windows, 1))
