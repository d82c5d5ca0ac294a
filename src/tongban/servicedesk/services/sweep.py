"""The daily sweep over tickets at a unit: reminder before the limit, 催办 the day after,
escalation (and 督办) when 5 working days late, and the days-overdue figure kept current.

Each step is a declared system action through the kernel's writer, so the history shows it
and it fires once (``Ticket.ladder_step``); the unit's queue shows the step. Idempotent:
running it twice a day does nothing the second time.
"""

import datetime as dt

from tongban.core.permissions import SYSTEM
from tongban.servicedesk import clock
from tongban.servicedesk.domain.ladder import Step, step_due
from tongban.servicedesk.domain.lifecycle import Event
from tongban.servicedesk.lifecycle import AT_UNIT, TICKETS
from tongban.servicedesk.models import Ticket

STEP_EVENTS = {
    Step.REMIND: Event.REMIND,
    Step.URGE: Event.URGE,
    Step.ESCALATE: Event.ESCALATE,
}


def tickets_sweep() -> dict[str, int]:
    """Take today's ladder step of every ticket at a unit; counts per step."""
    today = clock.today()
    counts = {step.name.lower(): 0 for step in STEP_EVENTS}
    # A reminder is due one working day ahead; two weeks cover any holiday run.
    horizon = today + dt.timedelta(days=14)
    open_tickets = Ticket.objects.filter(
        state__in=[s.value for s in AT_UNIT], due_on__lte=horizon
    ).select_related("division")
    for ticket in open_tickets.iterator():
        if ticket.due_on is None:  # filtered out above; for the type checker
            continue
        step = step_due(
            due=ticket.due_on,
            today=today,
            taken=Step(ticket.ladder_step),
            working_days_between=clock.WorkingDaysBetween(ticket.division),
        )
        if step is Step.NONE:
            continue
        late = clock.working_days_late(
            division=ticket.division, due=ticket.due_on, on=today
        )
        TICKETS.transition(
            obj=ticket, event=STEP_EVENTS[step], actor=SYSTEM, data={"late": late}
        )
        counts[step.name.lower()] += 1
    return counts
