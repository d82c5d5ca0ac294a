"""The ticket actions as services: each resolves what its request names (an organisation,
a handler, the pending extension request) and fires the declared action through the
kernel's one writer (``lifecycle.TICKETS``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tongban.core.permissions import SYSTEM
from tongban.regions import selectors as region_selectors
from tongban.servicedesk.domain import routing
from tongban.servicedesk.domain.lifecycle import Event
from tongban.servicedesk.lifecycle import TICKETS
from tongban.servicedesk.models import ExtensionRequest, RoutingRule, Ticket

if TYPE_CHECKING:
    from tongban.regions.models import Organisation


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
    """Route by the most specific matching rule (the system acts); unmatched tickets
    wait for the dispatcher."""
    facts = routing.Facts(
        ticket_type=ticket.ticket_type,
        item=ticket.implementation.code if ticket.implementation else "",
        organisation=ticket.subject_organisation_id,
        division_code=ticket.division.code,
    )
    rule = routing.route(_rules(), facts)
    if rule is None:
        return ticket
    target = region_selectors.organisation_by_pk(pk=rule.target)
    return TICKETS.transition(
        obj=ticket,
        event=Event.ROUTE,
        actor=SYSTEM,
        data={"organisation": target, "rule": rule.pk},
    )


def ticket_route(
    *, ticket: Ticket, organisation: Organisation, actor: Any, reason: str = ""
) -> Ticket:
    """派单 to ``organisation``: a dispatcher's choice, overriding any rule."""
    return TICKETS.transition(
        obj=ticket,
        event=Event.ROUTE,
        actor=actor,
        data={"organisation": organisation, "reason": reason},
    )


def ticket_return(*, ticket: Ticket, actor: Any, reason: str) -> Ticket:
    return TICKETS.transition(
        obj=ticket, event=Event.RETURN, actor=actor, data={"reason": reason}
    )


def ticket_assign(*, ticket: Ticket, handler: Any, actor: Any) -> Ticket:
    return TICKETS.transition(
        obj=ticket, event=Event.ASSIGN, actor=actor, data={"handler": handler}
    )


def ticket_reply(*, ticket: Ticket, actor: Any, reply: str) -> Ticket:
    return TICKETS.transition(
        obj=ticket, event=Event.REPLY, actor=actor, data={"reply": reply}
    )


def extension_request(
    *, ticket: Ticket, actor: Any, days: int, reason: str
) -> ExtensionRequest:
    TICKETS.transition(
        obj=ticket,
        event=Event.REQUEST_EXTENSION,
        actor=actor,
        data={"days": days, "reason": reason},
    )
    return ticket.extension_requests.latest("pk")


def extension_decide(
    *, request: ExtensionRequest, actor: Any, approve: bool, note: str = ""
) -> Ticket:
    """The dispatcher approves (the limit grows by the days asked) or refuses."""
    data: dict[str, Any] = {"request_id": request.pk, "note": note}
    if approve:
        data["days"] = request.days
    return TICKETS.transition(
        obj=request.ticket,
        event=Event.APPROVE_EXTENSION if approve else Event.REFUSE_EXTENSION,
        actor=actor,
        data=data,
    )


def ticket_callback(
    *, ticket: Ticket, actor: Any, satisfaction: str, note: str = ""
) -> Ticket:
    """回访: records satisfaction and closes (办结); unsatisfied needs the reasons."""
    return TICKETS.transition(
        obj=ticket,
        event=Event.CALLBACK,
        actor=actor,
        data={"satisfaction": satisfaction, "note": note},
    )


def ticket_reopen(*, ticket: Ticket, actor: Any, reason: str) -> Ticket:
    return TICKETS.transition(
        obj=ticket, event=Event.REOPEN, actor=actor, data={"reason": reason}
    )


def ticket_supervise(*, ticket: Ticket, actor: Any, reason: str) -> Ticket:
    """督办: the hook supervision (or the sweep's escalation) calls."""
    return TICKETS.transition(
        obj=ticket, event=Event.SUPERVISE, actor=actor, data={"reason": reason}
    )
