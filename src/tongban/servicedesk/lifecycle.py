"""The ticket lifecycle, declared once on the shared kernel (``tongban.lifecycle``).

Each action names its edge, who may take it, its clock effect, the rule it implements, its
guards and effect, its label and history text, its request shape and the message the
requester gets. The services call ``TICKETS.transition``; the API derives one endpoint per
action from ``TICKETS.actions``; the history page reads the labels.

Roles are worked out from scopes, per ticket: the dispatcher of the ticket's region, the
staff of the unit it is at (never the staff member it is about), the supervisor of the
region, and the system (rules, sweep).
"""

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongban.accounts import selectors as account_selectors
from tongban.core.permissions import Perm, scope_for
from tongban.lifecycle.actions import Action, Errors, action
from tongban.lifecycle.clock import clock_apply
from tongban.lifecycle.domain import Clock
from tongban.lifecycle.writer import Lifecycle
from tongban.notifications.services import notification_enqueue
from tongban.servicedesk import clock, requests
from tongban.servicedesk.domain.ladder import Step
from tongban.servicedesk.domain.lifecycle import Event, Role, State
from tongban.servicedesk.domain.text import text_problem
from tongban.servicedesk.models import (
    STATE_LABELS,
    ExtensionRequest,
    Ticket,
    TicketEvent,
)
from tongban.servicedesk.roles import ticket_roles

AT_UNIT = [State.IN_PROGRESS]
MAX_EXTENSION_DAYS = 30
TEXT_REFUSED = {
    "markup": _(
        "Write plain text: markup and scripts (such as <script> or javascript:) are not "
        "accepted."
    ),
    "control": _("The text contains control characters; type it again as plain text."),
}


# --- guards: (ticket, data, actor) -> [(field, code, message)] --------------------------------


def reason_given(ticket: Ticket, data: Mapping[str, Any], actor: Any) -> Errors:
    if str(data.get("reason", "")).strip():
        return []
    return [("reason", "required", _("Give the reasons."))]


def plain_text(ticket: Ticket, data: Mapping[str, Any], actor: Any) -> Errors:
    for name in ("reason", "reply", "note"):
        problem = text_problem(str(data.get(name, "")))
        if problem:
            return [(name, f"text_{problem}", TEXT_REFUSED[problem])]
    return []


def reply_given(ticket: Ticket, data: Mapping[str, Any], actor: Any) -> Errors:
    if str(data.get("reply", "")).strip():
        return []
    return [("reply", "required", _("Write the reply."))]


def handler_may_handle(ticket: Ticket, data: Mapping[str, Any], actor: Any) -> Errors:
    """§9.3 privacy: never the staff member the ticket is about; only the unit's staff."""
    handler = data["handler"]
    if handler.pk == ticket.subject_staff_id:
        return [
            (
                "handler_username",
                "handler_is_subject",
                _("The staff member a ticket is about cannot handle it."),
            )
        ]
    unit = ticket.handling_organisation
    if unit is None or not scope_for(handler, Perm.TICKET_HANDLE).covers(
        organisation_path=unit.path, division_prefix=unit.division.prefix
    ):
        return [
            (
                "handler_username",
                "handler_out_of_unit",
                _("This staff member cannot handle tickets of the unit."),
            )
        ]
    return []


def extension_askable(ticket: Ticket, data: Mapping[str, Any], actor: Any) -> Errors:
    """§9.3: an extension only by a request with reasons before the limit expires."""
    days = int(data.get("days") or 0)
    if not 1 <= days <= MAX_EXTENSION_DAYS:
        return [
            (
                "days",
                "out_of_range",
                _("Ask for 1 to {max} working days.").format(max=MAX_EXTENSION_DAYS),
            )
        ]
    if ticket.due_on is not None and clock.today() > ticket.due_on:
        return [
            (
                "days",
                "limit_expired",
                _("The limit has expired; an extension must be asked for before."),
            )
        ]
    if ticket.extension_requests.filter(approved__isnull=True).exists():
        return [
            (
                "days",
                "request_pending",
                _("An extension request is already waiting for a decision."),
            )
        ]
    return []


