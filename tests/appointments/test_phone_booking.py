"""A phone agent (a counter clerk of the hall's area) books for a caller: found by ID with
an audited lookup, booked, the confirmation SMS to the caller; nobody else books for
another person."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from tests.appointments.test_appointment_book import NINE_THIRTY, TUESDAY
from tests.conftest import otp_verified
from tongban.appointments import services
from tongban.appointments.models import Appointment
from tongban.core.models import AuditEvent
from tongban.notifications.models import Message

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("morning")]


def test_a_phone_agent_books_for_the_caller(
    client: Client, clerk: Any, person: Any, group: Any
) -> None:
    otp_verified(client, clerk)
    url = "/workbench/appointments/phone/"
    queue = f"{group.hall_id}-{group.code}"
    client.post(
        url,
        {
            "action": "find",
            "queue": queue,
            "id_type": "111",
            "id_number": "54010219900101002X",
        },
    )
    page = client.get(url, {"queue": queue}).content.decode()
    assert 'id="caller"' in page
    done = client.post(
        url, {"queue": queue, "group": group.code, "slot": "2026-06-02T09:30"}
    )
    assert done.status_code == 302
    booked = Appointment.objects.get()
    assert (booked.applicant, booked.day, booked.start) == (
        person,
        TUESDAY,
        NINE_THIRTY,
    )
    assert AuditEvent.objects.filter(action="applicant.lookup").count() == 1
    sms = Message.objects.get(template="appointment_booked")
    assert sms.recipient == person.phone


def test_nobody_else_books_for_another_person(person: Any, group: Any) -> None:
    from tests.builders import applicant_with_account

    other = applicant_with_account(phone="13900000003", id_number="540102199001010011")
    with pytest.raises(PermissionDenied):
        services.appointment_book(
            actor=other.user,
            applicant=person,
            group=group,
            day=TUESDAY,
            start=NINE_THIRTY,
        )
