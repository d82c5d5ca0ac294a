"""Taking numbers and calling them, on the lifecycle kernel."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.appointments.conftest import make_group
from tongban.appointments import selectors, services
from tongban.appointments.domain.queue import Priority
from tongban.appointments.lifecycle import TICKETS
from tongban.appointments.models import Appointment, QueueTicket
from tongban.core.api.problems import Problem
from tongban.core.permissions import SYSTEM
from tongban.lifecycle.writer import LIFECYCLES

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hall_open")]


def take(group: Any, priority: Priority = Priority.NORMAL) -> QueueTicket:
    return services.ticket_take(actor=SYSTEM, group=group, priority=priority)


def window(group: Any, n: int = 0) -> Any:
    return group.windows.order_by("number")[n]


def test_the_ticket_and_booking_lifecycles_declare_every_piece() -> None:
    assert LIFECYCLES["queue_ticket"] is TICKETS
    assert TICKETS.problems() == []
    assert LIFECYCLES["appointment"].problems() == []


def test_numbers_run_per_group_and_day(hall: Any, group: Any) -> None:
    other = make_group(hall, "B")
    assert [take(group).label, take(group).label, take(other).label] == [
        "A001",
        "A002",
        "B001",
    ]


def test_no_number_is_given_while_the_hall_is_closed(
    group: Any, time_machine: Any
) -> None:
    time_machine.move_to(
        dt.datetime(2026, 6, 1, 13, 30, tzinfo=dt.timezone(dt.timedelta(hours=8))),
        tick=False,
    )  # the lunch break between the two sessions
    with pytest.raises(ValidationError):
        take(group)


def test_call_next_takes_priority_first_then_the_order_of_arrival(
    group: Any, clerk: Any
) -> None:
    first, second = take(group), take(group)
    elderly = take(group, Priority.ELDERLY)
    called = [
        services.ticket_call_next(actor=clerk, window=window(group, n % 2)).label
        for n in range(3)
    ]
    assert called == [elderly.label, first.label, second.label]
    assert services.ticket_call_next(actor=clerk, window=window(group)) is None


def test_a_clerk_of_another_hall_cannot_call(group: Any, outsider: Any) -> None:
    take(group)
    with pytest.raises(PermissionDenied):
        services.ticket_call_next(actor=outsider, window=window(group))


def test_calling_again_is_limited(group: Any, clerk: Any, settings: Any) -> None:
    settings.QUEUE_MAX_RECALLS = 1
    take(group)
    ticket = services.ticket_call_next(actor=clerk, window=window(group))
    assert ticket is not None
    ticket = services.ticket_act(actor=clerk, ticket=ticket, event="recall")
    with pytest.raises(ValidationError):
        services.ticket_act(actor=clerk, ticket=ticket, event="recall")


def test_a_missed_number_can_queue_again_when_the_person_arrives(
    group: Any, clerk: Any
) -> None:
    take(group)
    ticket = services.ticket_call_next(actor=clerk, window=window(group))
    assert ticket is not None
    ticket = services.ticket_act(actor=clerk, ticket=ticket, event="skip")
    ticket = services.ticket_act(actor=clerk, ticket=ticket, event="requeue")
    assert ticket.state == QueueTicket.State.WAITING
    assert ticket.window is None


def test_a_transferred_ticket_waits_in_the_other_group(
    hall: Any, group: Any, clerk: Any
) -> None:
    pickup = make_group(hall, "B")
    take(group)
    ticket = services.ticket_call_next(actor=clerk, window=window(group))
    assert ticket is not None
    moved = services.ticket_act(
        actor=clerk, ticket=ticket, event="transfer", data={"group": "B"}
    )
    assert moved.group == pickup
    assert moved.state == QueueTicket.State.WAITING
    assert services.ticket_call_next(actor=clerk, window=window(pickup)) == moved


def test_a_transfer_to_an_unknown_group_is_refused(group: Any, clerk: Any) -> None:
    take(group)
    ticket = services.ticket_call_next(actor=clerk, window=window(group))
    with pytest.raises(ValidationError):
        services.ticket_act(
            actor=clerk, ticket=ticket, event="transfer", data={"group": "Z"}
        )


def test_a_finished_ticket_cannot_be_called_again(group: Any, clerk: Any) -> None:
    take(group)
    ticket = services.ticket_call_next(actor=clerk, window=window(group))
    ticket = services.ticket_act(actor=clerk, ticket=ticket, event="start")
    ticket = services.ticket_act(
        actor=clerk, ticket=ticket, event="finish", data={"case_number": "X1"}
    )
    assert ticket.case_number == "X1"
    with pytest.raises(Problem):
        services.ticket_act(actor=clerk, ticket=ticket, event="recall")
    assert [e.event for e in ticket.events.all()] == ["call", "start", "finish"]


def test_a_checked_in_appointment_is_called_before_earlier_numbers(
    group: Any, clerk: Any, person: Any, time_machine: Any
) -> None:
    time_machine.move_to(
        dt.datetime(2026, 6, 1, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))),
        tick=False,
    )
    appointment = services.appointment_book(
        actor=person.user,
        applicant=person,
        group=group,
        day=dt.date(2026, 6, 1),
        start=dt.time(10, 30),
    )
    time_machine.move_to(
        dt.datetime(2026, 6, 1, 10, 15, tzinfo=dt.timezone(dt.timedelta(hours=8))),
        tick=False,
    )
    earlier = take(group)
    ticket = services.appointment_check_in(
        actor=SYSTEM, hall_id=group.hall_id, reference=appointment.reference.lower()
    )
    assert ticket.priority == Priority.APPOINTMENT
    called = services.ticket_call_next(actor=clerk, window=window(group))
    assert called == ticket
    assert called != earlier
    appointment.refresh_from_db()
    assert appointment.state == Appointment.State.CHECKED_IN
    with pytest.raises(ValidationError):  # the code gives one number only
        services.appointment_check_in(
            actor=SYSTEM, hall_id=group.hall_id, reference=appointment.reference
        )


def test_check_in_long_before_the_slot_is_refused(
    group: Any, person: Any, time_machine: Any
) -> None:
    time_machine.move_to(
        dt.datetime(2026, 6, 1, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))),
        tick=False,
    )
    appointment = services.appointment_book(
        actor=person.user,
        applicant=person,
        group=group,
        day=dt.date(2026, 6, 1),
        start=dt.time(17, 30),
    )
    time_machine.move_to(
        dt.datetime(2026, 6, 1, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))),
        tick=False,
    )
    with pytest.raises(ValidationError):
        services.appointment_check_in(
            actor=SYSTEM, hall_id=group.hall_id, reference=appointment.reference
        )


def test_the_position_counts_the_tickets_ahead(group: Any) -> None:
    take(group)
    take(group)
    mine = take(group)
    position = selectors.ticket_position(ticket=mine)
    assert position is not None
    assert position.ahead == 2
    assert position.wait_minutes == 8  # 2 ahead × 8 minutes default ÷ 2 windows


def test_the_close_of_day_expires_open_tickets(group: Any) -> None:
    ticket = take(group)
    assert services.queue_close_day(actor=SYSTEM, day=ticket.day) == 1
    ticket.refresh_from_db()
    assert ticket.state == QueueTicket.State.CANCELLED
