"""The lifecycles of a booking and of a queue ticket, on the shared kernel.

A booking: booked —cancel→ cancelled (by the applicant, or a clerk for them, until the
cut-off; the place is free again); booked —check_in→ checked in (at the kiosk, with the
code, around the slot's time); booked —no_show→ not attended (the close of the day).

A queue ticket, taken → called → served:

waiting —call→ called —start→ serving —finish→ done; a called ticket can be called again
(recall, at most ``QUEUE_MAX_RECALLS`` times) or marked missed (skip) and put back when the
person turns up late the same day (requeue); a called or served ticket can be transferred to
another window group, where it waits at its place in the order; tickets left at the close of
the day expire.
"""

import datetime as dt
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongban.appointments import conf, notify
from tongban.appointments.api.requests import (
    AppointmentActionSerializer,
    TicketActionSerializer,
    TicketCallSerializer,
    TicketFinishSerializer,
    TicketTransferSerializer,
)
from tongban.appointments.models import (
    Appointment,
    AppointmentEvent,
    QueueTicket,
    QueueTicketEvent,
    ServiceGroup,
    SlotLoad,
)
from tongban.core.permissions import SYSTEM, Perm, scope_for
from tongban.lifecycle.actions import Errors, action
from tongban.lifecycle.writer import Lifecycle

T = QueueTicket.State


class Event(StrEnum):
    CALL = "call"
    RECALL = "recall"
    START = "start"
    SKIP = "skip"
    REQUEUE = "requeue"
    TRANSFER = "transfer"
    FINISH = "finish"
    EXPIRE = "expire"


class Role(StrEnum):
    CLERK = "counter_clerk"
    SYSTEM = "system"


def ticket_scope(ticket: QueueTicket) -> dict[str, str]:
    hall = ticket.group.hall
    return {
        "division_prefix": hall.division.prefix,
        "organisation_path": hall.organisation.path,
    }


def _roles(ticket: QueueTicket, actor: Any) -> set[Role]:
    if actor is SYSTEM:
        return {Role.SYSTEM}
    if scope_for(actor, Perm.CASE_INTAKE).covers(**ticket_scope(ticket)):
        return {Role.CLERK}
    return set()


def _window_of_group(
    ticket: QueueTicket, data: Mapping[str, Any], actor: Any
) -> Errors:
    # A number is called only by "call next", which passes the groups its active
    # window serves (``services.ticket_call_next``, from the cache).
    if ticket.group_id not in data.get("_window_groups", frozenset()):
        return [
            (
                "window",
                "window_not_in_group",
                _("This window does not serve this queue."),
            )
        ]
    return []


def _recalls_left(ticket: QueueTicket, data: Mapping[str, Any], actor: Any) -> Errors:
    if ticket.recalls >= int(conf.get("QUEUE_MAX_RECALLS")):
        return [
            (
                "non_field_errors",
                "recalls_used",
                _("This number was called often enough; mark it missed."),
            )
        ]
    return []


def _called_today(ticket: QueueTicket, data: Mapping[str, Any], actor: Any) -> Errors:
    if ticket.day != timezone.localdate():
        return [
            (
                "non_field_errors",
                "ticket_expired",
                _("This number was for another day."),
            )
        ]
    return []


def _group_of_hall(ticket: QueueTicket, data: Mapping[str, Any], actor: Any) -> Errors:
    target = ServiceGroup.objects.filter(
        hall_id=ticket.group.hall_id, code=data.get("group"), is_active=True
    ).first()
    if target is None or target.pk == ticket.group_id:
        return [
            (
                "group",
                "unknown_group",
                _("Choose another window group of this hall."),
            )
        ]
    return []


def _call(ticket: QueueTicket, data: Mapping[str, Any], actor: Any) -> dict[str, Any]:
    ticket.window_id = int(data["window"])
    ticket.called_at = timezone.now()
    return {"window": ticket.window_id}


def _recall(ticket: QueueTicket, data: Mapping[str, Any], actor: Any) -> dict[str, Any]:
    ticket.recalls += 1
    ticket.called_at = timezone.now()
    return {"recalls": ticket.recalls}


def _start(ticket: QueueTicket, data: Mapping[str, Any], actor: Any) -> dict[str, Any]:
    ticket.serving_at = timezone.now()
    return {}


def _requeue(
    ticket: QueueTicket, data: Mapping[str, Any], actor: Any
) -> dict[str, Any]:
    ticket.window = None
    return {}


