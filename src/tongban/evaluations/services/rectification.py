"""The rectification ticket of a bad review: opened with the review, moved only by the
``rectification`` lifecycle on the shared kernel (``evaluations.lifecycle``), escalated by
the overdue sweep when past its contact date or its rectification limit.

Limits are working days of the ticket's region (``RECTIFICATION_CONTACT_WORKING_DAYS``,
``RECTIFICATION_WORKING_DAYS``), counted from the day of verification: a regional holiday
(藏历新年, 雪顿节) inside the span moves the due date.
"""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from tongban.accounts import selectors as account_selectors
from tongban.core.permissions import SYSTEM, Perm
from tongban.core.services import audit_record
from tongban.evaluations.domain.rectification import Event, Role, State
from tongban.evaluations.models import Evaluation, Rectification, RectificationEvent
from tongban.evaluations.services.ticket_rollups import (
    counts_of,
    ticket_rollup_moved,
    ticket_rollup_opened,
)
from tongban.notifications.services import notification_enqueue


def rectification_open(*, evaluation: Evaluation) -> Rectification:
    """A bad review opens its ticket at once, for the unit that handled (谁办理谁负责)."""
    ticket = Rectification(
        evaluation=evaluation,
        state=State.REPORTED.value,
        organisation=evaluation.organisation,
        division=evaluation.division,
        created_at=evaluation.created_at,  # the statistics' period is the review's
    )
    ticket.full_clean(exclude=["evaluation"])
    ticket.save()
    ticket_rollup_opened(ticket=ticket)
    _note(ticket, "open", {})
    return ticket


def rectification_transition(
    *, ticket: Rectification, event: str, actor: Any, data: Mapping[str, Any]
) -> Rectification:
    """One step of a ticket through the kernel's writer (lock, role, guards, effect,
    clock, history, audit)."""
    from tongban.evaluations.lifecycle import (
        RECTIFICATION,
    )  # the lifecycle imports models

    return RECTIFICATION.transition(
        obj=ticket, event=Event(event), actor=actor, data=data
    )


def _note(ticket: Rectification, event: str, facts: dict[str, Any]) -> None:
    """A history row that is not a transition (opened, escalated), with its audit row."""
    RectificationEvent.objects.create(
        rectification=ticket,
        event=event,
        from_state=ticket.state,
        to_state=ticket.state,
        actor=None,
        actor_role=Role.SYSTEM.value,
        data=facts,
        created_at=timezone.now(),
    )
    audit_record(
        actor=SYSTEM,
        action=f"rectification.{event}",
        instance=ticket,
        changes={"state": ticket.state, **facts},
        division_prefix=ticket.division.prefix,
        organisation_path=ticket.organisation.path,
    )


def overdue_q(today: dt.date) -> Q:
    """Open tickets past their contact date or their rectification limit."""
    return Q(state=State.RECTIFYING.value, contact_due__lt=today) | Q(
        state__in=[State.RECTIFYING.value, State.CONTACTED.value, State.APPEALED.value],
        due_on__lt=today,
    )


def rectifications_escalate(*, today: dt.date | None = None) -> int:
    """Mark overdue tickets as escalated (once each) for supervision, with history and
    audit, and tell the responsible unit and the supervisors (outbox, each in their own
    language); returns how many were escalated."""
    today = today or timezone.localdate()
    overdue = Rectification.objects.filter(overdue_q(today), escalated_at=None)
    count = 0
    for ticket in overdue.select_related("organisation", "division"):
        with transaction.atomic():
            ticket.escalated_at = timezone.now()
            ticket.save(update_fields=["escalated_at"])
            _note(ticket, "escalate", {"today": today.isoformat()})
            _tell_overdue(ticket, today)
        count += 1
    return count


