"""``clock_apply`` counts a lifecycle's limit on working days of the object's region: a
Tibet-only holiday moves a Lhasa due date and leaves a Xigazê one alone."""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from tests.calendars.conftest import d
from tongban.lifecycle.clock import clock_apply, working_days_left
from tongban.lifecycle.domain import Clock
from tongban.lifecycle.domain.clock import ClockState
from tongban.regions.selectors import division_get

pytestmark = pytest.mark.django_db

LHASA_CSV = (
    Path(__file__).resolve().parents[2] / "docs/examples/calendar-lhasa-2026.csv"
)


class Ticket:
    """Stands in for a model with ``ClockFields``: the same two methods and fields."""

    def __init__(self) -> None:
        self.state = ClockState()
        self.due_on: dt.date | None = None
        self.due_provisional = False

    def clock_state(self) -> ClockState:
        return self.state

    def clock_store(self, state: ClockState) -> None:
        self.state = state


def started(code: str, *, limit: int, on: str) -> Any:
    ticket = Ticket()
    ticket.state = ClockState(limit=limit)
    clock_apply(ticket, Clock.START, division=division_get(code=code), today=d(on))  # type: ignore[arg-type]  # duck-typed ClockFields
    return ticket


def test_a_tibet_only_holiday_inside_the_limit_moves_the_due_date() -> None:
    call_command("calendar", "import", str(LHASA_CSV))
    assert started("540100", limit=3, on="2026-02-12").due_on == d("2026-02-27")
    assert started("540200", limit=3, on="2026-02-12").due_on == d("2026-02-24")


def test_a_pause_moves_the_due_date_by_the_working_days_paused() -> None:
    lhasa = division_get(code="540100")
    ticket = started("540100", limit=3, on="2026-06-01")  # Mon → due Thu 06-04
    assert ticket.due_on == d("2026-06-04")
    clock_apply(ticket, Clock.PAUSE, division=lhasa, today=d("2026-06-02"))
    assert ticket.due_on == d("2026-06-05")  # a running pause counts until today
    changes = clock_apply(ticket, Clock.RESUME, division=lhasa, today=d("2026-06-04"))
    assert ticket.due_on == d("2026-06-08")  # 06-02 and 06-03 did not count
    assert changes == {"due_on": ["2026-06-05", "2026-06-08"]}


def test_an_extension_adds_working_days() -> None:
    lhasa = division_get(code="540100")
    ticket = started("540100", limit=3, on="2026-06-01")
    clock_apply(
        ticket, Clock.EXTEND, division=lhasa, today=d("2026-06-02"), extension=2
    )
    assert ticket.due_on == d("2026-06-08")


def test_days_left_are_working_days_and_negative_when_past() -> None:
    lhasa = division_get(code="540100")
    due = d("2026-06-08")  # a Monday
    assert working_days_left(division=lhasa, due=due, today=d("2026-06-05")) == 1
    assert working_days_left(division=lhasa, due=due, today=d("2026-06-08")) == 0
    assert working_days_left(division=lhasa, due=due, today=d("2026-06-09")) == -1
