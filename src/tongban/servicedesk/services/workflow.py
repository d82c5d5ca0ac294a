"""The one writer of a ticket's state: ``ticket_transition``.

It locks the row, works out which roles the actor holds for this ticket, resolves the edge
in ``domain.lifecycle``, runs the action's own change on the locked row, applies the edge's
clock effect on the region's calendar, appends a history row and an audit row, all in one
transaction; notices go through the outbox after commit. A test fails if ``.state =``
appears anywhere else in the app.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongban.core.services import audit_record
from tongban.servicedesk import clock
from tongban.servicedesk.domain.lifecycle import (
    Clock,
    Event,
    NotAllowed,
    resolve,
)
from tongban.servicedesk.models import Ticket, TicketEvent
from tongban.servicedesk.roles import actor_roles

Effect = Callable[[Ticket], None]

WRONG_STATE = _("This cannot be done while the ticket is {state}.")


def _clock(ticket: Ticket, effect: Clock, extra_days: int) -> None:
    today = clock.today()
    if effect is Clock.RESTART:
        ticket.clock_started_on = today
        ticket.extension_days = 0
        ticket.ladder_step = 0
        ticket.due_date = clock.due_date(
            division=ticket.division, start=today, days=ticket.limit_days
        )
    elif effect is Clock.EXTEND:
        ticket.extension_days += extra_days
        ticket.due_date = clock.due_date(
            division=ticket.division,
            start=ticket.clock_started_on,
            days=ticket.limit_days,
            extension=ticket.extension_days,
        )
        ticket.ladder_step = 0


def ticket_transition(
    *,
    ticket: Ticket,
    event: Event,
    actor: Any,
    reason: str = "",
    effect: Effect | None = None,
    extra_days: int = 0,
) -> Ticket:
    """Take ``event`` on ``ticket``; ``effect`` changes the locked row's other fields."""
    with transaction.atomic():
        locked = (
            Ticket.objects.select_for_update(of=("self",))
            .select_related("division", "handling_organisation__division")
            .get(pk=ticket.pk)
        )
        before = locked.workflow_state
        try:
            edge = resolve(before, event, actor_roles(actor, locked))
        except NotAllowed as refused:
            if refused.code == "wrong_actor":
                raise PermissionDenied(_("Your role does not allow this.")) from None
            label = locked.get_state_display()
            raise ValidationError(
                WRONG_STATE.format(state=label), code="wrong_state"
            ) from None
        if edge.needs_reason and not reason.strip():
            raise ValidationError(
                {"reason": ValidationError(_("Give the reasons."), code="required")}
            )
        if effect is not None:
            effect(locked)
        _clock(locked, edge.clock, extra_days)
        if edge.target is not None:
            locked.state = edge.target
        locked.full_clean()
        locked.save()
        TicketEvent.objects.create(
            ticket=locked,
            event=event.value,
            from_state=before.value,
            to_state=locked.state,
            actor=actor if getattr(actor, "pk", None) else None,
            actor_repr=str(actor)[:150],
            reason=reason,
            created_at=timezone.now(),
        )
        audit_record(
            actor=actor,
            action=f"ticket.{event.value}",
            instance=locked,
            changes={"state": [before.value, locked.state]},
            division_prefix=locked.division.prefix,
            organisation_path=(
                locked.handling_organisation.path
                if locked.handling_organisation
                else ""
            ),
        )
    return locked
