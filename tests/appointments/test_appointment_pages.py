"""The pages: booking, my appointments, the kiosk, the ticket, the display, the desk."""

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tongban.appointments import services
from tongban.appointments.models import Appointment, QueueTicket
from tongban.core.permissions import SYSTEM

pytestmark = pytest.mark.django_db

TZ = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def monday_morning(time_machine: Any) -> None:
    time_machine.move_to(dt.datetime(2026, 6, 1, 8, 0, tzinfo=TZ), tick=False)


@pytest.mark.usefixtures("monday_morning")
def test_anyone_sees_the_open_times_split_by_the_lunch_break(
    client: Client, hall: Any, group: Any
) -> None:
    page = client.get(f"/halls/{hall.uuid}/book/").content.decode()
    assert "09:30–10:00" in page
    assert "15:30–16:00" in page
    assert "13:00–13:30" not in page


@pytest.mark.usefixtures("monday_morning")
def test_booking_needs_a_login(client: Client, hall: Any, group: Any) -> None:
    response = client.post(
        f"/halls/{hall.uuid}/book/", {"group": "A", "slot": "2026-06-02T09:30"}
    )
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert not Appointment.objects.exists()


@pytest.mark.usefixtures("monday_morning")
def test_an_applicant_books_and_sees_the_code_then_a_full_slot_is_refused(
    client: Client, hall: Any, group: Any, person: Any
) -> None:
    client.force_login(person.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    slot = {"group": "A", "slot": "2026-06-02T09:30"}
    response = client.post(f"/halls/{hall.uuid}/book/", slot, follow=True)
    reference = Appointment.objects.get().reference
    assert reference in response.content.decode()
    services.appointment_cancel(
        actor=person.user, appointment=Appointment.objects.get()
    )
    Appointment.objects.all().delete()
    from tests.builders import applicant_with_account

    services.appointment_book(
        actor=SYSTEM,
        applicant=applicant_with_account(
            phone="13800000002", name="次仁", id_number="540102199001010011"
        ),
        group=group,
        day=dt.date(2026, 6, 2),
        start=dt.time(9, 30),
    )
    refused = client.post(f"/halls/{hall.uuid}/book/", slot)
    assert refused.status_code == 400
    assert "约满" in refused.content.decode() or "booked up" in refused.content.decode()


@pytest.mark.usefixtures("monday_morning")
@pytest.mark.parametrize("slot", ["x", "2026-13-40T99:99", "2026-06-02T09:45", ""])
def test_a_bad_time_gets_a_clear_error_not_a_crash(
    client: Client, hall: Any, group: Any, person: Any, slot: str
) -> None:
    client.force_login(person.user)
    response = client.post(f"/halls/{hall.uuid}/book/", {"group": "A", "slot": slot})
    assert response.status_code == 400
    assert not Appointment.objects.exists()


@pytest.mark.usefixtures("hall_open")
def test_the_kiosk_gives_a_number_and_its_page_shows_the_place_in_line(
    client: Client, hall: Any, group: Any
) -> None:
    client.post(f"/halls/{hall.uuid}/take-number/", {"group": "A"})
    response = client.post(
        f"/halls/{hall.uuid}/take-number/", {"group": "A", "priority": ""}, follow=True
    )
    page = response.content.decode()
    assert "A002" in page
    assert QueueTicket.objects.count() == 2


@pytest.mark.usefixtures("hall_open")
def test_the_kiosk_in_tibetan_speaks_tibetan(
    client: Client, hall: Any, group: Any
) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "bo"
    page = client.get(f"/halls/{hall.uuid}/take-number/").content.decode()
    assert 'lang="bo"' in page
    assert "ཨང་" in page  # "number" in the page's own heading


@pytest.mark.usefixtures("hall_open")
@pytest.mark.parametrize("reference", ["short", "ABCDEFGH", "0000\u00000000"])
def test_a_wrong_booking_code_is_refused_at_the_kiosk(
    client: Client, hall: Any, group: Any, reference: str
) -> None:
    response = client.post(f"/halls/{hall.uuid}/take-number/", {"reference": reference})
    assert response.status_code == 400
    assert not QueueTicket.objects.exists()


@pytest.mark.usefixtures("hall_open")
def test_the_display_shows_the_latest_call_and_updates_as_a_fragment(
    client: Client, hall: Any, group: Any, clerk: Any
) -> None:
    services.ticket_take(actor=SYSTEM, group=group)
    window = group.windows.order_by("number").first()
    services.ticket_call_next(actor=clerk, window=window)
    full = client.get(f"/halls/{hall.uuid}/display/").content.decode()
    assert 'hx-trigger="every 3s"' in full
    assert "A001" in full
    fragment = client.get(f"/halls/{hall.uuid}/display/", HTTP_HX_REQUEST="true")
    assert b"<html" not in fragment.content
    assert b"A001" in fragment.content


@pytest.mark.usefixtures("hall_open")
def test_a_clerk_calls_serves_and_finishes_at_the_desk(
    client: Client, hall: Any, group: Any, clerk: Any
) -> None:
    from tests.conftest import otp_verified

    services.ticket_take(actor=SYSTEM, group=group)
    window = group.windows.order_by("number").first()
    otp_verified(client, clerk)
    url = f"/workbench/queue/{window.pk}/"
    assert str(window.number) in client.get("/workbench/queue/").content.decode()
    client.post(url, {"event": "call"})
    assert "A001" in client.get(url).content.decode()
    client.post(url, {"event": "start"})
    client.post(url, {"event": "finish", "case_number": "54010026060100001"})
    ticket = QueueTicket.objects.get()
    assert ticket.state == QueueTicket.State.DONE
    assert ticket.case_number == "54010026060100001"


@pytest.mark.usefixtures("hall_open")
def test_a_clerk_cannot_open_another_halls_window(
    client: Client, group: Any, outsider: Any
) -> None:
    from tests.conftest import otp_verified

    window = group.windows.first()
    otp_verified(client, outsider)
    assert client.get(f"/workbench/queue/{window.pk}/").status_code == 404
    assert (
        client.post(f"/workbench/queue/{window.pk}/", {"event": "call"}).status_code
        == 404
    )


@pytest.mark.usefixtures("hall_open")
def test_a_flood_of_numbers_from_one_kiosk_page_is_refused(
    client: Client, hall: Any, group: Any, settings: Any
) -> None:
    settings.SCOPED_THROTTLE_RATES = {
        **settings.SCOPED_THROTTLE_RATES,
        "queue_take": "2/minute",
    }
    codes = [
        client.post(f"/halls/{hall.uuid}/take-number/", {"group": "A"}).status_code
        for _ in range(3)
    ]
    assert codes == [302, 302, 429]
    assert QueueTicket.objects.count() == 2


@pytest.mark.usefixtures("hall_open")
def test_the_desk_offers_to_invite_an_evaluation_of_the_window(
    client: Client, group: Any, clerk: Any
) -> None:
    from tests.conftest import otp_verified

    window = group.windows.order_by("number").first()
    otp_verified(client, clerk)
    page = client.get(f"/workbench/queue/{window.pk}/").content.decode()
    assert 'action="/workbench/evaluations/invite/"' in page
    assert f'name="window" value="{window.pk}"' in page
