"""跨域通办 / 异地代收代办: a case taken in at a hall outside its handling organisation's
region, and the receiving hall's part of it on the lifecycle kernel (docs/crossregion.md).

- ``proxy_check``: may this clerk take this item in at this hall (the hall in the clerk's
  intake scope, the item's 通办 scope reaching the hall, the item not already the hall's
  own)? ``case_submit(proxy=…)`` calls it before anything is written.
- ``proxy_build`` / ``proxy_save``: the 代收 record, built by ``case_submit`` on the new
  case before its ``submit`` is decided (so the receiving clerk already holds the role
  the edge needs) and written with the case's row.
  The case goes to the handling organisation's queue with its electronic materials at
  once; the receiving side's clock (paper originals sent on within
  ``CROSSREGION_FORWARD_DAYS`` working days of the receiving region's calendar) starts.
- The ``proxy`` lifecycle: originals dispatched by courier (receiving side, stops its
  clock) → received (handling side) → the result sent to the receiving hall (handling
  side, when the applicant chose to collect it there) → arrived (receiving side); the
  receiving clerk then hands it over with the case's own ``deliver``.
- ``proxy_read``: each opening of the record (it shows the applicant's name, masked ID
  number and postal address) audited with the case as its purpose.
- ``delivery_as_chosen``: the case ``deliver`` guard that keeps each side to the
  applicant's choice of where the result goes, and the delivery to its way (by post with
  the courier's tracking number, or handed over in person). The paper originals of an
  approved case travel with the result; a refusal's go back to the receiving hall, a
  denial's go where the applicant chose, with the denial.

Roles: a receiving clerk holds ``receiving_clerk`` on the cases its halls took in and
nothing else on them (it cannot accept or decide: those edges are the handling
organisation's clerks' and officers', who are judged by the case's own scope).
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from tongban.cases.api.requests import ProxyActionSerializer, ProxyCourierSerializer
from tongban.cases.domain.crossregion import (
    Delivery,
    ProxyEvent,
    ProxyRole,
    ProxyState,
    is_cross_province,
    scope_reaches,
)
from tongban.cases.domain.workflow import State
from tongban.cases.models import Case
from tongban.cases.models_crossregion import (
    PROXY_STATE_LABELS,
    ProxyIntake,
    ProxyIntakeEvent,
)
from tongban.core.permissions import SYSTEM, Perm, scope_for
from tongban.core.services import audit_record
from tongban.lifecycle.actions import Errors, action
from tongban.lifecycle.clock import clock_apply
from tongban.lifecycle.domain import Clock
from tongban.lifecycle.writer import Lifecycle
from tongban.notifications.services import notification_enqueue


@dataclass(frozen=True)
class ProxyIntent:
    """What the receiving clerk records with the application: where, and where to."""

    hall: Any
    delivery: str = Delivery.RECEIVING_HALL.value
    delivery_address: str = ""


# -- who is who ----------------------------------------------------------------------------


def _intake_covers(actor: Any, *, division: Any, organisation: Any) -> bool:
    return scope_for(actor, Perm.CASE_INTAKE).covers(
        division_prefix=division.prefix, organisation_path=organisation.path
    )


def receiving_covers(intake: ProxyIntake, actor: Any) -> bool:
    """Whether ``actor`` is a counter clerk of the hall that took the case in."""
    return _intake_covers(
        actor,
        division=intake.receiving_division,
        organisation=intake.receiving_organisation,
    )


def handling_covers(case: Case, actor: Any) -> bool:
    """Whether ``actor`` is a clerk or officer of the organisation handling the case."""
    where = {
        "division_prefix": case.division.prefix,
        "organisation_path": case.organisation.path,
    }
    return any(
        scope_for(actor, permission).covers(**where)
        for permission in (Perm.CASE_INTAKE, Perm.CASE_HANDLE)
    )


def proxy_of(case: Case) -> ProxyIntake | None:
    try:
        return case.proxy
    except ProxyIntake.DoesNotExist:
        return None


def _roles(intake: ProxyIntake, actor: Any) -> set[ProxyRole]:
    if actor is SYSTEM:
        return {ProxyRole.SYSTEM}
    roles = set()
    if receiving_covers(intake, actor):
        roles.add(ProxyRole.RECEIVING)
    if handling_covers(intake.case, actor):
        roles.add(ProxyRole.HANDLING)
    return roles


# -- intake --------------------------------------------------------------------------------


def proxy_check(*, actor: Any, intent: ProxyIntent, version: Any) -> None:
    """Refuse a 代收 this clerk may not record here (nothing is written yet)."""
    hall = intent.hall
    implementation = version.implementation
    if not _intake_covers(
        actor, division=hall.division, organisation=hall.organisation
    ):
        raise PermissionDenied(_("You do not take applications in at this hall."))
    if hall.division.prefix.startswith(implementation.division.prefix):
        raise ValidationError(
            {
                "hall": ValidationError(
                    _(
                        "This hall takes this service in as its own, not for another region."
                    ),
                    code="not_cross_region",
                )
            }
        )
    if not scope_reaches(
        scope=version.service_scope,
        handling_code=implementation.division.code,
        receiving_code=hall.division.code,
    ):
        raise ValidationError(
            {
                "hall": ValidationError(
                    _("This service cannot be taken in at a hall in {region}.").format(
                        region=hall.division.name
                    ),
                    code="scope_not_reached",
                )
            }
        )
    if intent.delivery not in Delivery.__members__.values():
        raise ValidationError(
            {
                "delivery": ValidationError(
                    _("Choose where the result goes."), code="invalid_choice"
                )
            }
        )
    if intent.delivery == Delivery.POST and not intent.delivery_address.strip():
        raise ValidationError(
            {
                "delivery_address": ValidationError(
                    _("Enter the postal address for the result."), code="required"
                )
            }
        )


def proxy_build(*, case: Case, intent: ProxyIntent, actor: Any) -> ProxyIntake:
    """The 代收 record of a new case, checked and not saved (``proxy_save`` writes it
    once the case's row is in); the case holds it as its ``proxy``."""
    hall = intent.hall
    now = timezone.now()
    intake = ProxyIntake(
        case=case,
        state=ProxyState.RECEIVED.value,
        receiving_hall=hall,
        receiving_division=hall.division,
        receiving_organisation=hall.organisation,
        received_by=actor,
        received_at=now,
        electronic_forwarded_at=now,  # the case and its files are in the handling queue
        service_scope=case.version.service_scope,
        cross_province=is_cross_province(
            handling_code=case.division.code, receiving_code=hall.division.code
        ),
        delivery=intent.delivery,
        delivery_address=intent.delivery_address.strip(),
        clock_limit=int(settings.CROSSREGION_FORWARD_DAYS),
    )
    clock_apply(intake, Clock.START, division=hall.division, today=now.date())
    if intake.cross_province:
        intake.exchange = exchange_fields(intake)
    intake.full_clean(exclude=["case"])
    return intake


def proxy_save(*, intake: ProxyIntake, actor: Any) -> None:
    """Write the 代收 record ``proxy_build`` made, its case's row being in."""
    case, hall = intake.case, intake.receiving_hall
    intake.save()
    audit_record(
        actor=actor,
        action="proxy.open",
        instance=intake,
        changes={
            "case": [None, case.number],
            "receiving_hall": [None, str(hall.uuid)],
            "delivery": [None, intake.delivery],
            "due_on": [None, intake.due_on.isoformat() if intake.due_on else None],
        },
        division_prefix=hall.division.prefix,
        organisation_path=hall.organisation.path,
    )


def exchange_fields(intake: ProxyIntake) -> dict[str, Any]:
    """The fields a cross-province case carries to the national platform (跨省通办 数据
    交换; docs/crossregion.md says where each comes from)."""
    case = intake.case
    return {
        "tbfw": intake.service_scope,  # 通办范围代码
        "tbms": "2",  # 通办模式: 异地代收代办 (1 全程网办, 2 异地代收代办, 3 多地联办)
        "sjdxzqhdm": intake.receiving_division.code,  # 收件地行政区划代码
        "sjdwmc": intake.receiving_organisation.name,  # 收件单位名称
        "sjdwtyshxydm": intake.receiving_organisation.uscc,  # 收件单位统一社会信用代码
        "sjry": intake.received_by.get_username(),  # 收件人员
        "sjsj": intake.received_at.isoformat(),  # 收件时间
        "bldxzqhdm": case.division.code,  # 办理地行政区划代码
        "bldwmc": case.organisation.name,  # 办理单位名称
        "bldwtyshxydm": case.organisation.uscc,  # 办理单位统一社会信用代码
        "ssbm": case.implementation.code,  # 实施编码
        "bjbh": case.number,  # 办件编号
        "jgsdfs": intake.delivery,  # 结果送达方式
    }


# -- the receiving side's part on the kernel ------------------------------------------------


def _courier_named(intake: ProxyIntake, data: Mapping[str, Any], actor: Any) -> Errors:
    errors: Errors = []
    if not str(data.get("courier", "")).strip():
        errors.append(("courier", "required", _("Name the courier company.")))
    if not str(data.get("tracking_number", "")).strip():
        errors.append(("tracking_number", "required", _("Enter the tracking number.")))
    return errors


def _result_to_hall(intake: ProxyIntake, data: Mapping[str, Any], actor: Any) -> Errors:
    if intake.delivery != Delivery.RECEIVING_HALL:
        return [
            (
                "non_field_errors",
                "delivery_elsewhere",
                _("The applicant chose to receive the result elsewhere."),
            )
        ]
    if intake.case.state != State.CLOSED:
        return [
            (
                "non_field_errors",
                "no_result_yet",
                _("The case has no result to send yet."),
            )
        ]
    if intake.case.decision == Case.Decision.DENY:
        return [
            (
                "non_field_errors",
                "denied_goes_with_originals",
                _("A denial goes back with the originals: send the originals back."),
            )
        ]
    return []


def _refused_or_denied(
    intake: ProxyIntake, data: Mapping[str, Any], actor: Any
) -> Errors:
    case = intake.case
    if case.state == State.REFUSED or case.decision == Case.Decision.DENY:
        return []
    return [
        (
            "non_field_errors",
            "not_refused",
            _("The originals go back only when the application is refused or denied."),
        )
    ]


def _back_to_hall(intake: ProxyIntake, data: Mapping[str, Any], actor: Any) -> Errors:
    """The originals travel back to the receiving hall for a refusal (nothing else comes
    back), and for a denial only when the applicant chose to collect there: a denial to
    be posted or collected at the handling organisation goes there with its originals,
    as a result would."""
    errors = _refused_or_denied(intake, data, actor)
    if errors or intake.case.state == State.REFUSED:
        return errors
    if intake.delivery != Delivery.RECEIVING_HALL:
        return [
            (
                "non_field_errors",
                "delivery_elsewhere",
                _("The applicant chose to receive the result elsewhere."),
            )
        ]
    return []


RETURN_GUARDS = (_refused_or_denied, _back_to_hall)


def _sent(leg: str) -> Any:
    """The effect of a courier leg leaving: ``<leg>_courier``, ``<leg>_tracking`` and
    ``<leg>_sent_at`` set on the intake (originals, result, return)."""

    def effect(
        intake: ProxyIntake, data: Mapping[str, Any], actor: Any
    ) -> dict[str, Any]:
        courier = str(data["courier"]).strip()
        tracking = str(data["tracking_number"]).strip()
        setattr(intake, f"{leg}_courier", courier)
        setattr(intake, f"{leg}_tracking", tracking)
        setattr(intake, f"{leg}_sent_at", timezone.now())
        return {"courier": courier, "tracking": tracking}

    return effect


def _stamped(field: str) -> Any:
    """The effect of a leg arriving or ending: the intake's ``field`` set to now."""

    def effect(
        intake: ProxyIntake, data: Mapping[str, Any], actor: Any
    ) -> dict[str, Any]:
        setattr(intake, field, timezone.now())
        return {}

    return effect


def _clock(
    intake: ProxyIntake, declared: Any, data: Mapping[str, Any]
) -> dict[str, list[Any]]:
    if declared.clock == Clock.NONE:
        return {}
    if declared.clock == Clock.STOP and intake.clock_stopped_on is not None:
        return {}  # handed back after the originals came back: stopped at dispatch
    return clock_apply(intake, declared.clock, division=intake.receiving_division)


P, RECEIVING, HANDLING = ProxyState, ProxyRole.RECEIVING, ProxyRole.HANDLING
CLAUSE = "国办发〔2020〕35号 异地代收代办; GB/T 40756"

PROXY_ACTIONS = [
    # The receiving hall sends the paper originals on by courier: its own limit stops.
    action(
        event=ProxyEvent.DISPATCH_ORIGINALS,
        sources=[P.RECEIVED],
        target=P.ORIGINALS_SENT,
        actors=[RECEIVING],
        clock=Clock.STOP,
        guards=[_courier_named],
        effect=_sent("originals"),
        request=ProxyCourierSerializer,
        message="proxy_dispatch_originals",
        label=_("Send the originals by courier"),
        history=_("Paper originals sent by courier"),
        clause=CLAUSE,
    ),
    action(
        event=ProxyEvent.RECEIVE_ORIGINALS,
        sources=[P.ORIGINALS_SENT],
        target=P.ORIGINALS_RECEIVED,
        actors=[HANDLING],
        effect=_stamped("originals_received_at"),
        request=ProxyActionSerializer,
        message="proxy_receive_originals",
        label=_("Record the originals received"),
        history=_("Paper originals received by the handling organisation"),
        clause=CLAUSE,
    ),
    # The applicant chose to collect the result where they handed the application in.
    action(
        event=ProxyEvent.SEND_RESULT,
        sources=[P.ORIGINALS_RECEIVED],
        target=P.RESULT_SENT,
        actors=[HANDLING],
        guards=[_result_to_hall, _courier_named],
        effect=_sent("result"),
        request=ProxyCourierSerializer,
        message="proxy_send_result",
        label=_("Send the result to the receiving hall"),
        history=_("Result sent to the receiving hall"),
        clause=CLAUSE,
    ),
    action(
        event=ProxyEvent.RECEIVE_RESULT,
        sources=[P.RESULT_SENT],
        target=P.RESULT_ARRIVED,
        actors=[RECEIVING],
        effect=_stamped("result_arrived_at"),
        request=ProxyActionSerializer,
        message="proxy_receive_result",
        label=_("Record the result received"),
        history=_("Result received at the receiving hall"),
        clause=CLAUSE,
    ),
    # Not accepted (不予受理) or denied: the handling organisation keeps no originals; they
    # go back by courier to the hall that took them in, which gives them back.
    action(
        event=ProxyEvent.RETURN_ORIGINALS,
        sources=[P.ORIGINALS_RECEIVED],
        target=P.ORIGINALS_RETURNING,
        actors=[HANDLING],
        guards=[_back_to_hall, _courier_named],
        effect=_sent("return"),
        request=ProxyCourierSerializer,
        message="proxy_return_originals",
        label=_("Send the originals back by courier"),
        history=_("Paper originals sent back to the receiving hall"),
        clause=CLAUSE,
    ),
    action(
        event=ProxyEvent.RECEIVE_RETURNED,
        sources=[P.ORIGINALS_RETURNING],
        target=P.ORIGINALS_BACK,
        actors=[RECEIVING],
        effect=_stamped("returned_at"),
        request=ProxyActionSerializer,
        message="proxy_receive_returned",
        label=_("Record the originals back"),
        history=_("Paper originals back at the receiving hall"),
        clause=CLAUSE,
    ),
    # Also straight from 代收 when the case was refused before the originals left the
    # hall: the receiving side's limit then stops here.
    action(
        event=ProxyEvent.HAND_BACK_ORIGINALS,
        sources=[P.ORIGINALS_BACK, P.RECEIVED],
        target=P.ORIGINALS_HANDED_BACK,
        actors=[RECEIVING],
        clock=Clock.STOP,
        guards=[_refused_or_denied],
        effect=_stamped("handed_back_at"),
        request=ProxyActionSerializer,
        label=_("Give the originals back to the applicant"),
        history=_("Paper originals given back to the applicant"),
        clause=CLAUSE,
    ),
]


def _tell_applicant(intake: ProxyIntake, declared: Any, facts: dict[str, Any]) -> None:
    """The applicant's SMS of a courier leg, in their language, through the outbox (sent
    after commit): where the originals or the result are and where to collect them."""
    case = intake.case
    phone = case.applicant.phone
    if not phone or declared.message is None:
        return
    language = case.applicant.preferred_language
    with translation.override(language):
        context = {
            "number": case.number,
            "hall": str(intake.receiving_hall.name),
            "organisation": str(case.organisation.name),
            "courier": str(facts.get("courier", "")),
            "tracking": str(facts.get("tracking", "")),
        }
    notification_enqueue(
        channel="sms",
        recipient=phone,
        template=declared.message,
        language=language,
        context=context,
    )


def _scope(intake: ProxyIntake) -> dict[str, str]:
    return {
        "division_prefix": intake.receiving_division.prefix,
        "organisation_path": intake.receiving_organisation.path,
    }


PROXIES: Lifecycle[ProxyIntake, ProxyState, ProxyEvent, ProxyRole] = Lifecycle(
    name="proxy",
    model=ProxyIntake,
    states=ProxyState,
    actions=PROXY_ACTIONS,
    history=ProxyIntakeEvent,
    history_subject="intake",
    roles=_roles,
    preference=[ProxyRole.SYSTEM, ProxyRole.HANDLING, ProxyRole.RECEIVING],
    initial=[P.RECEIVED],
    system_roles=[ProxyRole.SYSTEM],
    state_label=lambda state: PROXY_STATE_LABELS[state],
    scope=_scope,
    clock=_clock,
    outputs=_tell_applicant,
    lock_related=[
        "receiving_hall",
        "receiving_division",
        "receiving_organisation",
        "case__division",
        "case__organisation",
        "case__applicant",
    ],
    denied=_("Your role does not allow this action on this intake."),
    not_possible=_("This action is not possible while the intake is {state}."),
)


def proxy_read(*, actor: Any, intake: ProxyIntake) -> None:
    """Record that ``actor`` opened the 代收 record (page or API), which shows the
    applicant's name, masked ID number and postal address: the purpose is the case (its
    number, as for every read of personal data for a case), and the side the reader
    acts for."""
    side = "receiving" if receiving_covers(intake, actor) else "handling"
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="proxy.read",
            instance=intake,
            changes={"purpose": [None, intake.case.number], "side": [None, side]},
            **_scope(intake),
        )


