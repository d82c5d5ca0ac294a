"""The daily sweep over tickets at a unit: reminder before the limit, 催办 the day after,
escalation (and 督办) when 5 working days late, and the days-overdue figure kept current.

Each step is an event through the one writer, so the history shows it and it fires once;
the unit's queue shows the step. Idempotent: running it twice a day does nothing
the second time.
"""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from tongban.core.permissions import SYSTEM
from tongban.servicedesk import clock
from tongban.servicedesk.domain.ladder import Step, step_due
from tongban.servicedesk.domain.lifecycle import AT_UNIT, Event
from tongban.servicedesk.models import Ticket
from tongban.servicedesk.services.workflow import ticket_transition

STEP_EVENTS = {Step.REMIND: Event.REMIND, Step.URGE: Event.URGE}
STEP_WORDS = {
    Step.REMIND: _("reminder: the limit is near"),
    Step.URGE: _("urging notice: the limit has passed"),
    Step.ESCALATE: _("escalated: 5 working days past the limit"),
}


def tickets_sweep() -> dict[str, int]:
    """Take today's ladder step of every ticket at a unit; counts per step."""
    today = clock.today()
    counts = {step.name.lower(): 0 for step in STEP_WORDS}
    open_tickets = Ticket.objects.filter(
        state__in=[s.value for s in AT_UNIT], due_date__lte=_horizon(today)
    ).select_related("division")
    for ticket in open_tickets.iterator():
        between = clock.working_days_between(ticket.division)
        step = step_due(
            due=ticket.due_date,
            today=today,
            taken=Step(ticket.ladder_step),
            working_days_between=between,
        )
        if step is Step.NONE:
            continue
        _take(
            ticket,
            step,
            clock.working_days_late(
                division=ticket.division, due=ticket.due_date, on=today
            ),
        )
        counts[step.name.lower()] += 1
    return counts


def _horizon(today: dt.date) -> dt.date:
    # A reminder is due one working day ahead; two weeks cover any holiday run.
    return today + dt.timedelta(days=14)


def _take(ticket: Ticket, step: Step, late: int) -> None:
    def effect(locked: Ticket) -> None:
        locked.ladder_step = step
        locked.overdue_days = late
        if step is Step.ESCALATE:
            locked.supervised = True

    event = STEP_EVENTS.get(step, Event.ESCALATE)
    ticket_transition(
        ticket=ticket,
        event=event,
        actor=SYSTEM,
        reason=str(STEP_WORDS[step]),
        effect=effect,
    )