def _transfer(
    ticket: QueueTicket, data: Mapping[str, Any], actor: Any
) -> dict[str, Any]:
    target = ServiceGroup.objects.get(hall_id=ticket.group.hall_id, code=data["group"])
    facts = {"from_group": ticket.group.code, "to_group": target.code}
    ticket.group = target
    ticket.window = None
    ticket.serving_at = None
    return facts


def _finish(ticket: QueueTicket, data: Mapping[str, Any], actor: Any) -> dict[str, Any]:
    ticket.done_at = timezone.now()
    # A case taken in from this number at the counter is linked already (intake from
    # the called ticket); a number typed here is for a case taken in another way.
    ticket.case_number = str(data.get("case_number") or ticket.case_number or "")
    return {"case_number": ticket.case_number} if ticket.case_number else {}


CLERK, SYS = Role.CLERK, Role.SYSTEM

ACTIONS = [
    action(
        event=Event.CALL,
        sources=[T.WAITING],
        target=T.CALLED,
        actors=[CLERK],
        guards=[_called_today, _window_of_group],
        effect=_call,
        request=TicketCallSerializer,
        label=_("Call next"),
        history=_("Called"),
        clause="GB/T 40756 取号叫号",
    ),
    action(
        event=Event.RECALL,
        sources=[T.CALLED],
        target=T.CALLED,
        actors=[CLERK],
        guards=[_recalls_left],
        effect=_recall,
        request=TicketActionSerializer,
        label=_("Call again"),
        history=_("Called again"),
    ),
    action(
        event=Event.START,
        sources=[T.CALLED],
        target=T.SERVING,
        actors=[CLERK],
        effect=_start,
        request=TicketActionSerializer,
        label=_("Start serving"),
        history=_("Service started"),
    ),
    action(
        event=Event.SKIP,
        sources=[T.CALLED],
        target=T.SKIPPED,
        actors=[CLERK],
        request=TicketActionSerializer,
        label=_("Not here: mark missed"),
        history=_("Marked missed"),
    ),
    action(
        event=Event.REQUEUE,
        sources=[T.SKIPPED],
        target=T.WAITING,
        actors=[CLERK],
        guards=[_called_today],
        effect=_requeue,
        request=TicketActionSerializer,
        label=_("Arrived late: queue again"),
        history=_("Queued again"),
    ),
    action(
        event=Event.TRANSFER,
        sources=[T.CALLED, T.SERVING],
        target=T.WAITING,
        actors=[CLERK],
        guards=[_group_of_hall],
        effect=_transfer,
        request=TicketTransferSerializer,
        label=_("Transfer to another window group"),
        history=_("Transferred"),
    ),
    action(
        event=Event.FINISH,
        sources=[T.SERVING],
        target=T.DONE,
        actors=[CLERK],
        effect=_finish,
        request=TicketFinishSerializer,
        label=_("Finish"),
        history=_("Served"),
    ),
    action(
        event=Event.EXPIRE,
        sources=[T.WAITING, T.CALLED, T.SKIPPED],
        target=T.CANCELLED,
        actors=[SYS],
        label=_("Close the day"),
        history=_("Expired at the close of the day"),
    ),
]


def _state_label(state: Any) -> str:
    return str(T(state).label)


TICKETS: Lifecycle[QueueTicket, Any, Event, Role] = Lifecycle(
    name="queue_ticket",
    model=QueueTicket,
    states=T,
    actions=ACTIONS,
    history=QueueTicketEvent,
    history_subject="ticket",
    roles=_roles,
    preference=[SYS, CLERK],
    initial=[T.WAITING],
    system_roles=[SYS],
    state_label=_state_label,
    scope=ticket_scope,
    lock_related=["group__hall__division", "group__hall__organisation"],
    # The writer's effects set these from checked values (the guards check the window
    # and the group); validating them again would cost four queries per call.
    clean_exclude=["uuid", "group", "day", "number", "window", "appointment"],
    # "Call next" is the hall's hot path: the ticket's update and its history row go in
    # one statement (lifecycle/rows.py; docs/BENCHMARKS.md).
    plain_rows=True,
)


# -- the booking ------------------------------------------------------------------------

B = Appointment.State


class BookingEvent(StrEnum):
    CANCEL = "cancel"
    CHECK_IN = "check_in"
    NO_SHOW = "no_show"


class BookingRole(StrEnum):
    APPLICANT = "applicant"
    CLERK = "counter_clerk"
    KIOSK = "kiosk"  # whoever stands at the kiosk with the code
    SYSTEM = "system"


def booking_scope(appointment: Appointment) -> dict[str, str]:
    hall = appointment.group.hall
    return {
        "division_prefix": hall.division.prefix,
        "organisation_path": hall.organisation.path,
    }


