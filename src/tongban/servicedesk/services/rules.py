"""Routing rules (派单规则) as data: created and switched off by a platform or desk
administrator; matching is ``domain.routing``'s."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from tongban.core.permissions import Perm, require
from tongban.core.services import audit_record
from tongban.regions import selectors as region_selectors
from tongban.servicedesk.models import RoutingRule

if TYPE_CHECKING:
    from tongban.regions.models import Organisation


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
    """A rule sending matching tickets to ``target``. The actor dispatches in the rule's
    region; a rule for every region (no region) only by one who dispatches everywhere,
    so a county's dispatcher cannot pull another region's tickets to their units."""
    division = None
    if division_code:
        division = region_selectors.division_get(code=division_code)
        if division is None:
            raise ValidationError(
                {
                    "division_code": ValidationError(
                        _("No such region."), code="unknown_division"
                    )
                }
            )
    require(
        actor,
        Perm.TICKET_DISPATCH,
        division_prefix=division.prefix if division else "",
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


@transaction.atomic
def routing_rule_deactivate(*, rule: RoutingRule, actor: Any) -> RoutingRule:
    """Switch a rule off (kept for the history of the tickets it routed)."""
    prefix = rule.division.prefix if rule.division else ""
    require(actor, Perm.TICKET_DISPATCH, division_prefix=prefix)
    rule.active = False
    rule.full_clean()
    rule.save(update_fields=["active"])
    audit_record(
        actor=actor,
        action="ticket.routing_rule_deactivate",
        instance=rule,
        changes={"active": [True, False]},
        division_prefix=prefix,
    )
    return rule
