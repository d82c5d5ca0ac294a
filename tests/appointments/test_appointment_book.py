"""Booking, cancelling and checking in, one rule per test."""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from tests.appointments.conftest import make_group, make_hall
from tongban.appointments import selectors, services
from tongban.appointments.models import Appointment, SlotLoad
from tongban.core.models import AuditEvent
from tongban.core.permissions import SYSTEM
from tongban.notifications.models import Message

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("morning")]

TUESDAY = dt.date(2026, 6, 2)
T = dt.time
LHASA_CSV = (
    Path(__file__).resolve().parents[2] / "docs/examples/calendar-lhasa-2026.csv"
)


NINE_THIRTY = T(9, 30)


def book(
    person: Any, group: Any, day: dt.date = TUESDAY, start: T = NINE_THIRTY
) -> Any:
    return services.appointment_book(
        actor=person.user, applicant=person, group=group, day=day, start=start
    )


def codes(error: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return {e.code for errors in error.value.error_dict.values() for e in errors}


def test_a_booking_takes_a_place_and_sends_a_confirmation_in_the_applicants_language(
    person: Any, group: Any
) -> None:
    appointment = book(person, group)
    assert appointment.state == Appointment.State.BOOKED
    assert SlotLoad.objects.get(group=group, day=TUESDAY, start=T(9, 30)).booked == 1
    sms = Message.objects.get(template="appointment_booked")
    assert sms.language == "bo"
    assert appointment.reference in sms.body
    assert AuditEvent.objects.filter(action="appointment.book").count() == 1


def test_the_last_place_cannot_be_booked_twice(person: Any, group: Any) -> None:
    from tests.builders import applicant_with_account

    book(person, group)
    other = applicant_with_account(
        phone="13800000002", name="次仁", id_number="540102199001010011"
    )
    with pytest.raises(ValidationError) as error:
        book(other, group)
    assert codes(error) == {"slot_full"}
    assert Appointment.objects.count() == 1


def test_a_time_that_is_not_a_slot_is_refused(person: Any, group: Any) -> None:
    for start in (T(13, 0), T(9, 45), T(8, 0)):
        with pytest.raises(ValidationError) as error:
            book(person, group, start=start)
        assert codes(error) == {"no_such_slot"}


def test_a_day_beyond_the_booking_horizon_is_refused(person: Any, group: Any) -> None:
    with pytest.raises(ValidationError):
        book(person, group, day=dt.date(2026, 7, 1))


def test_a_tibetan_regional_holiday_has_no_slots_in_lhasa_only(
    orgs: dict[str, Any], time_machine: Any
) -> None:
    time_machine.move_to(dt.datetime(2026, 2, 23, 8, 0, tzinfo=dt.UTC), tick=False)
    call_command("calendar", "import", str(LHASA_CSV))
    lhasa = make_group(make_hall(orgs["lhasa"], "540100", "拉萨"), capacity=1)
    xigaze = make_group(make_hall(orgs["xigaze"], "540200", "日喀则"), capacity=1)
    holiday = dt.date(2026, 2, 25)  # 藏历新年 in Lhasa's 2026 notice
    assert not [s for s in selectors.group_slots(group=lhasa) if s.slot.day == holiday]
    assert [s for s in selectors.group_slots(group=xigaze) if s.slot.day == holiday]


def test_a_closure_of_the_hall_has_no_slots(hall: Any, group: Any) -> None:
    from tongban.regions import services as regions

    regions.hall_closure_add(
        actor=SYSTEM, hall=hall, start_date=TUESDAY, end_date=TUESDAY, reason="停电"
    )
    assert not [s for s in selectors.group_slots(group=group) if s.slot.day == TUESDAY]


def test_cancelling_frees_the_place(person: Any, group: Any) -> None:
    appointment = book(person, group)
    appointment = services.appointment_cancel(
        actor=person.user, appointment=appointment
    )
    assert [e.event for e in appointment.events.all()] == ["cancel"]
    assert Message.objects.filter(template="appointment_cancelled").count() == 1
    assert SlotLoad.objects.get(group=group, day=TUESDAY, start=T(9, 30)).booked == 0
    book(person, group)  # the place can be booked again


def test_cancelling_after_the_cut_off_is_refused(
    person: Any, group: Any, time_machine: Any
) -> None:
    appointment = book(person, group)
    time_machine.move_to(
        dt.datetime(2026, 6, 2, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))),
        tick=False,
    )
    with pytest.raises(ValidationError) as error:
        services.appointment_cancel(actor=person.user, appointment=appointment)
    assert codes(error) == {"past_cutoff"}


def test_a_second_booking_for_the_same_queue_and_day_is_refused(
    person: Any, hall: Any
) -> None:
    group = make_group(hall, "B", capacity=5)
    book(person, group)
    with pytest.raises(ValidationError) as error:
        book(person, group, start=T(10, 0))
    assert codes(error) == {"already_booked"}


def test_three_no_shows_bar_booking_for_a_while(person: Any, hall: Any) -> None:
    group = make_group(hall, "C", capacity=5)
    for day in (dt.date(2026, 5, 4), dt.date(2026, 5, 11), dt.date(2026, 5, 18)):
        Appointment.objects.create(
            reference=f"NS{day.day:06d}",
            group=group,
            applicant=person,
            day=day,
            start=T(9, 30),
            end=T(10, 0),
            state=Appointment.State.NO_SHOW,
        )
    with pytest.raises(ValidationError) as error:
        book(person, group)
    assert codes(error) == {"no_show_ban"}


def test_the_close_of_day_counts_bookings_nobody_came_to(
    person: Any, group: Any
) -> None:
    appointment = book(person, group)
    services.queue_close_day(actor=SYSTEM, day=TUESDAY)
    appointment.refresh_from_db()
    assert appointment.state == Appointment.State.NO_SHOW
    assert [e.event for e in appointment.events.all()] == ["no_show"]


def test_the_reminder_goes_once_the_day_before(person: Any, group: Any) -> None:
    book(person, group)
    assert services.appointment_remind_tomorrow(today=dt.date(2026, 6, 1)) == 1
    assert services.appointment_remind_tomorrow(today=dt.date(2026, 6, 1)) == 0
    reminder = Message.objects.get(template="appointment_reminder")
    assert reminder.language == "bo"


def test_someone_elses_booking_cannot_be_cancelled(person: Any, group: Any) -> None:
    from django.core.exceptions import PermissionDenied

    from tests.builders import applicant_with_account

    other = applicant_with_account(
        phone="13800000002", name="次仁", id_number="540102199001010011"
    )
    appointment = book(person, group)
    with pytest.raises(PermissionDenied):
        services.appointment_cancel(actor=other.user, appointment=appointment)
    appointment.refresh_from_db()
    assert appointment.state == Appointment.State.BOOKED