def extension_pending(ticket: Ticket, data: Mapping[str, Any], actor: Any) -> Errors:
    request_id = data.get("request_id")
    if (
        request_id
        and ticket.extension_requests.filter(
            pk=int(request_id), approved__isnull=True
        ).exists()
    ):
        return []
    return [("note", "none_pending", _("No extension request is waiting."))]


def answer_open(ticket: Ticket, data: Mapping[str, Any], actor: Any) -> Errors:
    """The requester answers each reply once (the dispatcher decides what follows)."""
    last = ticket.events.order_by("-pk").values_list("event", flat=True).first()
    if last == Event.REPLY:
        return []
    return [("reason", "answered", _("You have answered the callback for this reply."))]


def closing_reasons(ticket: Ticket, data: Mapping[str, Any], actor: Any) -> Errors:
    if data.get("satisfaction") != Ticket.Satisfaction.UNSATISFIED:
        return []
    if str(data.get("note", "")).strip():
        return []
    return [
        (
            "note",
            "required",
            _("Say why the ticket is closed although the requester is not satisfied."),
        )
    ]


# --- effects: (ticket, data, actor) -> facts for the history row -----------------------------


def route(ticket: Ticket, data: Mapping[str, Any], actor: Any) -> dict[str, Any]:
    unit = data["organisation"]
    ticket.handling_organisation = unit
    ticket.handler = None
    ticket.routed_at = timezone.now()
    return {"organisation": str(unit.uuid), "rule": data.get("rule")}


def give_back(ticket: Ticket, data: Mapping[str, Any], actor: Any) -> dict[str, Any]:
    ticket.handler = None
    return {}


def assign(ticket: Ticket, data: Mapping[str, Any], actor: Any) -> dict[str, Any]:
    ticket.handler = data["handler"]
    ticket.assigned_at = timezone.now()
    return {"handler": ticket.handler.get_username()}


def reply(ticket: Ticket, data: Mapping[str, Any], actor: Any) -> dict[str, Any]:
    """回复: kept, timed against the limit (超期天数) on the region's calendar."""
    ticket.reply = str(data["reply"]).strip()
    ticket.replied_at = timezone.now()
    today = clock.today()
    ticket.overdue_days = clock.working_days_late(
        division=ticket.division, due=ticket.due_on or today, on=today
    )
    ticket.answered_on_time = ticket.overdue_days == 0
    # 回访 the working day after the reply (§9.3); the sweep invites the requester then.
    ticket.callback_due_on = clock.next_working_day(
        division=ticket.division, after=today
    )
    ticket.callback_invited_at = None
    return {"overdue_days": ticket.overdue_days}


def reopen(ticket: Ticket, data: Mapping[str, Any], actor: Any) -> dict[str, Any]:
    ticket.satisfaction = Ticket.Satisfaction.UNSATISFIED
    ticket.callback_note = str(data["reason"])
    ticket.reopen_count += 1
    ticket.ladder_step = Step.NONE
    ticket.overdue_days = 0
    ticket.answered_on_time = None
    return {"reopen_count": ticket.reopen_count}


def callback(ticket: Ticket, data: Mapping[str, Any], actor: Any) -> dict[str, Any]:
    ticket.satisfaction = str(data["satisfaction"])
    ticket.callback_note = str(data.get("note", ""))
    ticket.closed_at = timezone.now()
    return {"satisfaction": ticket.satisfaction}


def answered_satisfied(
    ticket: Ticket, data: Mapping[str, Any], actor: Any
) -> dict[str, Any]:
    ticket.satisfaction = Ticket.Satisfaction.SATISFIED
    ticket.callback_note = str(data.get("note", "")).strip()
    ticket.closed_at = timezone.now()
    return {"satisfaction": ticket.satisfaction}


def answered_unsatisfied(
    ticket: Ticket, data: Mapping[str, Any], actor: Any
) -> dict[str, Any]:
    """Recorded for the dispatcher, who reopens the ticket or closes it with reasons."""
    ticket.satisfaction = Ticket.Satisfaction.UNSATISFIED
    ticket.callback_note = str(data["reason"]).strip()
    return {"satisfaction": ticket.satisfaction}