def _tell_overdue(ticket: Rectification, today: dt.date) -> int:
    """One message to each member of the unit who rectifies and each supervisor over the
    ticket: by e-mail where they have an address, else by SMS; in their language."""
    late_contact = (
        ticket.state == State.RECTIFYING.value
        and ticket.contact_due is not None
        and ticket.contact_due < today
    )
    template = (
        "rectification_contact_overdue" if late_contact else "rectification_overdue"
    )
    due = ticket.contact_due if late_contact else ticket.due_on
    place = {
        "organisation_path": ticket.organisation.path,
        "division_prefix": ticket.division.prefix,
    }
    people = {
        user.pk: user
        for permission in (Perm.EVALUATION_RECTIFY, Perm.EVALUATION_SUPERVISE)
        for user in account_selectors.staff_holding(permission=permission, **place)
    }
    link = f"{settings.PUBLIC_BASE_URL.rstrip('/')}/workbench/evaluations/tickets/{ticket.uuid}/"
    sent = 0
    for user in people.values():
        channel, address = ("email", user.email) if user.email else ("sms", user.phone)
        if not address:
            continue
        language = user.preferred_language or settings.LANGUAGE_CODE
        with translation.override(language):
            unit = str(ticket.organisation.name)  # the unit's name in that language
        notification_enqueue(
            channel=channel,
            recipient=address,
            template=template,
            language=language,
            context={
                "ticket": str(ticket.uuid)[:8],
                "unit": unit,
                "due": due.isoformat() if due else "",
                "link": link,
            },
        )
        sent += 1
    return sent


def rectification_evaluator_read(*, actor: Any, ticket: Rectification) -> None:
    """Record that a supervisor saw who gave the bad review (the only people who may), with
    the handling of this ticket as the purpose."""
    audit_record(
        actor=actor,
        action="rectification.evaluator_read",
        instance=ticket,
        changes={"purpose": "bad-review handling"},
        division_prefix=ticket.division.prefix,
        organisation_path=ticket.organisation.path,
    )


OPEN_CLOCK = (State.RECTIFYING.value, State.CONTACTED.value, State.APPEALED.value)


def rectification_deadlines_recompute_for_calendar(change: Any, actor: Any) -> int:
    """Calendar hook: a holiday notice entered after verification moves the due dates of
    open tickets in its region whose span it touches (each change audited)."""
    from tongban.calendars import selectors as calendar_selectors
    from tongban.lifecycle.clock import due_of

    tickets = Rectification.objects.filter(
        state__in=OPEN_CLOCK,
        division__prefix__startswith=change.division_prefix,
        clock_started_on__lte=change.last,
        due_on__gte=change.first,
    ).select_related(
        "division", "organisation", "evaluation__division", "evaluation__implementation"
    )
    changed = 0
    for ticket in tickets:
        due, provisional = due_of(
            ticket.clock_state(), division=ticket.division, today=timezone.localdate()
        )
        contact = ticket.contact_due
        if ticket.state == State.RECTIFYING.value and ticket.clock_started_on:
            contact = calendar_selectors.calendar_deadline(
                division=ticket.division,
                start=ticket.clock_started_on,
                days=settings.RECTIFICATION_CONTACT_WORKING_DAYS,
                provisional_ok=True,
            ).due
        if (due, contact) == (ticket.due_on, ticket.contact_due):
            continue
        before = [_iso(ticket.due_on), _iso(ticket.contact_due)]
        counted = counts_of(ticket)
        ticket.due_on, ticket.due_provisional, ticket.contact_due = (
            due,
            provisional,
            contact,
        )
        ticket.save(update_fields=["due_on", "due_provisional", "contact_due"])
        ticket_rollup_moved(ticket=ticket, before=counted, after=counts_of(ticket))
        audit_record(
            actor=actor,
            action="rectification.recompute",
            instance=ticket,
            changes={
                "due_on": [before[0], _iso(due)],
                "contact_due": [before[1], _iso(contact)],
            },
            division_prefix=ticket.division.prefix,
            organisation_path=ticket.organisation.path,
        )
        changed += 1
    return changed


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None
