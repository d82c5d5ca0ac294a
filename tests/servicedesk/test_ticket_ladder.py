"""The overdue ladder (DOMAIN.md §9.3): a reminder the working day before the limit, 催办 the
day after it, escalation (under supervision) when still 5 working days late; each once."""

import datetime as dt
from typing import Any

import pytest

from tests.servicedesk.conftest import file_ticket
from tongban.servicedesk.domain.ladder import Step, step_due
from tongban.servicedesk.services import actions
from tongban.servicedesk.services.sweep import tickets_sweep


def _weekdays(a: dt.date, b: dt.date) -> int:
    """Working days in (a, b] of a calendar with only weekends off."""
    return sum(
        1
        for n in range(1, (b - a).days + 1)
        if (a + dt.timedelta(days=n)).weekday() < 5
    )


DUE = dt.date(2026, 3, 19)  # a Thursday

LADDER = [
    # today, step already taken, expected step
    (dt.date(2026, 3, 17), Step.NONE, Step.NONE),  # two working days ahead: nothing yet
    (dt.date(2026, 3, 18), Step.NONE, Step.REMIND),  # the working day before
    (dt.date(2026, 3, 19), Step.NONE, Step.REMIND),  # a missed reminder is still sent
    (dt.date(2026, 3, 19), Step.REMIND, Step.NONE),  # never twice
    (dt.date(2026, 3, 20), Step.REMIND, Step.URGE),  # the day after: 催办
    (dt.date(2026, 3, 25), Step.URGE, Step.NONE),  # 4 working days late: nothing new
    (dt.date(2026, 3, 26), Step.URGE, Step.ESCALATE),  # 5 working days late
    (dt.date(2026, 3, 26), Step.NONE, Step.ESCALATE),  # a late sweep takes the top step
    (dt.date(2026, 3, 30), Step.ESCALATE, Step.NONE),  # escalated once
]


@pytest.mark.parametrize(("today", "taken", "expected"), LADDER)
def test_the_ladder_takes_each_step_once_at_its_day(
    today: dt.date, taken: Step, expected: Step
) -> None:
    assert (
        step_due(due=DUE, today=today, taken=taken, working_days_between=_weekdays)
        is expected
    )


@pytest.mark.django_db
def test_the_sweep_reminds_urges_and_escalates_through_the_history(
    desk: dict[str, Any], orgs: dict[str, Any], applicant: Any, time_machine: Any
) -> None:
    ticket = file_ticket(applicant.user)
    actions.ticket_route(
        ticket=ticket, organisation=orgs["lhasa"], actor=desk["dispatcher"]
    )
    for day, expected in (
        ("2026-03-18", "remind"),
        ("2026-03-20", "urge"),
        ("2026-03-26", "escalate"),
    ):
        time_machine.move_to(f"{day} 07:00:00+08:00", tick=False)
        counts = tickets_sweep()
        assert counts[expected] == 1
        assert sum(tickets_sweep().values()) == 0  # idempotent the same day
    ticket.refresh_from_db()
    assert ticket.supervised is True
    assert ticket.overdue_days == 5
    events = list(ticket.events.values_list("event", flat=True))
    assert events == ["route", "remind", "urge", "escalate"]
