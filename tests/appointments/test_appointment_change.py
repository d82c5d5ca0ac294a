"""Changing a booking in place: the same booking code at another time, under the slot
rules and the cut-off of a new booking, the old place freed."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from tests.appointments.test_appointment_book import TUESDAY, book, codes
from tests.builders import applicant_with_account
from tongban.appointments import services
from tongban.appointments.models import SlotLoad
from tongban.core.models import AuditEvent
from tongban.notifications.models import Message

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("morning")]

T = dt.time


def _booked(group: Any, day: dt.date, start: T) -> int:
    load = SlotLoad.objects.filter(group=group, day=day, start=start).first()
    return load.booked if load else 0


def test_a_booking_moves_in_place_and_frees_its_old_place(
    person: Any, group: Any
) -> None:
    appointment = book(person, group)
    moved = services.appointment_change(
        actor=person.user, appointment=appointment, day=TUESDAY, start=T(10, 0)
    )
    assert (moved.pk, moved.reference, moved.start) == (
        appointment.pk,
        appointment.reference,
        T(10, 0),
    )
    assert _booked(group, TUESDAY, T(9, 30)) == 0
    assert _booked(group, TUESDAY, T(10, 0)) == 1
    assert AuditEvent.objects.filter(action="appointment.change").count() == 1
    assert Message.objects.filter(template="appointment_changed").count() == 1


def test_a_full_slot_cannot_be_changed_into(person: Any, group: Any) -> None:
    appointment = book(person, group)
    other = applicant_with_account(phone="13900000001", id_number="540102199001010011")
    book(other, group, start=T(10, 0))  # the one place of that slot
    with pytest.raises(ValidationError) as refused:
        services.appointment_change(
            actor=person.user, appointment=appointment, day=TUESDAY, start=T(10, 0)
        )
    assert codes(refused) == {"slot_full"}
    assert _booked(group, TUESDAY, T(9, 30)) == 1  # nothing moved


def test_a_time_outside_the_opening_hours_is_refused(person: Any, group: Any) -> None:
    appointment = book(person, group)
    with pytest.raises(ValidationError) as refused:
        services.appointment_change(
            actor=person.user, appointment=appointment, day=TUESDAY, start=T(13, 30)
        )
    assert codes(refused) == {"no_such_slot"}


def test_no_change_after_the_cut_off(
    person: Any, group: Any, time_machine: Any
) -> None:
    appointment = book(person, group)
    time_machine.move_to(
        dt.datetime(2026, 6, 2, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))),
        tick=False,
    )
    with pytest.raises(ValidationError) as refused:
        services.appointment_change(
            actor=person.user, appointment=appointment, day=TUESDAY, start=T(16, 0)
        )
    assert codes(refused) == {"past_cutoff"}


def test_the_applicant_changes_the_time_on_their_page(
    client: Any, person: Any, group: Any
) -> None:
    appointment = book(person, group)
    client.force_login(person.user)
    assert (
        f"/my/appointments/{appointment.uuid}/change/"
        in client.get("/my/appointments/").content.decode()
    )
    page = client.get(f"/my/appointments/{appointment.uuid}/change/")
    assert 'id="changing"' in page.content.decode()
    done = client.post(
        f"/my/appointments/{appointment.uuid}/change/",
        {"group": "A", "slot": "2026-06-02T10:00"},
    )
    assert done.status_code == 302
    appointment.refresh_from_db()
    assert appointment.start == T(10, 0)


def test_another_persons_booking_cannot_be_changed(
    client: Any, person: Any, group: Any
) -> None:
    appointment = book(person, group)
    stranger = applicant_with_account(
        phone="13900000002", id_number="540102199001010038"
    )
    client.force_login(stranger.user)
    assert client.get(f"/my/appointments/{appointment.uuid}/change/").status_code == 404
