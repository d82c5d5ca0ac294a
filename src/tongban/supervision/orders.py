"""The 督办 order lifecycle, declared once on the shared kernel (``tongban.lifecycle``).

issued → replied (the organisation answers; its clock stops) → closed (the supervisor is
satisfied) or escalated (the supervisor is not, or the reply is overdue: the system
escalates at the sweep). A supervisor may also send a reply back (replied → issued, the
clock resumes). Issuing is ``services.orders.order_issue``: it creates the order with its
clock started on the organisation's region calendar and writes the first history row.
Clause: DOMAIN §11.5 (responsible staff must correct at once and report back).
"""

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from tongban.core.api.serializers import StrictSerializer
from tongban.core.permissions import SYSTEM, Perm, scope_for
from tongban.lifecycle.actions import Action, Errors, action
from tongban.lifecycle.clock import clock_apply
from tongban.lifecycle.domain import Clock
from tongban.lifecycle.writer import Lifecycle
from tongban.supervision.models import SupervisionOrder, SupervisionOrderEvent

ST = SupervisionOrder.State


class Event(StrEnum):
    REPLY = "reply"
    SEND_BACK = "send_back"
    CLOSE = "close"
    ESCALATE = "escalate"
    ESCALATE_OVERDUE = "escalate_overdue"


class Role(StrEnum):
    SUPERVISOR = "supervisor"
    ORGANISATION = "organisation"
    SYSTEM = "system"


class OrderReplyRequest(StrictSerializer):
    reply = serializers.CharField(max_length=4000, trim_whitespace=True)


class ReasonsRequest(StrictSerializer):
    reasons = serializers.CharField(max_length=4000, trim_whitespace=True)


class OutcomeRequest(StrictSerializer):
    outcome = serializers.CharField(max_length=4000, trim_whitespace=True)


def _text_given(field: str) -> Any:
    def guard(order: SupervisionOrder, data: Mapping[str, Any], actor: Any) -> Errors:
        if not str(data.get(field) or "").strip():
            return [(field, "required", _("Please write it; it cannot be empty."))]
        return []

    guard.__name__ = f"{field}_given"
    return guard


def _overdue(order: SupervisionOrder, data: Mapping[str, Any], actor: Any) -> Errors:
    if order.due_on is None or order.due_on >= timezone.localdate():
        return [("", "not_overdue", _("The reply is not overdue."))]
    return []


def _reply(
    order: SupervisionOrder, data: Mapping[str, Any], actor: Any
) -> dict[str, Any]:
    order.reply = str(data["reply"]).strip()
    order.replied_by = actor if getattr(actor, "pk", None) else None
    order.replied_at = timezone.now()
    return {"reply": order.reply}


def _close(
    order: SupervisionOrder, data: Mapping[str, Any], actor: Any
) -> dict[str, Any]:
    order.outcome = str(data["outcome"]).strip()
    order.closed_at = timezone.now()
    return {"outcome": order.outcome}


def _escalate(
    order: SupervisionOrder, data: Mapping[str, Any], actor: Any
) -> dict[str, Any]:
    order.outcome = str(data.get("reasons") or _("The reply is overdue.")).strip()
    order.closed_at = timezone.now()
    return {"reasons": order.outcome}


ACTIONS: list[Action[Any, Any, Any]] = [
    action(
        event=Event.REPLY,
        sources=[ST.ISSUED],
        target=ST.REPLIED,
        actors=[Role.ORGANISATION],
        label=_("Reply"),
        history=_("Replied"),
        clause="DOMAIN §11.5: correct at once and report back",
        clock=Clock.STOP,
        guards=[_text_given("reply")],
        effect=_reply,
        request=OrderReplyRequest,
    ),
    action(
        event=Event.SEND_BACK,
        sources=[ST.REPLIED],
        target=ST.ISSUED,
        actors=[Role.SUPERVISOR],
        label=_("Send the reply back"),
        history=_("Reply sent back"),
        clause="DOMAIN §11.5",
        clock=Clock.RESUME,
        guards=[_text_given("reasons")],
        request=ReasonsRequest,
    ),
    action(
        event=Event.CLOSE,
        sources=[ST.REPLIED],
        target=ST.CLOSED,
        actors=[Role.SUPERVISOR],
        label=_("Close"),
        history=_("Closed"),
        clause="DOMAIN §11.5",
        guards=[_text_given("outcome")],
        effect=_close,
        request=OutcomeRequest,
    ),
    action(
        event=Event.ESCALATE,
        sources=[ST.ISSUED, ST.REPLIED],
        target=ST.ESCALATED,
        actors=[Role.SUPERVISOR],
        label=_("Escalate"),
        history=_("Escalated"),
        clause="DOMAIN §11.4: accountability for non-rectification",
        clock=Clock.STOP,
        guards=[_text_given("reasons")],
        effect=_escalate,
        request=ReasonsRequest,
    ),
    action(
        event=Event.ESCALATE_OVERDUE,
        sources=[ST.ISSUED],
        target=ST.ESCALATED,
        actors=[Role.SYSTEM],
        label=_("Escalate an overdue order"),
        history=_("Escalated: no reply in time"),
        clause="DOMAIN §11.4",
        clock=Clock.STOP,
        guards=[_overdue],
        effect=_escalate,
    ),
]


def order_scope(order: SupervisionOrder) -> dict[str, str]:
    return {
        "division_prefix": order.division.prefix,
        "organisation_path": order.organisation.path,
    }


def order_roles(order: SupervisionOrder, actor: Any) -> set[Role]:
    if actor is SYSTEM:
        return {Role.SYSTEM}
    roles = set()
    scope = order_scope(order)
    if scope_for(actor, Perm.SUPERVISION_MANAGE).covers(**scope):
        roles.add(Role.SUPERVISOR)
    if scope_for(actor, Perm.SUPERVISION_REPLY).covers(
        organisation_path=scope["organisation_path"],
        division_prefix=scope["division_prefix"],
    ):
        roles.add(Role.ORGANISATION)
    return roles


def _clock(
    order: SupervisionOrder, declared: Action[Any, Any, Any], data: Mapping[str, Any]
) -> dict[str, list[Any]]:
    if declared.clock == Clock.NONE:
        return {}
    return clock_apply(order, declared.clock, division=order.division)


STATE_LABELS = dict(SupervisionOrder.State.choices)

ORDERS: Lifecycle[SupervisionOrder, Any, Any, Role] = Lifecycle(
    name="supervision_order",
    model=SupervisionOrder,
    states=SupervisionOrder.State,
    actions=ACTIONS,
    history=SupervisionOrderEvent,
    history_subject="order",
    roles=order_roles,
    preference=[Role.SYSTEM, Role.SUPERVISOR, Role.ORGANISATION],
    initial=[ST.ISSUED],
    system_roles=[Role.SYSTEM],
    state_label=lambda state: STATE_LABELS.get(state, state),
    scope=order_scope,
    clock=_clock,
    lock_related=["division", "organisation"],
)
