"""Writes of appointments and queues: book, cancel, check in, take a number, call.

Booking locks the slot's ``SlotLoad`` row, so the last place goes to one person; taking a
number locks the group's ``QueueCounter`` row, so no number is given twice; calling the next
ticket takes the first waiting one that no other window has locked (``SKIP LOCKED`` on
PostgreSQL; SQLite serialises writers), so twenty windows calling at once never call one
person twice.
"""

from __future__ import annotations

import datetime as dt
import functools
import secrets
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongban.appointments import conf, notify, selectors
from tongban.appointments.domain import queue
from tongban.appointments.domain.queue import Priority
from tongban.appointments.lifecycle import (
    APPOINTMENTS,
    TICKETS,
    BookingEvent,
    Event,
    ticket_scope,
)
from tongban.appointments.models import (
    Appointment,
    QueueCounter,
    QueueTicket,
    ServiceGroup,
    SlotLoad,
)
from tongban.core.actors import Actor
from tongban.core.permissions import Perm, require
from tongban.core.services import audit_record

if TYPE_CHECKING:
    from tongban.accounts.models import Applicant
    from tongban.regions.models import Hall, Window

REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L


def _refuse(field: str, code: str, message: Any) -> ValidationError:
    return ValidationError({field: [ValidationError(message, code=code)]})


def _group_scope(group: ServiceGroup) -> dict[str, str]:
    return _hall_scope(group.hall)


@transaction.atomic
def service_group_create(
    *,
    actor: Actor,
    hall: Hall,
    code: str,
    name: str,
    windows: Sequence[Window] = (),
    slot_minutes: int = 30,
    capacity: int = 2,
    book_days_ahead: int = 14,
    **translations: str,
) -> ServiceGroup:
    """A window group of a hall (A: integrated intake …) with its booking rules."""
    require(actor, Perm.HALL_MANAGE, **_hall_scope(hall))
    group = ServiceGroup(
        hall=hall,
        code=code,
        name=name,
        slot_minutes=slot_minutes,
        capacity=capacity,
        book_days_ahead=book_days_ahead,
        **{k: v for k, v in translations.items() if k.startswith("name_")},
    )
    group.full_clean()
    group.save()
    foreign = [w for w in windows if w.hall_id != hall.pk]
    if foreign:
        raise _refuse(
            "windows", "window_of_another_hall", _("Choose windows of this hall.")
        )
    group.windows.set(windows)
    selectors.window_groups_forget(window_ids=[w.pk for w in windows])
    audit_record(
        actor=actor,
        action="service_group.create",
        instance=group,
        changes={"code": [None, code], "windows": [None, [w.number for w in windows]]},
        **_hall_scope(hall),
    )
    return group


def _hall_scope(hall: Hall) -> dict[str, str]:
    return {
        "division_prefix": hall.division.prefix,
        "organisation_path": hall.organisation.path,
    }


def _new_reference() -> str:
    while True:
        reference = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
        if not Appointment.objects.filter(reference=reference).exists():
            return reference


def _check_may_book(applicant: Applicant, group: ServiceGroup, day: dt.date) -> None:
    banned_until = selectors.no_show_ban_until(applicant=applicant)
    if banned_until is not None:
        raise _refuse(
            "day",
            "no_show_ban",
            _(
                "After several missed appointments, booking is possible again from "
                "{day}. You can still take a number at the hall."
            ).format(day=banned_until.isoformat()),
        )
    if Appointment.objects.filter(
        applicant=applicant, group=group, day=day, state=Appointment.State.BOOKED
    ).exists():
        raise _refuse(
            "day",
            "already_booked",
            _("You already have an appointment for this queue on that day."),
        )