def ask_extension(
    ticket: Ticket, data: Mapping[str, Any], actor: Any
) -> dict[str, Any]:
    made = ExtensionRequest.objects.create(
        ticket=ticket,
        days=int(data["days"]),
        reason=str(data["reason"]),
        requested_by=actor,
        requested_at=timezone.now(),
    )
    return {"request": made.pk, "days": made.days}


def _decide(ticket: Ticket, data: Mapping[str, Any], actor: Any, approve: bool) -> Any:
    request = ExtensionRequest.objects.select_for_update().get(pk=data["request_id"])
    request.approved = approve
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.decision_note = str(data.get("note", ""))
    request.save()
    return request


def approve_extension(
    ticket: Ticket, data: Mapping[str, Any], actor: Any
) -> dict[str, Any]:
    request = _decide(ticket, data, actor, True)
    ticket.extension_reason = request.reason
    ticket.ladder_step = Step.NONE
    return {"request": request.pk, "days": request.days}


def refuse_extension(
    ticket: Ticket, data: Mapping[str, Any], actor: Any
) -> dict[str, Any]:
    return {"request": _decide(ticket, data, actor, False).pk}


def supervise(ticket: Ticket, data: Mapping[str, Any], actor: Any) -> dict[str, Any]:
    ticket.supervised = True
    return {}


def ladder(step: Step) -> Any:
    def take(ticket: Ticket, data: Mapping[str, Any], actor: Any) -> dict[str, Any]:
        ticket.ladder_step = step
        ticket.overdue_days = int(data.get("late", 0))
        if step is Step.ESCALATE:
            ticket.supervised = True
        return {"late": ticket.overdue_days}

    take.__name__ = f"ladder_{step.name.lower()}"
    return take


