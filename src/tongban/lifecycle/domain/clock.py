"""A time limit's clock as plain data (pure: no Django).

``step`` applies a clock effect to a ``ClockState``; ``pauses`` gives the spans that do not
count, in the form the calendars' deadline engine takes. Conventions (docs/calendars.md):
the start day is not counted; a pause started on day *d* and resumed on day *r* removes the
days *d* … *r − 1* (resumed the same day removes nothing); a pause still running is assumed
to run until today.
"""

import datetime as dt
from dataclasses import dataclass, replace

from tongban.lifecycle.domain import Clock

Span = tuple[dt.date, dt.date | None]


class ClockError(ValueError):
    """A clock effect that makes no sense in the clock's state (resume while running …)."""


@dataclass(frozen=True)
class ClockState:
    limit: int | None = None  # days; None: no limit runs
    unit: str = "working"  # "working" (工作日) or "natural" (自然日)
    started_on: dt.date | None = None
    extension: int = 0  # days added by approved extensions, in ``unit``
    paused: tuple[Span, ...] = ()
    stopped_on: dt.date | None = None

    @property
    def running(self) -> bool:
        return self.started_on is not None and self.stopped_on is None

    @property
    def is_paused(self) -> bool:
        return bool(self.paused) and self.paused[-1][1] is None


def step(
    state: ClockState, effect: Clock, *, today: dt.date, extension: int = 0
) -> ClockState:
    """The clock after ``effect`` on ``today``; ``extension`` is the days an ``extend``
    adds."""
    if effect == Clock.NONE:
        return state
    if effect == Clock.START:
        # A restart (a reopened ticket) counts afresh from today.
        return replace(state, started_on=today, stopped_on=None, paused=(), extension=0)
    if not state.running:
        raise ClockError(f"{effect}: the clock is not running")
    if effect == Clock.PAUSE:
        if state.is_paused:
            raise ClockError("pause: the clock is already paused")
        return replace(state, paused=(*state.paused, (today, None)))
    if effect == Clock.RESUME:
        if not state.is_paused:
            raise ClockError("resume: the clock is not paused")
        start, _ = state.paused[-1]
        return replace(state, paused=(*state.paused[:-1], (start, today)))
    if effect == Clock.EXTEND:
        if extension < 1:
            raise ClockError("extend: an extension adds at least one day")
        return replace(state, extension=state.extension + extension)
    if effect == Clock.STOP:
        resumed = step(state, Clock.RESUME, today=today) if state.is_paused else state
        return replace(resumed, stopped_on=today)
    raise ClockError(f"unknown clock effect {effect}")


def pauses(state: ClockState, *, today: dt.date) -> list[tuple[dt.date, dt.date]]:
    """Inclusive ``(first, last)`` spans that do not count toward the limit."""
    spans = []
    for start, resumed in state.paused:
        if resumed is None:
            spans.append((start, max(start, today)))
        elif resumed > start:
            spans.append((start, resumed - dt.timedelta(days=1)))
    return spans