@transaction.atomic
def appointment_book(
    *,
    actor: Actor,
    applicant: Applicant,
    group: ServiceGroup,
    day: dt.date,
    start: dt.time,
    item_id: int | None = None,
) -> Appointment:
    """Book a place in a slot for ``applicant`` (online by the applicant, or by a phone
    agent for them)."""
    if applicant.user_id is None or applicant.user_id != getattr(actor, "pk", None):
        # A phone agent booking for a caller: staff of the hall's area only.
        require(actor, Perm.CASE_INTAKE, **_group_scope(group))
    slot = selectors.slot_find(group=group, day=day, start=start)
    if slot is None:
        raise _refuse(
            "start",
            "no_such_slot",
            _("This time cannot be booked; choose one of the times shown."),
        )
    item = None
    if item_id is not None:
        item = group.items.filter(pk=item_id).first()
        if item is None:
            raise _refuse(
                "item", "item_not_served", _("This queue does not serve that service.")
            )
    _check_may_book(applicant, group, day)
    SlotLoad.objects.get_or_create(group=group, day=day, start=start)
    load = SlotLoad.objects.select_for_update().get(group=group, day=day, start=start)
    if load.booked >= group.capacity:
        raise _refuse(
            "start",
            "slot_full",
            _("This time was just booked up; please choose another."),
        )
    load.booked = F("booked") + 1
    load.save(update_fields=["booked"])
    appointment = Appointment(
        reference=_new_reference(),
        group=group,
        applicant=applicant,
        item=item,
        day=day,
        start=slot.start,
        end=slot.end,
        language=applicant.preferred_language,
    )
    appointment.full_clean()
    appointment.save()
    audit_record(
        actor=actor,
        action="appointment.book",
        instance=appointment,
        changes={"slot": [None, f"{day.isoformat()} {start:%H:%M}"]},
        **_group_scope(group),
    )
    notify.tell(appointment, "appointment_booked")
    return appointment


@transaction.atomic
def appointment_change(
    *, actor: Actor, appointment: Appointment, day: dt.date, start: dt.time
) -> Appointment:
    """Move a booking to another slot of its queue in place (same booking code): until
    the cut-off of the slot it holds, under the slot rules of a new booking, the new
    slot's place taken and the old one freed under both rows' locks (taken in slot
    order, so two changes crossing each other cannot deadlock)."""
    locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if locked.applicant.user_id != getattr(actor, "pk", None):  # a clerk for them
        require(actor, Perm.CASE_INTAKE, **_group_scope(locked.group))
    if locked.state != Appointment.State.BOOKED:
        raise _refuse(
            "non_field_errors", "not_booked", _("This appointment is no longer open.")
        )
    if timezone.now() >= notify.cutoff(locked):
        raise _refuse(
            "non_field_errors",
            "past_cutoff",
            _("It is too late to change online; please tell the hall by phone."),
        )
    slot = selectors.slot_find(group=locked.group, day=day, start=start)
    if slot is None or (slot.day, slot.start) == (locked.day, locked.start):
        raise _refuse(
            "start",
            "no_such_slot",
            _("This time cannot be booked; choose one of the times shown."),
        )
    if day != locked.day:
        _check_may_book(locked.applicant, locked.group, day)
    SlotLoad.objects.get_or_create(group=locked.group, day=day, start=start)
    keys = sorted([(locked.day, locked.start), (day, start)])
    loads = {
        (load.day, load.start): load
        for load in SlotLoad.objects.select_for_update()
        .filter(group=locked.group)
        .filter(
            Q(day=keys[0][0], start=keys[0][1]) | Q(day=keys[1][0], start=keys[1][1])
        )
        .order_by("day", "start")
    }
    target = loads[(day, start)]
    if target.booked >= locked.group.capacity:
        raise _refuse(
            "start",
            "slot_full",
            _("This time was just booked up; please choose another."),
        )
    SlotLoad.objects.filter(pk=target.pk).update(booked=F("booked") + 1)
    held = loads.get((locked.day, locked.start))
    if held is not None:
        SlotLoad.objects.filter(pk=held.pk).update(booked=F("booked") - 1)
    before = f"{locked.day.isoformat()} {locked.start:%H:%M}"
    locked.day, locked.start, locked.end = slot.day, slot.start, slot.end
    locked.full_clean()
    locked.save(update_fields=["day", "start", "end"])
    audit_record(
        actor=actor,
        action="appointment.change",
        instance=locked,
        changes={"slot": [before, f"{day.isoformat()} {start:%H:%M}"]},
        **_group_scope(locked.group),
    )
    notify.tell(locked, "appointment_changed")
    return locked


