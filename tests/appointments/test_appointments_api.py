"""The appointments API: booking, numbers and the calling desk's endpoints."""

import datetime as dt
from typing import Any

import pytest
from rest_framework.test import APIClient

from tongban.appointments import services
from tongban.appointments.models import Appointment, QueueTicket
from tongban.core.permissions import SYSTEM

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def applicant_api(person: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(person.user)
    return client


@pytest.mark.usefixtures("morning")
def test_an_applicant_books_through_the_api_and_a_full_slot_is_a_problem(
    applicant_api: APIClient, hall: Any, group: Any
) -> None:
    body = {"hall": str(hall.uuid), "group": "A", "day": "2026-06-02", "start": "09:30"}
    booked = applicant_api.post("/api/v1/public/appointments/", body, format="json")
    assert booked.status_code == 201
    assert booked.json()["reference"] == Appointment.objects.get().reference
    again = applicant_api.post("/api/v1/public/appointments/", body, format="json")
    assert again.status_code == 400
    assert again["Content-Type"].startswith("application/problem+json")
    assert {p["code"] for p in again.json()["invalid_params"]} == {"already_booked"}


@pytest.mark.usefixtures("morning")
def test_slots_are_public(api: APIClient, hall: Any, group: Any) -> None:
    slots = api.get(f"/api/v1/public/halls/{hall.uuid}/window-groups/A/slots").json()
    assert slots[0] == {
        "day": "2026-06-01",
        "start": "09:30",
        "end": "10:00",
        "left": 1,
    }


@pytest.mark.usefixtures("morning")
@pytest.mark.parametrize(
    "body",
    [
        {"hall": "x", "group": "A", "day": "2026-06-02", "start": "09:30"},
        {"hall": "", "group": "A", "day": "2026-06-02", "start": "09:30", "x": 1},
        {"group": ["A"], "day": 20260602, "start": None},
    ],
)
def test_a_bad_booking_body_is_refused_and_books_nothing(
    applicant_api: APIClient, hall: Any, group: Any, body: dict[str, Any]
) -> None:
    response = applicant_api.post("/api/v1/public/appointments/", body, format="json")
    assert response.status_code == 400
    assert not Appointment.objects.exists()


@pytest.mark.usefixtures("hall_open")
def test_a_number_is_taken_without_login_and_shows_its_place(
    api: APIClient, hall: Any, group: Any
) -> None:
    api.post(f"/api/v1/public/halls/{hall.uuid}/tickets", {"group": "A"}, format="json")
    taken = api.post(
        f"/api/v1/public/halls/{hall.uuid}/tickets", {"group": "A"}, format="json"
    ).json()
    assert taken["label"] == "A002"
    detail = api.get(f"/api/v1/public/tickets/{taken['uuid']}/").json()
    assert detail["ahead"] == 1


@pytest.mark.usefixtures("hall_open")
def test_a_flood_of_numbers_from_one_device_is_throttled(
    api: APIClient, hall: Any, group: Any, settings: Any
) -> None:
    settings.SCOPED_THROTTLE_RATES = {
        **settings.SCOPED_THROTTLE_RATES,
        "queue_take": "3/minute",
    }
    codes = [
        api.post(
            f"/api/v1/public/halls/{hall.uuid}/tickets", {"group": "A"}, format="json"
        ).status_code
        for _ in range(5)
    ]
    assert codes == [201, 201, 201, 429, 429]
    assert QueueTicket.objects.count() == 3


@pytest.mark.usefixtures("hall_open")
def test_the_desk_calls_and_acts_through_one_endpoint_per_action(
    api_as: Any, group: Any, clerk: Any
) -> None:
    services.ticket_take(actor=SYSTEM, group=group)
    window = group.windows.order_by("number").first()
    staff = api_as(clerk)
    called = staff.post(f"/api/v1/internal/windows/{window.pk}/call-next").json()
    assert called["label"] == "A001"
    assert called["window"] == window.number
    url = f"/api/v1/internal/queue-tickets/{called['uuid']}"
    assert staff.post(f"{url}/start", {}, format="json").status_code == 200
    refused = staff.post(f"{url}/finish", {"case_number": "1", "x": 2}, format="json")
    assert refused.status_code == 400  # an undeclared key
    done = staff.post(f"{url}/finish", {"case_number": "5401"}, format="json").json()
    assert done["state"] == "done"
    assert (
        staff.post(f"/api/v1/internal/windows/{window.pk}/call-next").status_code == 204
    )


@pytest.mark.usefixtures("hall_open")
def test_a_clerk_of_another_hall_gets_not_found(
    api_as: Any, group: Any, outsider: Any
) -> None:
    window = group.windows.first()
    response = api_as(outsider).post(f"/api/v1/internal/windows/{window.pk}/call-next")
    assert response.status_code == 404


def _booked(applicant_api: APIClient, hall: Any) -> dict[str, Any]:
    body = {"hall": str(hall.uuid), "group": "A", "day": "2026-06-02", "start": "09:30"}
    response = applicant_api.post("/api/v1/public/appointments/", body, format="json")
    assert response.status_code == 201
    return response.json()


@pytest.mark.usefixtures("morning")
def test_an_applicant_changes_a_booking_through_the_api_keeping_its_code(
    applicant_api: APIClient, hall: Any, group: Any
) -> None:
    booked = _booked(applicant_api, hall)
    moved = applicant_api.post(
        f"/api/v1/public/appointments/{booked['uuid']}/change",
        {"day": "2026-06-02", "start": "10:00"},
        format="json",
    )
    assert moved.status_code == 200
    assert (moved.json()["reference"], moved.json()["start"]) == (
        booked["reference"],
        "10:00",
    )


@pytest.mark.usefixtures("morning")
@pytest.mark.parametrize(
    ("action", "body"),
    [("change", {"day": "2026-06-02", "start": "10:00"}), ("cancel", {})],
)
def test_after_the_cut_off_neither_change_nor_cancel_goes_through_the_api(
    applicant_api: APIClient,
    hall: Any,
    group: Any,
    time_machine: Any,
    action: str,
    body: dict[str, Any],
) -> None:
    booked = _booked(applicant_api, hall)
    # 08:00 on the day: one and a half hours before the 09:30 slot, inside the cut-off.
    time_machine.move_to(dt.datetime(2026, 6, 2, 8, 0, tzinfo=TZ), tick=False)
    response = applicant_api.post(
        f"/api/v1/public/appointments/{booked['uuid']}/{action}", body, format="json"
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert {p["code"] for p in response.json()["invalid_params"]} == {"past_cutoff"}
    assert Appointment.objects.get().state == "booked"
    assert f"{Appointment.objects.get().start:%H:%M}" == "09:30"


@pytest.mark.usefixtures("morning")
@pytest.mark.parametrize(
    "body",
    [{"day": "x", "start": "10:00"}, {"start": "10:00"}, {"day": "2026-06-02"}],
)
def test_a_bad_change_body_is_refused_and_changes_nothing(
    applicant_api: APIClient, hall: Any, group: Any, body: dict[str, Any]
) -> None:
    booked = _booked(applicant_api, hall)
    response = applicant_api.post(
        f"/api/v1/public/appointments/{booked['uuid']}/change", body, format="json"
    )
    assert response.status_code == 400
    assert f"{Appointment.objects.get().start:%H:%M}" == "09:30"


@pytest.mark.usefixtures("morning")
def test_another_persons_booking_is_not_found_through_the_api(
    applicant_api: APIClient, hall: Any, group: Any
) -> None:
    from tests.builders import applicant_with_account

    booked = _booked(applicant_api, hall)
    other = APIClient()
    other.force_authenticate(
        applicant_with_account(phone="13800000002", id_number="540102199001010011").user
    )
    for action, body in (
        ("change", {"day": "2026-06-02", "start": "10:00"}),
        ("cancel", {}),
    ):
        response = other.post(
            f"/api/v1/public/appointments/{booked['uuid']}/{action}",
            body,
            format="json",
        )
        assert response.status_code == 404
    assert Appointment.objects.get().state == "booked"
