"""The daily sweeps: over tickets at a unit, the reminder before the limit, 催办 the day
after, escalation (and 督办) when 5 working days late, and the days-overdue figure kept
current; over replied tickets, the callback (回访) the working day after the reply.

Each step is a declared system action through the kernel's writer, so the history shows it
and it fires once (``Ticket.ladder_step``); the unit's queue shows the step. Idempotent:
running it twice a day does nothing the second time.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from tongban.core.permissions import SYSTEM
from tongban.core.services import audit_record
from tongban.notifications.services import notification_enqueue
from tongban.servicedesk import clock
from tongban.servicedesk.domain.ladder import Step, step_due
from tongban.servicedesk.domain.lifecycle import Event, State
from tongban.servicedesk.lifecycle import AT_UNIT, TICKETS, ticket_page_url
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


def callbacks_sweep() -> int:
    """Invite, once, the requester of every replied ticket whose callback is due today
    or earlier; the ticket is on the callback worker's list from that day
    (``selectors.ticket_callbacks_due_for``). Returns how many were invited."""
    due = Ticket.objects.filter(
        state=State.REPLIED,
        callback_due_on__lte=clock.today(),
        callback_invited_at__isnull=True,
    ).values_list("pk", flat=True)
    return sum(ticket_callback_invite(ticket_id=pk) for pk in list(due))


@transaction.atomic
def ticket_callback_invite(*, ticket_id: int) -> bool:
    """The SMS asking the requester, in their language, whether the reply satisfied
    them, with the page where they answer; ``False`` if invited already or moved on."""
    ticket = (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("division")
        .get(pk=ticket_id)
    )
    if ticket.state != State.REPLIED or ticket.callback_invited_at is not None:
        return False
    ticket.callback_invited_at = timezone.now()
    ticket.save(update_fields=["callback_invited_at"])
    if ticket.requester_phone:
        notification_enqueue(
            channel="sms",
            recipient=ticket.requester_phone,
            template="ticket_callback",
            language=ticket.language,
            context={"number": ticket.number, "url": ticket_page_url(ticket)},
        )
    audit_record(
        actor=SYSTEM,
        action="ticket.callback_invite",
        instance=ticket,
        changes={"callback_invited_at": [None, ticket.callback_invited_at.isoformat()]},
        division_prefix=ticket.division.prefix,
    )
    return True