@transaction.atomic
def appointment_cancel(*, actor: Actor, appointment: Appointment) -> Appointment:
    """Cancel until the cut-off: the place is free again, the applicant is told."""
    if appointment.state != Appointment.State.BOOKED:
        raise _refuse(
            "non_field_errors",
            "not_booked",
            _("This appointment is no longer open."),
        )
    return APPOINTMENTS.transition(
        obj=appointment, event=BookingEvent.CANCEL, actor=actor
    )


def _next_number(group: ServiceGroup, day: dt.date) -> int:
    QueueCounter.objects.get_or_create(group=group, day=day)
    counter = QueueCounter.objects.select_for_update().get(group=group, day=day)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


@transaction.atomic
def ticket_take(
    *,
    actor: Any,
    group: ServiceGroup,
    priority: Priority = Priority.NORMAL,
    language: str = "zh-hans",
    appointment: Appointment | None = None,
) -> QueueTicket:
    """A number from the kiosk, the door's QR page or an appointment check-in."""
    if not group.is_active or not selectors.hall_open_now(group=group):
        raise _refuse(
            "group",
            "hall_closed",
            _("The hall is not open now; numbers are given during opening hours."),
        )
    today = timezone.localdate()
    number = _next_number(group, today)
    honoured = frozenset(Priority(p) for p in conf.get("QUEUE_PRIORITIES"))
    ticket = QueueTicket.objects.create(
        group=group,
        day=today,
        number=number,
        label=queue.label(group.code, number),
        priority=priority,
        rank=queue.rank(priority, honoured=honoured),
        language=language,
        appointment=appointment,
        created_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="queue_ticket.take",
        instance=ticket,
        changes={"label": [None, ticket.label]},
        **ticket_scope(ticket),
    )
    return ticket


@transaction.atomic
def appointment_check_in(*, actor: Any, hall_id: int, reference: str) -> QueueTicket:
    """The applicant arrives: the booking code gives a number with appointment priority."""
    appointment = (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("group__hall")
        .filter(reference=reference.strip().upper(), group__hall_id=hall_id)
        .first()
    )
    if appointment is None:
        raise _refuse(
            "reference", "unknown_booking", _("No booking with this code at this hall.")
        )
    if appointment.state != Appointment.State.BOOKED:
        raise _refuse(
            "reference",
            "booking_used",
            _("This booking was already used or cancelled."),
        )
    appointment = APPOINTMENTS.transition(
        obj=appointment, event=BookingEvent.CHECK_IN, actor=actor
    )
    return ticket_take(
        actor=actor,
        group=appointment.group,
        priority=Priority.APPOINTMENT,
        language=appointment.language,
        appointment=appointment,
    )


@functools.cache
def _pick_sql(groups: int, lock: bool) -> str:
    """The first waiting ticket of ``groups`` window groups today, locked unless another
    window holds it (``SKIP LOCKED``), as SQL built once: "call next" runs it on every
    call, and the ORM would compile the same query each time. The group ids are
    literals, not a subquery: with a subquery PostgreSQL reads and sorts every waiting
    number of the day instead of taking the first one from the partial index
    ``queue_ticket_waiting`` (EXPLAIN: 71 ms against 1.3 ms with 1,000 waiting;
    docs/BENCHMARKS.md). SQLite has no row locks and serialises writers."""
    meta = QueueTicket._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in meta.concrete_fields)
    ids = ", ".join(["%s"] * groups)
    return (
        f"SELECT {columns} FROM {quote(meta.db_table)} "  # noqa: S608 - names from _meta
        f"WHERE {quote('group_id')} IN ({ids}) AND {quote('day')} = %s "
        f"AND {quote('state')} = %s "
        f"ORDER BY {quote('rank')}, {quote('created_at')}, {quote('id')} LIMIT 1"
        + (" " + connection.ops.for_update_sql(skip_locked=True) if lock else "")
    )