def _booking_roles(appointment: Appointment, actor: Any) -> set[BookingRole]:
    if actor is SYSTEM:
        return {BookingRole.SYSTEM}
    roles = {BookingRole.KIOSK}
    if actor is not None and getattr(actor, "pk", None) is not None:
        if actor.pk == appointment.applicant.user_id:
            roles.add(BookingRole.APPLICANT)
        if scope_for(actor, Perm.CASE_INTAKE).covers(**booking_scope(appointment)):
            roles.add(BookingRole.CLERK)
    return roles


def _starts(appointment: Appointment) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(appointment.day, appointment.start))


def _before_cutoff(
    appointment: Appointment, data: Mapping[str, Any], actor: Any
) -> Errors:
    if timezone.now() >= notify.cutoff(appointment):
        return [
            (
                "non_field_errors",
                "past_cutoff",
                _("It is too late to cancel online; please tell the hall by phone."),
            )
        ]
    return []


def _check_in_open(
    appointment: Appointment, data: Mapping[str, Any], actor: Any
) -> Errors:
    now = timezone.localtime()
    starts = _starts(appointment)
    early = dt.timedelta(minutes=int(conf.get("APPOINTMENT_CHECK_IN_EARLY_MINUTES")))
    late = dt.timedelta(minutes=int(conf.get("APPOINTMENT_CHECK_IN_LATE_MINUTES")))
    if starts - early <= now <= starts + late:
        return []
    return [
        (
            "reference",
            "outside_check_in",
            _(
                "Check-in for this booking is open from {opens} to {closes}; please take "
                "an ordinary number."
            ).format(
                opens=timezone.localtime(starts - early).strftime("%m-%d %H:%M"),
                closes=timezone.localtime(starts + late).strftime("%H:%M"),
            ),
        )
    ]


def _cancel(
    appointment: Appointment, data: Mapping[str, Any], actor: Any
) -> dict[str, Any]:
    SlotLoad.objects.filter(
        group=appointment.group, day=appointment.day, start=appointment.start
    ).update(booked=F("booked") - 1)
    appointment.cancelled_at = timezone.now()
    return {}


def _check_in(
    appointment: Appointment, data: Mapping[str, Any], actor: Any
) -> dict[str, Any]:
    appointment.checked_in_at = timezone.now()
    return {}


def _booking_outputs(
    appointment: Appointment, declared: Any, facts: dict[str, Any]
) -> None:
    if declared.event == BookingEvent.CANCEL:
        notify.tell(appointment, "appointment_cancelled")


BOOKING_ACTIONS = [
    action(
        event=BookingEvent.CANCEL,
        sources=[B.BOOKED],
        target=B.CANCELLED,
        actors=[BookingRole.APPLICANT, BookingRole.CLERK],
        guards=[_before_cutoff],
        effect=_cancel,
        request=AppointmentActionSerializer,
        message="appointment_cancelled",
        label=_("Cancel this appointment"),
        history=_("Cancelled"),
    ),
    action(
        event=BookingEvent.CHECK_IN,
        sources=[B.BOOKED],
        target=B.CHECKED_IN,
        actors=[
            BookingRole.KIOSK,
            BookingRole.APPLICANT,
            BookingRole.CLERK,
            BookingRole.SYSTEM,
        ],
        guards=[_check_in_open],
        effect=_check_in,
        request=AppointmentActionSerializer,
        label=_("Check in"),
        history=_("Checked in"),
    ),
    action(
        event=BookingEvent.NO_SHOW,
        sources=[B.BOOKED],
        target=B.NO_SHOW,
        actors=[BookingRole.SYSTEM],
        label=_("Count as not attended"),
        history=_("Not attended"),
    ),
]


def _booking_label(state: Any) -> str:
    return str(B(state).label)


APPOINTMENTS: Lifecycle[Appointment, Any, BookingEvent, BookingRole] = Lifecycle(
    name="appointment",
    model=Appointment,
    states=B,
    actions=BOOKING_ACTIONS,
    history=AppointmentEvent,
    history_subject="appointment",
    roles=_booking_roles,
    preference=[
        BookingRole.SYSTEM,
        BookingRole.CLERK,
        BookingRole.APPLICANT,
        BookingRole.KIOSK,
    ],
    initial=[B.BOOKED],
    system_roles=[BookingRole.SYSTEM],
    state_label=_booking_label,
    scope=booking_scope,
    outputs=_booking_outputs,
    lock_related=["group__hall__division", "group__hall__organisation", "applicant"],
)
