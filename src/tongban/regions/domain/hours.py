"""Opening-hours rules: sessions per weekday must be ordered and must not overlap.

Tibet's offices often open in two sessions (09:30–13:00 and 15:30–18:00), so a day is a list
of sessions, not one pair of times.
"""

import datetime
import itertools
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Session:
    weekday: int  # 0 = Monday … 6 = Sunday (ISO weekday - 1)
    opens: datetime.time
    closes: datetime.time


def session_errors(sessions: Iterable[Session]) -> list[tuple[int, str]]:
    """``(index, code)`` for each bad session: ``weekday``, ``order`` or ``overlap``."""
    errors: list[tuple[int, str]] = []
    by_day: dict[int, list[tuple[int, Session]]] = {}
    for index, session in enumerate(sessions):
        if not 0 <= session.weekday <= 6:
            errors.append((index, "weekday"))
            continue
        if session.opens >= session.closes:
            errors.append((index, "order"))
            continue
        by_day.setdefault(session.weekday, []).append((index, session))
    for day_sessions in by_day.values():
        day_sessions.sort(key=lambda item: item[1].opens)
        for (_, before), (index, after) in itertools.pairwise(day_sessions):
            if after.opens < before.closes:
                errors.append((index, "overlap"))
    return sorted(errors)


def is_open(sessions: Iterable[Session], moment: datetime.datetime) -> bool:
    time = moment.time()
    return any(
        s.weekday == moment.weekday() and s.opens <= time < s.closes for s in sessions
    )
