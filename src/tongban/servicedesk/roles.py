"""Who someone is for a ticket, by scope: read by the lifecycle's writer and by the pages
and selectors that show what a person may do (so reads need not import the writer)."""

from typing import Any

from tongban.core.permissions import SYSTEM, Perm, scope_for
from tongban.servicedesk.domain.lifecycle import Role
from tongban.servicedesk.models import Ticket


def ticket_roles(ticket: Ticket, actor: Any) -> set[Role]:
    """The roles ``actor`` holds for ``ticket`` (by scope, not by title)."""
    if actor is SYSTEM:
        return {Role.SYSTEM}
    roles = set()
    if (
        getattr(actor, "is_authenticated", False)
        and ticket.requester_id is not None
        and ticket.requester_id == getattr(actor, "pk", None)
    ):
        roles.add(Role.REQUESTER)
    prefix = ticket.division.prefix
    if scope_for(actor, Perm.TICKET_DISPATCH).covers(division_prefix=prefix):
        roles.add(Role.DISPATCHER)
    if scope_for(actor, Perm.TICKET_SUPERVISE).covers(division_prefix=prefix):
        roles.add(Role.SUPERVISOR)
    unit = ticket.handling_organisation
    if (
        unit is not None
        and ticket.subject_staff_id != getattr(actor, "pk", None)
        and scope_for(actor, Perm.TICKET_HANDLE).covers(
            organisation_path=unit.path, division_prefix=unit.division.prefix
        )
    ):
        roles.add(Role.UNIT)
    return roles
