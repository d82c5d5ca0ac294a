"""督办 order writes: issue one (on a case, on a warning's subject or on an organisation),
move one through its lifecycle (``orders.ORDERS``), and escalate the overdue ones.

The organisation is told of a new order through the outbox (the in-app notification of the
organisation's staff is the workbench list of open orders; there is no e-mail address per
organisation yet).
"""

import secrets
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongban.cases import selectors as case_selectors
from tongban.core.api.problems import Problem
from tongban.core.permissions import SYSTEM, Perm, not_found, require
from tongban.core.services import audit_record
from tongban.lifecycle.clock import clock_apply
from tongban.lifecycle.domain import Clock
from tongban.regions import selectors as region_selectors
from tongban.supervision import selectors as supervision_selectors
from tongban.supervision.models import SupervisionOrder, SupervisionOrderEvent, Warning
from tongban.supervision.orders import ORDERS, Event, order_scope


def _number() -> str:
    return f"DB{timezone.localtime():%Y%m%d}{secrets.token_hex(4).upper()}"


@transaction.atomic
def order_issue(
    *,
    actor: Any,
    organisation: Any,
    division: Any,
    content: str,
    subject_kind: str = "organisation",
    subject_uuid: Any = None,
    subject_number: str = "",
    warning: Warning | None = None,
    days: int | None = None,
) -> SupervisionOrder:
    """A new order in state ``issued``, its reply clock started today."""
    require(
        actor,
        Perm.SUPERVISION_MANAGE,
        organisation_path=organisation.path,
        division_prefix=division.prefix,
    )
    if days is not None and not 1 <= days <= 60:
        raise ValidationError(
            {"days": _("Give between 1 and 60 working days.")}, code="days_range"
        )
    order = SupervisionOrder(
        number=_number(),
        subject_kind=subject_kind,
        subject_uuid=subject_uuid,
        subject_number=subject_number,
        warning=warning,
        organisation=organisation,
        division=division,
        content=str(content or "").strip(),
        issued_by=actor,
        issued_at=timezone.now(),
        clock_limit=days or settings.SUPERVISION_ORDER_WORKING_DAYS,
    )
    changes = clock_apply(order, Clock.START, division=division)
    order.full_clean()
    order.save()
    SupervisionOrderEvent.objects.create(
        order=order,
        event="issue",
        from_state="",
        to_state=order.state,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_role="supervisor",
        reason=order.content,
        data={"due_on": str(order.due_on)},
        created_at=order.issued_at,
    )
    audit_record(
        actor=actor,
        action="supervision.order",
        instance=order,
        changes={"state": ["", order.state], **changes},
        **order_scope(order),
    )
    return order


def order_issue_on(
    *,
    actor: Any,
    content: str,
    case: Any = None,
    organisation: Any = None,
    warning: Any = None,
    days: int | None = None,
) -> SupervisionOrder:
    """Issue an order on a case (by UUID, within the actor's case scope), on the subject
    of a warning (by the warning's UUID, within the actor's supervision scope: a
    service-desk ticket or a rectification as well as a case) or on an organisation (by
    UUID); a case's active red warning, if any, is linked."""
    if warning is not None:
        found_warning = supervision_selectors.warning_get_for(user=actor, uuid=warning)
        if found_warning.organisation is None:
            raise ValidationError(
                {
                    "warning": _(
                        "This warning is the service desk's: the ticket names no "
                        "organisation yet, and an order goes to an organisation. "
                        "Ask the region's service desk to route it."
                    )
                },
                code="no_organisation",
            )
        return order_issue(
            actor=actor,
            organisation=found_warning.organisation,
            division=found_warning.division,
            content=content,
            subject_kind=found_warning.subject_kind,
            subject_uuid=found_warning.subject_uuid,
            subject_number=found_warning.subject_number,
            warning=found_warning,
            days=days,
        )
    if case is not None:
        found = case_selectors.case_get_for(user=actor, uuid=case)
        warning = (
            Warning.objects.filter(
                subject_kind="case", subject_uuid=found.uuid, state="active"
            )
            .order_by("-severity", "rule")
            .first()
        )
        return order_issue(
            actor=actor,
            organisation=found.organisation,
            division=found.division,
            content=content,
            subject_kind="case",
            subject_uuid=found.uuid,
            subject_number=found.number,
            warning=warning,
            days=days,
        )
    body = region_selectors.organisation_by_uuid(uuid=organisation)
    if body is None:
        raise not_found()
    return order_issue(
        actor=actor,
        organisation=body,
        division=body.division,
        content=content,
        days=days,
    )


def order_transition(
    *,
    order: SupervisionOrder,
    event: str,
    actor: Any,
    data: Mapping[str, Any] | None = None,
) -> SupervisionOrder:
    try:
        chosen = Event(event)
    except ValueError as error:
        raise Problem(
            status_code=404, code="unknown_action", detail=_("No such action.")
        ) from error
    return ORDERS.transition(obj=order, event=chosen, actor=actor, data=data)


def orders_escalate_overdue() -> int:
    """Escalate every issued order whose reply is overdue (the sweep)."""
    done = 0
    today = timezone.localdate()
    overdue = SupervisionOrder.objects.filter(
        state=SupervisionOrder.State.ISSUED, due_on__lt=today
    )
    for order in overdue.only("pk").iterator():
        try:
            order_transition(order=order, event=Event.ESCALATE_OVERDUE, actor=SYSTEM)
        except (ValidationError, Problem):  # replied meanwhile
            continue
        done += 1
    return done
