"""A lifecycle's clock: each effect, one rule per test, and the due date on the region's
calendar."""

import datetime as dt

import pytest

from tongban.lifecycle.domain import Clock
from tongban.lifecycle.domain.clock import ClockError, ClockState, pauses, step

D = dt.date
STARTED = ClockState(limit=3, started_on=D(2026, 6, 1))


def test_start_sets_the_start_day_and_forgets_an_earlier_run() -> None:
    earlier = ClockState(
        limit=3,
        started_on=D(2026, 5, 1),
        extension=2,
        paused=((D(2026, 5, 2), None),),
        stopped_on=D(2026, 5, 3),
    )
    again = step(earlier, Clock.START, today=D(2026, 6, 1))
    assert again == ClockState(limit=3, started_on=D(2026, 6, 1))


def test_pause_and_resume_remove_the_days_in_between() -> None:
    paused = step(STARTED, Clock.PAUSE, today=D(2026, 6, 2))
    resumed = step(paused, Clock.RESUME, today=D(2026, 6, 5))
    assert pauses(resumed, today=D(2026, 6, 9)) == [(D(2026, 6, 2), D(2026, 6, 4))]


def test_a_pause_resumed_the_same_day_removes_no_day() -> None:
    paused = step(STARTED, Clock.PAUSE, today=D(2026, 6, 2))
    resumed = step(paused, Clock.RESUME, today=D(2026, 6, 2))
    assert pauses(resumed, today=D(2026, 6, 9)) == []


def test_a_running_pause_lasts_until_today() -> None:
    paused = step(STARTED, Clock.PAUSE, today=D(2026, 6, 2))
    assert pauses(paused, today=D(2026, 6, 8)) == [(D(2026, 6, 2), D(2026, 6, 8))]


def test_extensions_add_up() -> None:
    once = step(STARTED, Clock.EXTEND, today=D(2026, 6, 2), extension=2)
    twice = step(once, Clock.EXTEND, today=D(2026, 6, 3), extension=3)
    assert twice.extension == 5


def test_stop_ends_a_running_pause() -> None:
    paused = step(STARTED, Clock.PAUSE, today=D(2026, 6, 2))
    stopped = step(paused, Clock.STOP, today=D(2026, 6, 4))
    assert stopped.stopped_on == D(2026, 6, 4)
    assert not stopped.is_paused


@pytest.mark.parametrize(
    ("state", "effect", "extension"),
    [
        (ClockState(limit=3), Clock.PAUSE, 0),  # never started
        (STARTED, Clock.RESUME, 0),  # not paused
        (step(STARTED, Clock.PAUSE, today=D(2026, 6, 2)), Clock.PAUSE, 0),  # twice
        (STARTED, Clock.EXTEND, 0),  # an extension of no days
        (step(STARTED, Clock.STOP, today=D(2026, 6, 2)), Clock.EXTEND, 1),  # stopped
    ],
)
def test_an_effect_that_makes_no_sense_is_refused(
    state: ClockState, effect: Clock, extension: int
) -> None:
    with pytest.raises(ClockError):
        step(state, effect, today=D(2026, 6, 3), extension=extension)
