"""The ticket actions: each one a thin call of ``ticket_transition`` with its own checks
and field changes (route, return, assign, reply, extension, callback, reopen, 督办).

Privacy (§9.3): the handler is never the staff member the ticket is about; replies reach
the requester by SMS in the language they filed in.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongban.core.permissions import SYSTEM, Perm, scope_for
from tongban.notifications.services import notification_enqueue
from tongban.regions.models import Organisation
from tongban.servicedesk import clock
from tongban.servicedesk.domain import routing
from tongban.servicedesk.domain.lifecycle import Event
from tongban.servicedesk.models import ExtensionRequest, RoutingRule, Ticket
from tongban.servicedesk.services.workflow import ticket_transition

MAX_EXTENSION_DAYS = 30


def _invalid(name: str, message: Any, code: str) -> ValidationError:
    return ValidationError({name: ValidationError(message, code=code)})


def _rules() -> list[routing.Rule]:
    return [
        routing.Rule(
            pk=rule.pk,
            target=rule.target_id,
            ticket_type=rule.ticket_type,
            item=rule.implementation.code if rule.implementation else "",
            organisation=rule.subject_organisation_id,
            division_prefix=rule.division.prefix if rule.division else "",
            priority=rule.priority,
        )
        for rule in RoutingRule.objects.filter(active=True).select_related(
            "implementation", "division"
        )
    ]


def ticket_route_by_rules(*, ticket: Ticket) -> Ticket:
    """Route by the first matching rule (the system acts); unmatched tickets wait."""
    facts = routing.Facts(
        ticket_type=ticket.ticket_type,
        item=ticket.implementation.code if ticket.implementation else "",
        organisation=ticket.subject_organisation_id,
        division_code=ticket.division.code,
    )
    rule = routing.route(_rules(), facts)
    if rule is None:
        return ticket
    target = Organisation.objects.get(pk=rule.target)
    return ticket_route(ticket=ticket, organisation=target, actor=SYSTEM)


def ticket_route(
    *, ticket: Ticket, organisation: Organisation, actor: Any, reason: str = ""
) -> Ticket:
    """派单 to ``organisation`` (a dispatcher's override, or the rules)."""

    def effect(locked: Ticket) -> None:
        locked.handling_organisation = organisation
        locked.handler = None
        locked.routed_at = timezone.now()

    return ticket_transition(
        ticket=ticket, event=Event.ROUTE, actor=actor, reason=reason, effect=effect
    )


def ticket_return(*, ticket: Ticket, actor: Any, reason: str) -> Ticket:
    """退单: the unit sends the ticket back to the dispatcher with its reasons."""

    def effect(locked: Ticket) -> None:
        locked.handler = None

    return ticket_transition(
        ticket=ticket, event=Event.RETURN, actor=actor, reason=reason, effect=effect
    )


def ticket_assign(*, ticket: Ticket, handler: Any, actor: Any) -> Ticket:
    """The unit names its handler: a staff member who may handle tickets of the unit, and
    never the staff member the ticket is about."""

    def effect(locked: Ticket) -> None:
        if handler.pk == locked.subject_staff_id:
            raise _invalid(
                "handler",
                _("The staff member a ticket is about cannot handle it."),
                "handler_is_subject",
            )
        unit = locked.handling_organisation
        if unit is None or not scope_for(handler, Perm.TICKET_HANDLE).covers(
            organisation_path=unit.path, division_prefix=unit.division.prefix
        ):
            raise _invalid(
                "handler",
                _("This staff member cannot handle tickets of the unit."),
                "handler_out_of_unit",
            )
        locked.handler = handler
        locked.assigned_at = timezone.now()

    return ticket_transition(
        ticket=ticket, event=Event.ASSIGN, actor=actor, effect=effect
    )


def ticket_reply(*, ticket: Ticket, actor: Any, reply: str) -> Ticket:
    """回复: the answer is kept, timed against the limit and sent to the requester."""
    from tongban.servicedesk.domain.text import text_problem
    from tongban.servicedesk.services.intake import TEXT_REFUSED

    problem = text_problem(reply)
    if problem:
        raise _invalid("reply", TEXT_REFUSED[problem], f"text_{problem}")

    def effect(locked: Ticket) -> None:
        today = clock.today()
        locked.reply = reply.strip()
        locked.replied_at = timezone.now()
        locked.overdue_days = clock.working_days_late(
            division=locked.division, due=locked.due_date, on=today
        )
        locked.answered_on_time = locked.overdue_days == 0
        if locked.requester_phone:
            notification_enqueue(
                channel="sms",
                recipient=locked.requester_phone,
                template="ticket_replied",
                language=locked.language,
                context={"number": locked.number, "reply": locked.reply[:300]},
            )

    return ticket_transition(
        ticket=ticket, event=Event.REPLY, actor=actor, reason=reply, effect=effect
    )


@transaction.atomic
def extension_request(
    *, ticket: Ticket, actor: Any, days: int, reason: str
) -> ExtensionRequest:
    """延期申请, only before the limit expires and one open request at a time."""
    if not 1 <= days <= MAX_EXTENSION_DAYS:
        raise _invalid(
            "days",
            _("Ask for 1 to {max} working days.").format(max=MAX_EXTENSION_DAYS),
            "out_of_range",
        )
    made: list[ExtensionRequest] = []

    def effect(locked: Ticket) -> None:
        if clock.today() > locked.due_date:
            raise _invalid(
                "days",
                _("The limit has expired; an extension must be asked for before."),
                "limit_expired",
            )
        if locked.extension_requests.filter(approved__isnull=True).exists():
            raise _invalid(
                "days",
                _("An extension request is already waiting for a decision."),
                "request_pending",
            )
        made.append(
            ExtensionRequest.objects.create(
                ticket=locked,
                days=days,
                reason=reason,
                requested_by=actor,
                requested_at=timezone.now(),
            )
        )

    ticket_transition(
        ticket=ticket,
        event=Event.REQUEST_EXTENSION,
        actor=actor,
        reason=reason,
        effect=effect,
    )
    return made[0]


@transaction.atomic
def extension_decide(
    *, request: ExtensionRequest, actor: Any, approve: bool, note: str = ""
) -> Ticket:
    """The dispatcher approves (the limit grows by the days asked) or refuses."""
    locked_request = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
    if locked_request.approved is not None:
        raise _invalid(
            "approve", _("This request has been decided already."), "decided"
        )

    def effect(locked: Ticket) -> None:
        locked_request.approved = approve
        locked_request.decided_by = actor
        locked_request.decided_at = timezone.now()
        locked_request.decision_note = note
        locked_request.save()
        if approve:
            locked.extension_reason = locked_request.reason

    return ticket_transition(
        ticket=locked_request.ticket,
        event=Event.APPROVE_EXTENSION if approve else Event.REFUSE_EXTENSION,
        actor=actor,
        reason=note,
        effect=effect,
        extra_days=locked_request.days if approve else 0,
    )


def ticket_callback(
    *, ticket: Ticket, actor: Any, satisfaction: str, note: str = ""
) -> Ticket:
    """回访: the requester's satisfaction closes the ticket (办结). Unsatisfied and not to
    be reopened needs the reasons it is closed anyway."""
    if satisfaction not in Ticket.Satisfaction.values:
        raise _invalid("satisfaction", _("Choose an answer."), "invalid_choice")
    if satisfaction == Ticket.Satisfaction.UNSATISFIED and not note.strip():
        raise _invalid(
            "note",
            _("Say why the ticket is closed although the requester is not satisfied."),
            "required",
        )

    def effect(locked: Ticket) -> None:
        locked.satisfaction = satisfaction
        locked.callback_note = note
        locked.closed_at = timezone.now()

    return ticket_transition(
        ticket=ticket, event=Event.CALLBACK, actor=actor, reason=note, effect=effect
    )


def ticket_reopen(*, ticket: Ticket, actor: Any, reason: str) -> Ticket:
    """Unsatisfied for a reason the unit can fix: back to the handler, fresh limit."""

    def effect(locked: Ticket) -> None:
        locked.satisfaction = Ticket.Satisfaction.UNSATISFIED
        locked.callback_note = reason
        locked.reopen_count += 1
        locked.reply = ""
        locked.replied_at = None

    return ticket_transition(
        ticket=ticket, event=Event.REOPEN, actor=actor, reason=reason, effect=effect
    )


def ticket_supervise(*, ticket: Ticket, actor: Any, reason: str) -> Ticket:
    """督办: the hook the supervision app (or the sweep's escalation) calls."""

    def effect(locked: Ticket) -> None:
        locked.supervised = True

    return ticket_transition(
        ticket=ticket, event=Event.SUPERVISE, actor=actor, reason=reason, effect=effect
    )