def ticket_call_next(*, actor: Actor, window: Window) -> QueueTicket | None:
    """The window calls the first waiting ticket of its groups; ``None`` when nobody
    waits. One transaction: the pick locks the ticket (``SKIP LOCKED``, so twenty windows
    calling at once never call one person twice) and the kernel's writer fires ``call``
    on the row it holds, without reading it again; the window's groups, with what the
    call's scope needs, come from the cache."""
    groups = {g.pk: g for g in selectors.groups_of_window_cached(window=window)}
    if not groups or not window.is_active:
        raise PermissionDenied(_("This window serves no queue."))

    def pick() -> QueueTicket | None:
        found = list(
            QueueTicket.objects.raw(
                _pick_sql(
                    len(groups), connection.features.has_select_for_update_skip_locked
                ),
                [
                    *groups,
                    connection.ops.adapt_datefield_value(timezone.localdate()),
                    QueueTicket.State.WAITING.value,
                ],
            )
        )
        ticket = found[0] if found else None
        if ticket is not None:
            ticket.group = groups[ticket.group_id]
        return ticket

    return TICKETS.transition_first(
        pick=pick,
        event=Event.CALL,
        actor=actor,
        data={"window": window.pk, "_window_groups": frozenset(groups)},
    )


@transaction.atomic
def ticket_case_link(*, actor: Actor, ticket: QueueTicket, case_number: str) -> None:
    """Record on the number at the window the case the clerk took in from it (counter
    intake started from the called number), so finishing it needs no typed number. Not
    a state change: the ticket stays where the kernel left it."""
    locked = QueueTicket.objects.select_for_update().get(pk=ticket.pk)
    require(actor, Perm.CASE_INTAKE, **ticket_scope(locked))
    if locked.state not in (QueueTicket.State.CALLED, QueueTicket.State.SERVING):
        raise _refuse(
            "ticket", "ticket_not_at_window", _("This number is no longer at a window.")
        )
    before = locked.case_number
    locked.case_number = case_number
    locked.save(update_fields=["case_number"])
    audit_record(
        actor=actor,
        action="queue_ticket.link_case",
        instance=locked,
        changes={"case_number": [before or None, case_number]},
        **ticket_scope(locked),
    )


def ticket_act(
    *, actor: Actor, ticket: QueueTicket, event: str, data: dict[str, Any] | None = None
) -> QueueTicket:
    return TICKETS.transition(obj=ticket, event=event, actor=actor, data=data)


@transaction.atomic
def queue_close_day(*, actor: Any, day: dt.date) -> int:
    """Expire the tickets left open and count the bookings nobody came to (the scheduler
    runs it after closing time)."""
    expired = 0
    for ticket in QueueTicket.objects.filter(
        day__lte=day,
        state__in=[
            QueueTicket.State.WAITING,
            QueueTicket.State.CALLED,
            QueueTicket.State.SKIPPED,
        ],
    ):
        TICKETS.transition(obj=ticket, event=Event.EXPIRE, actor=actor)
        expired += 1
    for appointment in Appointment.objects.filter(
        day__lte=day, state=Appointment.State.BOOKED
    ):
        APPOINTMENTS.transition(
            obj=appointment, event=BookingEvent.NO_SHOW, actor=actor
        )
    return expired


def appointment_remind_tomorrow(*, today: dt.date | None = None) -> int:
    """The reminder SMS the day before, once per booking (the scheduler runs it)."""
    today = today or timezone.localdate()
    sent = 0
    due = Appointment.objects.filter(
        day=today + dt.timedelta(days=1),
        state=Appointment.State.BOOKED,
        reminded_at__isnull=True,
    ).select_related("group__hall", "applicant", "item")
    for appointment in due:
        with transaction.atomic():
            if not Appointment.objects.filter(
                pk=appointment.pk, reminded_at__isnull=True
            ).update(reminded_at=timezone.now()):
                continue  # another scheduler round got there first
            notify.tell(appointment, "appointment_reminder")
            sent += 1
    return sent
