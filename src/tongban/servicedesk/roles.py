"""Which lifecycle roles a staff member holds for one ticket, from their scopes: read by the
writer and by the selectors (who may see the requester), so it is neither."""

from typing import Any

from tongban.core.permissions import SYSTEM, Perm, scope_for
from tongban.servicedesk.domain.lifecycle import Actor
from tongban.servicedesk.models import Ticket


def actor_roles(actor: Any, ticket: Ticket) -> set[Actor]:
    """The lifecycle roles ``actor`` holds for ``ticket`` (by scope, not by title)."""
    if actor is SYSTEM:
        return {Actor.SYSTEM}
    roles = set()
    division_prefix = ticket.division.prefix
    if scope_for(actor, Perm.TICKET_DISPATCH).covers(division_prefix=division_prefix):
        roles.add(Actor.DISPATCHER)
    if scope_for(actor, Perm.TICKET_SUPERVISE).covers(division_prefix=division_prefix):
        roles.add(Actor.SUPERVISOR)
    unit = ticket.handling_organisation
    if unit is not None and scope_for(actor, Perm.TICKET_HANDLE).covers(
        organisation_path=unit.path, division_prefix=unit.division.prefix
    ):
        roles.add(Actor.UNIT)
    return roles
