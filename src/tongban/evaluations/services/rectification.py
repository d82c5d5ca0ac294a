"""The rectification ticket of a bad review: opened with the review, then moved only by
``rectification_transition`` along ``domain.rectification.EDGES``; an overdue sweep
escalates tickets past their contact or rectification limit.

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
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongban.calendars import selectors as calendar_selectors
from tongban.core.api.problems import Problem
from tongban.core.permissions import SYSTEM, Perm, scope_for
from tongban.core.services import audit_record
from tongban.evaluations.domain import rectification as table
from tongban.evaluations.domain.codes import ContentClass
from tongban.evaluations.models import Evaluation, Rectification, RectificationEvent

CALLBACK_OUTCOMES = ("satisfied", "unsatisfied", "unreachable")


def rectification_open(*, evaluation: Evaluation) -> Rectification:
    """A bad review opens its ticket at once, for the unit that handled (谁办理谁负责)."""
    ticket = Rectification(
        evaluation=evaluation,
        state=table.State.REPORTED.value,
        organisation=evaluation.organisation,
        division=evaluation.division,
        created_at=timezone.now(),
    )
    ticket.full_clean(exclude=["evaluation"])
    ticket.save()
    _history(ticket, "open", "", ticket.state, SYSTEM, table.Actor.SYSTEM, "", {})
    return ticket


def actor_role(ticket: Rectification, actor: Any) -> table.Actor | None:
    """How ``actor`` stands to ``ticket``: supervisor, responsible unit or evaluator."""
    if actor is SYSTEM:
        return table.Actor.SYSTEM
    place = {
        "organisation_path": ticket.organisation.path,
        "division_prefix": ticket.division.prefix,
    }
    if scope_for(actor, Perm.EVALUATION_SUPERVISE).covers(**place):
        return table.Actor.SUPERVISOR
    if scope_for(actor, Perm.EVALUATION_RECTIFY).covers(**place):
        return table.Actor.UNIT
    evaluator = ticket.evaluation.evaluator_id
    if evaluator is not None and getattr(actor, "pk", None) == evaluator:
        return table.Actor.EVALUATOR
    return None


def _due(ticket: Rectification, days: int) -> dt.date:
    return calendar_selectors.calendar_deadline(
        division=ticket.division,
        start=timezone.localdate(),
        days=days,
        provisional_ok=True,
    ).due


def _invalid(name: str, message: Any) -> Problem:
    return Problem(status_code=400, code=f"invalid_{name}", detail=message)


def _effect(
    ticket: Rectification, event: str, reason: str, data: Mapping[str, Any]
) -> dict[str, Any]:
    """What ``event`` records on the ticket besides its state; returns the facts for the
    history row and audit."""
    today = timezone.localdate()
    if event == "verify":
        content = str(data.get("content_class", ""))
        if content not in {c.value for c in ContentClass}:
            raise _invalid("content_class", _("Choose the class of the bad review."))
        ticket.content_class = content
        ticket.contact_due = _due(ticket, settings.RECTIFICATION_CONTACT_WORKING_DAYS)
        ticket.rectify_due = _due(ticket, settings.RECTIFICATION_WORKING_DAYS)
        return {
            "content_class": content,
            "contact_due": ticket.contact_due.isoformat(),
            "rectify_due": ticket.rectify_due.isoformat(),
        }
    if event == "contact":
        ticket.contacted_on = today
        return {"on_time": bool(ticket.contact_due and today <= ticket.contact_due)}
    if event == "rectify":
        ticket.measures = reason
        ticket.rectified_on = today
        return {"on_time": bool(ticket.rectify_due and today <= ticket.rectify_due)}
    if event == "callback":
        outcome = str(data.get("outcome", ""))
        if outcome not in CALLBACK_OUTCOMES:
            raise _invalid("outcome", _("Record how the callback went."))
        ticket.callback_outcome = outcome
        return {"outcome": outcome}
    if event == "appeal":
        ticket.appeal_reasons = reason
    elif event in ("uphold_appeal", "reject_appeal"):
        ticket.appeal_decision = reason
        if event == "uphold_appeal":
            # Only an upheld appeal takes the review out of the statistics.
            Evaluation.objects.filter(pk=ticket.evaluation_id).update(excluded=True)
    elif event == "follow_up":
        ticket.follow_up_id = data["follow_up"]
    return {}


@transaction.atomic
def rectification_transition(
    *,
    ticket: Rectification,
    event: str,
    actor: Any,
    reason: str = "",
    data: Mapping[str, Any] | None = None,
) -> Rectification:
    """The one writer of a ticket: lock, resolve the edge for the actor's role, check the
    reason, apply the effect, append history, audit."""
    ticket = (
        Rectification.objects.select_for_update(of=("self",))
        .select_related("organisation", "division", "evaluation")
        .get(pk=ticket.pk)
    )
    role = actor_role(ticket, actor)
    state = table.State(ticket.state)
    edge = table.resolve(state, event, role) if role else None
    if edge is None:
        raise Problem(
            status_code=409 if role else 404,
            code="transition_not_allowed" if role else "not_found",
            detail=_("This step is not possible for this ticket now.")
            if role
            else _("Not found, or outside your area of responsibility."),
        )
    reason = reason.strip()
    if edge.needs_reason and not reason:
        raise _invalid("reason", _("Give the reasons for this step."))
    facts = _effect(ticket, event, reason, data or {})
    old = ticket.state
    ticket.state = edge.target.value
    ticket.full_clean(exclude=["evaluation", "follow_up"])
    ticket.save()
    _history(ticket, event, old, ticket.state, actor, role, reason, facts)
    return ticket


def _history(
    ticket: Rectification,
    event: str,
    old: str,
    new: str,
    actor: Any,
    role: Any,
    reason: str,
    facts: dict[str, Any],
) -> None:
    RectificationEvent.objects.create(
        rectification=ticket,
        event=event,
        from_state=old,
        to_state=new,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_role=str(role or ""),
        reason=reason,
        data=facts,
        created_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action=f"rectification.{event}",
        instance=ticket,
        changes={"state": [old, new], **facts},
        division_prefix=ticket.division.prefix,
        organisation_path=ticket.organisation.path,
    )


def rectifications_escalate(*, today: dt.date | None = None) -> int:
    """Mark tickets past their contact or rectification limit as escalated (once), for
    supervision to pick up; returns how many were escalated."""
    today = today or timezone.localdate()
    overdue = Rectification.objects.filter(escalated_at=None).filter(_overdue_q(today))
    count = 0
    for ticket in overdue.select_related("organisation", "division"):
        with transaction.atomic():
            ticket.escalated_at = timezone.now()
            ticket.save(update_fields=["escalated_at"])
            _history(
                ticket,
                "escalate",
                ticket.state,
                ticket.state,
                SYSTEM,
                table.Actor.SYSTEM,
                "",
                {"today": today.isoformat()},
            )
        count += 1
    return count


def _overdue_q(today: dt.date) -> Q:
    S = table.State
    return Q(state=S.RECTIFYING.value, contact_due__lt=today) | Q(
        state__in=[S.RECTIFYING.value, S.CONTACTED.value, S.APPEALED.value],
        rectify_due__lt=today,
    )


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
