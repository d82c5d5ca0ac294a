"""The service-desk adapter of the supervision registry: a ticket (咨询, 求助, 投诉, 举报,
建议) as the rules see it, counted on its region's calendar.

A ticket's limit (承诺时限 of its type, plus an approved extension) is the kernel's clock:
``due_on``. While the ticket is not yet replied to, the promised-limit rules hold for it
as for a case: JC01 one working day before (a prompt), JC02 past it (a red card for the
unit holding it and its handler). The statutory, step, acceptance, reasons and history
rules do not apply to tickets.

Known limit: a ticket still waiting for the dispatcher names no responsible unit yet; it
is looked at with the organisation it concerns, and left out while it has neither (the
service desk's own ladder — remind, urge, escalate — covers the dispatcher).
"""

import datetime
from collections.abc import Iterable, Iterator
from typing import Any

from tongban.lifecycle.clock import working_days_left
from tongban.servicedesk import selectors_supervision as reads
from tongban.servicedesk.domain.lifecycle import OPEN
from tongban.supervision.domain.rules import Facts
from tongban.supervision.sources import Subject


def ticket_facts(ticket: Any, today: datetime.date) -> Facts:
    running = ticket.state in OPEN and ticket.due_on is not None
    left = (
        working_days_left(division=ticket.division, due=ticket.due_on, today=today)
        if running
        else None
    )
    return Facts(running=running, promised_left=left)


def ticket_subject(ticket: Any, today: datetime.date) -> Subject | None:
    organisation = ticket.handling_organisation_id or ticket.subject_organisation_id
    if organisation is None:
        return None
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
        subject = ticket_subject(ticket, today)
        if subject is not None:
            yield subject


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