ACTIONS: list[Action[State, Event, Role]] = [
    action(
        event=Event.ROUTE,
        sources=[State.RECEIVED, State.RETURNED, State.IN_PROGRESS],
        target=State.IN_PROGRESS,
        actors=[Role.DISPATCHER, Role.SYSTEM],
        clause="DOMAIN §9.3 派单: the rules or the dispatcher (who may override them)",
        effect=route,
        label=_("Route"),
        history=_("Sent to the responsible unit"),
        request=requests.RouteRequest,
        extra={"unit_message": "ticket_routed"},
    ),
    action(
        event=Event.RETURN,
        sources=AT_UNIT,
        target=State.RETURNED,
        actors=[Role.UNIT],
        clause="DOMAIN §9.3 退单: not the unit's; it says why, the dispatcher routes again",
        guards=[reason_given, plain_text],
        effect=give_back,
        label=_("Return to the dispatcher"),
        history=_("Returned by the unit"),
        request=requests.ReasonRequest,
    ),
    action(
        event=Event.ASSIGN,
        sources=AT_UNIT,
        target=State.IN_PROGRESS,
        actors=[Role.UNIT],
        clause="DOMAIN §9.3 办理; privacy: never the staff member concerned",
        guards=[handler_may_handle],
        effect=assign,
        label=_("Assign a handler"),
        history=_("Handler assigned"),
        request=requests.AssignRequest,
    ),
    action(
        event=Event.REPLY,
        sources=[State.IN_PROGRESS, State.RECEIVED],
        target=State.REPLIED,
        actors=[Role.UNIT, Role.DISPATCHER],
        clock=Clock.STOP,
        clause="DOMAIN §9.3 回复; a dispatcher answers a consultation at once",
        guards=[reply_given, plain_text],
        effect=reply,
        label=_("Reply"),
        history=_("Replied"),
        request=requests.ReplyRequest,
        message="ticket_replied",
    ),
    action(
        event=Event.REOPEN,
        sources=[State.REPLIED],
        target=State.IN_PROGRESS,
        actors=[Role.DISPATCHER],
        clock=Clock.START,
        clause="DOMAIN §9.3: reopened when unsatisfied for a reason the unit can fix",
        guards=[reason_given, plain_text],
        effect=reopen,
        label=_("Reopen"),
        history=_("Reopened: the requester is not satisfied"),
        request=requests.ReasonRequest,
    ),
    action(
        event=Event.CALLBACK,
        sources=[State.REPLIED],
        target=State.CLOSED,
        actors=[Role.DISPATCHER],
        clause="DOMAIN §9.3 回访 the day after the reply; 办结",
        guards=[closing_reasons, plain_text],
        effect=callback,
        label=_("Record the callback"),
        history=_("Callback recorded; closed"),
        request=requests.CallbackRequest,
    ),
    action(
        event=Event.SATISFIED,
        sources=[State.REPLIED],
        target=State.CLOSED,
        actors=[Role.REQUESTER],
        clause="DOMAIN §9.3 回访 answered online by the requester: satisfied; 办结",
        guards=[answer_open, plain_text],
        effect=answered_satisfied,
        label=_("I am satisfied with the reply"),
        history=_("The requester is satisfied; closed"),
        request=requests.TicketSatisfiedRequest,
    ),
    action(
        event=Event.UNSATISFIED,
        sources=[State.REPLIED],
        target=State.REPLIED,
        actors=[Role.REQUESTER],
        clause="DOMAIN §9.3 回访: not satisfied, with reasons; the dispatcher reopens or "
        "closes with reasons",
        guards=[answer_open, reason_given, plain_text],
        effect=answered_unsatisfied,
        label=_("I am not satisfied"),
        history=_("The requester is not satisfied"),
        request=requests.ReasonRequest,
    ),
    action(
        event=Event.REQUEST_EXTENSION,
        sources=AT_UNIT,
        target=State.IN_PROGRESS,
        actors=[Role.UNIT],
        clause="DOMAIN §9.3: extension only by a request with reasons before expiry",
        guards=[extension_askable, reason_given, plain_text],
        effect=ask_extension,
        label=_("Ask for an extension"),
        history=_("Extension asked for"),
        request=requests.ExtensionRequestRequest,
    ),
    action(
        event=Event.APPROVE_EXTENSION,
        sources=AT_UNIT,
        target=State.IN_PROGRESS,
        actors=[Role.DISPATCHER],
        clock=Clock.EXTEND,
        clause="DOMAIN §9.3: the dispatcher approves the requested working days",
        guards=[extension_pending, plain_text],
        effect=approve_extension,
        label=_("Approve the extension"),
        history=_("Extension approved"),
        request=requests.ExtensionDecisionRequest,
    ),
    action(
        event=Event.REFUSE_EXTENSION,
        sources=AT_UNIT,
        target=State.IN_PROGRESS,
        actors=[Role.DISPATCHER],
        clause="DOMAIN §9.3: a refused extension leaves the limit as it was",
        guards=[extension_pending, plain_text],
        effect=refuse_extension,
        label=_("Refuse the extension"),
        history=_("Extension refused"),
        request=requests.ExtensionDecisionRequest,
    ),
    action(
        event=Event.SUPERVISE,
        sources=AT_UNIT,
        target=State.IN_PROGRESS,
        actors=[Role.SUPERVISOR, Role.SYSTEM],
        clause="DOMAIN §9.3 督办: supervision takes up the ticket",
        guards=[reason_given, plain_text],
        effect=supervise,
        label=_("Supervise (督办)"),
        history=_("Taken under supervision"),
        request=requests.ReasonRequest,
        extra={"unit_message": "ticket_supervised"},
    ),
    action(
        event=Event.REMIND,
        sources=AT_UNIT,
        target=State.IN_PROGRESS,
        actors=[Role.SYSTEM],
        clause="DOMAIN §9.3: reminder before the limit",
        effect=ladder(Step.REMIND),
        label=_("Remind"),
        history=_("Reminder: the limit is near"),
    ),
    action(
        event=Event.URGE,
        sources=AT_UNIT,
        target=State.IN_PROGRESS,
        actors=[Role.SYSTEM],
        clause="DOMAIN §9.3: 催办 the day after the limit",
        effect=ladder(Step.URGE),
        label=_("Urge"),
        history=_("Urging notice: the limit has passed"),
        extra={"unit_message": "ticket_urged"},
    ),
    action(
        event=Event.ESCALATE,
        sources=AT_UNIT,
        target=State.IN_PROGRESS,
        actors=[Role.SYSTEM],
        clause="DOMAIN §9.3: escalated when still 5 working days late",
        effect=ladder(Step.ESCALATE),
        label=_("Escalate"),
        history=_("Escalated: 5 working days past the limit"),
        extra={"unit_message": "ticket_escalated"},
    ),
]


