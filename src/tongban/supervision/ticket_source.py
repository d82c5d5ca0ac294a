"""The service-desk adapter of the supervision registry: a ticket (咨询, 求助, 投诉, 举报,
建议) as the rules see it, counted on its region's calendar.

A ticket's limit (承诺时限 of its type, plus an approved extension) is the kernel's clock:
``due_on``. While the ticket is not yet replied to, the promised-limit rules hold for it
as for a case: JC01 one working day before (a prompt), JC02 past it (a red card for the
unit holding it and its handler). The statutory, step, acceptance, reasons and history
rules do not apply to tickets.

A ticket still waiting for the dispatcher (received, no unit holds it) is the service
desk's: its responsible party is the desk of the ticket's region (no organisation, the
warning's division), and JC10 holds once it has waited more than
``SUPERVISION_ROUTE_WORKING_DAYS`` working days of the region since it was received (a
yellow card for the desk). A ticket a unit holds, or one sent back to the dispatcher,
is looked at with the unit holding it, else the organisation it concerns, else the desk.
"""

import datetime
from collections.abc import Iterable, Iterator
from typing import Any

from tongban.calendars.domain.deadlines import local_date
from tongban.lifecycle.clock import working_days_left
from tongban.servicedesk import selectors_supervision as reads
from tongban.servicedesk.domain.lifecycle import OPEN, State
from tongban.supervision.domain.rules import Facts
from tongban.supervision.sources import Subject


def _unrouted(ticket: Any) -> bool:
    return ticket.state == State.RECEIVED and ticket.handling_organisation_id is None


def ticket_facts(ticket: Any, today: datetime.date) -> Facts:
    running = ticket.state in OPEN and ticket.due_on is not None
    left = (
        working_days_left(division=ticket.division, due=ticket.due_on, today=today)
        if running
        else None
    )
    waited = None
    if _unrouted(ticket):
        # Working days in (received, today]: the days the desk has had to route it.
        waited = -(
            working_days_left(
                division=ticket.division,
                due=min(local_date(ticket.received_at), today),
                today=today,
            )
            or 0
        )
    return Facts(running=running, promised_left=left, unrouted_days=waited)


def ticket_subject(ticket: Any, today: datetime.date) -> Subject:
    """The ticket as the rules see it; at the dispatcher, the desk answers for it."""
    if _unrouted(ticket):
        organisation = None
    else:
        organisation = ticket.handling_organisation_id or ticket.subject_organisation_id
    implementation = ticket.implementation
    return Subject(
        kind=TicketSource.kind,
        uuid=ticket.uuid,
        number=ticket.number,
        organisation_id=organisation,
        division_id=ticket.division_id,
        staff_id=ticket.handler_id,
        item_type=implementation.basic_item.item_type if implementation else "",
        facts=ticket_facts(ticket, today),
    )


def _subjects(tickets: Iterable[Any], today: datetime.date) -> Iterator[Subject]:
    for ticket in tickets:
        yield ticket_subject(ticket, today)


class TicketSource:
    kind = "ticket"

    def open_subjects(self, *, today: datetime.date) -> Iterator[Subject]:
        return _subjects(reads.tickets_open().iterator(chunk_size=2000), today)

    def changes_after(self, *, position: int, limit: int) -> tuple[list[Any], int]:
        return reads.ticket_changes_after(position=position, limit=limit)

    def subjects(
        self, *, uuids: Iterable[Any], today: datetime.date
    ) -> Iterator[Subject]:
        return _subjects(reads.tickets_by_uuid(uuids), today)
