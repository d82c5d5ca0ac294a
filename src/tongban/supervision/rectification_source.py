"""The rectification adapter of the supervision registry: the ticket of a bad review
(差评整改) as the rules see it, counted on its region's calendar.

Verification starts two limits on the ticket's region calendar: contacting the evaluator
(核实联系, ``contact_due``) and rectifying (整改, the kernel's clock, ``due_on``; an appeal
does not stop it). The rules read them as a case's: JC01 one working day before the
rectification limit (a prompt), JC02 past it (a red card for the responsible unit), and
JC04 the contact step over its own limit while the evaluator has not been contacted (a
yellow card). The subject's number is the evaluated case's number, else the ticket's
UUID (an on-site review names no case).
"""

import datetime
from collections.abc import Iterable, Iterator
from typing import Any

from tongban.evaluations import selectors_supervision as reads
from tongban.evaluations.domain.rectification import State
from tongban.lifecycle.clock import working_days_left
from tongban.supervision.domain.rules import Facts
from tongban.supervision.sources import Subject

# The states in which the rectification limit runs (verified, not yet rectified).
RUNNING = (State.RECTIFYING, State.CONTACTED, State.APPEALED)


def _days(division: Any, start: datetime.date, end: datetime.date) -> int:
    """Working days of the region in ``(start, end]``; none when ``end`` is not later."""
    if end <= start:
        return 0
    return working_days_left(division=division, due=end, today=start) or 0


def rectification_facts(ticket: Any, today: datetime.date) -> Facts:
    running = ticket.state in RUNNING and ticket.due_on is not None
    left = (
        working_days_left(division=ticket.division, due=ticket.due_on, today=today)
        if running
        else None
    )
    step_days = step_limit = None
    started = ticket.clock_started_on
    if ticket.state == State.RECTIFYING and ticket.contact_due and started:
        step_days = _days(ticket.division, started, today)
        step_limit = _days(ticket.division, started, ticket.contact_due)
    return Facts(
        running=running,
        promised_left=left,
        step_days=step_days,
        step_limit=step_limit,
    )


def rectification_subject(ticket: Any, today: datetime.date) -> Subject:
    evaluation = ticket.evaluation
    implementation = evaluation.implementation
    return Subject(
        kind=RectificationSource.kind,
        uuid=ticket.uuid,
        number=evaluation.case.number if evaluation.case else str(ticket.uuid),
        organisation_id=ticket.organisation_id,
        division_id=ticket.division_id,
        staff_id=None,  # the unit answers for it, not the member reviewed
        item_type=implementation.basic_item.item_type if implementation else "",
        facts=rectification_facts(ticket, today),
    )


class RectificationSource:
    kind = "rectification"

    def open_subjects(self, *, today: datetime.date) -> Iterator[Subject]:
        for ticket in reads.rectifications_open().iterator(chunk_size=2000):
            yield rectification_subject(ticket, today)

    def changes_after(self, *, position: int, limit: int) -> tuple[list[Any], int]:
        return reads.rectification_changes_after(position=position, limit=limit)

    def subjects(
        self, *, uuids: Iterable[Any], today: datetime.date
    ) -> Iterator[Subject]:
        for ticket in reads.rectifications_by_uuid(uuids):
            yield rectification_subject(ticket, today)