def _clock(
    ticket: Ticket, declared: Action[State, Event, Role], data: Mapping[str, Any]
) -> dict[str, list[Any]]:
    if declared.clock == Clock.NONE:
        return {}
    if declared.clock == Clock.START:
        ticket.clock_limit = clock.type_limit(ticket.ticket_type)
    return clock_apply(
        ticket,
        declared.clock,
        division=ticket.division,
        extension=int(data.get("days") or 0),
        today=clock.today(),
    )


def _outputs(
    ticket: Ticket, declared: Action[State, Event, Role], facts: dict[str, Any]
) -> None:
    """Messages through the outbox (sent after commit): the requester's in their
    language, with the page that shows the whole reply; the unit's to each of its staff
    who handle tickets, in theirs, never to the staff member the ticket is about."""
    if declared.message and ticket.requester_phone:
        notification_enqueue(
            channel="sms",
            recipient=ticket.requester_phone,
            template=declared.message,
            language=ticket.language,
            context={
                "number": ticket.number,
                "reply": ticket.reply[:300],
                "url": ticket_page_url(ticket),
            },
        )
    template = declared.extra.get("unit_message")
    if template and ticket.handling_organisation is not None:
        context = {
            "number": ticket.number,
            "title": ticket.title[:60],
            "due_date": ticket.due_on.isoformat() if ticket.due_on else "",
            "late": ticket.overdue_days,
        }
        for phone, language in unit_contacts(ticket):
            notification_enqueue(
                channel="sms",
                recipient=phone,
                template=template,
                language=language,
                context=context,
            )


def ticket_page_url(ticket: Ticket) -> str:
    return settings.PUBLIC_BASE_URL.rstrip("/") + reverse(
        "servicedesk:ticket", kwargs={"uuid": ticket.uuid}
    )


def unit_contacts(ticket: Ticket) -> list[tuple[str, str]]:
    """(phone, language) of who hears of the ticket at its unit: the handler once named,
    else every staff member of the unit who may handle its tickets."""
    unit = ticket.handling_organisation
    if unit is None:
        return []
    people = (
        [ticket.handler]
        if ticket.handler is not None
        else account_selectors.staff_of_organisation(organisation_id=unit.pk)
    )
    return [
        (person.phone, person.preferred_language)
        for person in people
        if person.phone
        and person.pk != ticket.subject_staff_id
        and scope_for(person, Perm.TICKET_HANDLE).covers(
            organisation_path=unit.path, division_prefix=unit.division.prefix
        )
    ]


def _scope(ticket: Ticket) -> dict[str, str]:
    unit = ticket.handling_organisation
    return {
        "division_prefix": ticket.division.prefix,
        "organisation_path": unit.path if unit else "",
    }


TICKETS: Lifecycle[Ticket, State, Event, Role] = Lifecycle(
    name="ticket",
    model=Ticket,
    states=State,
    actions=ACTIONS,
    history=TicketEvent,
    history_subject="ticket",
    roles=ticket_roles,
    preference=[
        Role.SYSTEM,
        Role.UNIT,
        Role.DISPATCHER,
        Role.SUPERVISOR,
        Role.REQUESTER,
    ],
    initial=[State.RECEIVED],
    system_roles=[Role.SYSTEM],
    state_label=lambda state: STATE_LABELS[state],
    scope=_scope,
    clock=_clock,
    outputs=_outputs,
    lock_related=["division", "handling_organisation__division"],
    reason_field="reason",
)
