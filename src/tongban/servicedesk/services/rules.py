"""Routing rules (派单规则) as data: created and switched off by a platform or desk
administrator; matching is ``domain.routing``'s."""

from typing import Any

from django.db import transaction

from tongban.core.permissions import Perm, require
from tongban.core.services import audit_record
from tongban.regions import selectors as region_selectors
from tongban.regions.models import Organisation
from tongban.servicedesk.models import RoutingRule


@transaction.atomic
def routing_rule_create(
    *,
    actor: Any,
    target: Organisation,
    ticket_type: str = "",
    implementation: Any = None,
    subject_organisation: Organisation | None = None,
    division_code: str = "",
    priority: int = 100,
) -> RoutingRule:
    """A rule sending matching tickets to ``target``; the actor dispatches there."""
    division = (
        region_selectors.division_get(code=division_code) if division_code else None
    )
    require(
        actor,
        Perm.TICKET_DISPATCH,
        division_prefix=division.prefix if division else target.division.prefix,
    )
    rule = RoutingRule(
        target=target,
        ticket_type=ticket_type,
        implementation=implementation,
        subject_organisation=subject_organisation,
        division=division,
        priority=priority,
    )
    rule.full_clean()
    rule.save()
    audit_record(
        actor=actor,
        action="ticket.routing_rule_create",
        instance=rule,
        changes={"target": [None, target.pk]},
        division_prefix=division.prefix if division else "",
    )
    return rule