def proxy_actions_for(intake: ProxyIntake, actor: Any) -> list[Any]:
    """The actions ``actor``'s side may take now, for the page and the API: the kernel's
    allowed ones, without the return legs while their guard refuses them (the case
    neither refused nor denied, or a denial going where the applicant chose): a button
    that can only fail is not offered."""
    return [
        declared
        for declared in PROXIES.allowed(intake, actor)
        if not any(
            guard(intake, {}, actor)
            for guard in declared.guards
            if guard in RETURN_GUARDS
        )
    ]


def proxy_transition(
    *,
    intake: ProxyIntake,
    event: str,
    actor: Any,
    data: Mapping[str, Any] | None = None,
) -> ProxyIntake:
    """Fire ``event`` on the receiving hall's part of a case as ``actor``."""
    return PROXIES.transition(obj=intake, event=event, actor=actor, data=data)


# -- the case's own deliver ------------------------------------------------------------------


# What the receiving clerk hands over: the result, or a denial with the originals.
AT_THE_RECEIVING_HALL = {
    ProxyState.RESULT_ARRIVED,
    ProxyState.ORIGINALS_BACK,
    ProxyState.ORIGINALS_HANDED_BACK,
}


def delivery_as_chosen(case: Case, data: Mapping[str, Any], actor: Any) -> Errors:
    """A case taken in elsewhere is delivered where the applicant chose: at the receiving
    hall by its clerk once the result has arrived there, otherwise by the handling
    organisation."""
    intake = proxy_of(case)
    if intake is None:
        return []
    at_hall = intake.delivery == Delivery.RECEIVING_HALL
    if at_hall and not receiving_covers(intake, actor):
        return [
            (
                "method",
                "delivery_at_receiving_hall",
                _("The applicant collects the result at {hall}.").format(
                    hall=intake.receiving_hall.name
                ),
            )
        ]
    if at_hall and intake.state not in AT_THE_RECEIVING_HALL:
        return [
            (
                "method",
                "result_not_arrived",
                _("The result has not arrived at this hall yet."),
            )
        ]
    if not at_hall and not handling_covers(case, actor):
        return [
            (
                "method",
                "delivery_by_handling_organisation",
                _("The handling organisation delivers this result."),
            )
        ]
    return _method_as_chosen(intake, data)


def _method_as_chosen(intake: ProxyIntake, data: Mapping[str, Any]) -> Errors:
    """By post when the applicant chose post (the courier's tracking number is then
    required by the case's own guard), handed over in person otherwise: the result and
    the paper originals go together the way the applicant chose at intake."""
    wanted = "post" if intake.delivery == Delivery.POST else "pickup"
    if data.get("method") == wanted:
        return []
    return [
        (
            "method",
            "delivery_not_as_chosen",
            _("The applicant chose how to receive the result: {choice}.").format(
                choice=intake.get_delivery_display()
            ),
        )
    ]


def forward_overdue(intake: ProxyIntake, *, today: dt.date | None = None) -> bool:
    """Originals still here after the receiving side's limit."""
    today = today or timezone.localdate()
    return (
        intake.state == ProxyState.RECEIVED
        and intake.due_on is not None
        and intake.due_on < today
    )
