"""Counter intake through the internal API records the window the case was taken in at,
with its hall (the evaluation rates per hall, window and clerk read them): the hall's uuid
and the window's number, both or neither, an open window of a hall the clerk serves; each
mistake refused with its own code and in the clerk's language, nothing stored."""

from typing import Any

import pytest
from rest_framework.test import APIClient

from tests.cases.conftest import GOOD_FORM, pdf
from tongban.cases.models import Case
from tongban.core.permissions import SYSTEM
from tongban.regions import services as regions

pytestmark = pytest.mark.django_db


@pytest.fixture
def windows(halls: dict[str, Any]) -> dict[str, Any]:
    return {
        key: regions.window_create(actor=SYSTEM, hall=hall, number="3", name="综合窗口")
        for key, hall in halls.items()
    }


def _intake(
    clerk: APIClient,
    service: Any,
    materials: Any,
    applicant: Any,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Any:
    return clerk.post(
        "/api/v1/internal/cases/",
        {
            "implementation_code": service.implementation.code,
            "client_key": "counter-window-0001",
            "form": GOOD_FORM,
            "applicant": str(applicant.uuid),
            f"material_{materials['申请书']}": pdf(),
            f"material_{materials['法定代表人身份证复印件']}": pdf(),
            **extra,
        },
        format="multipart",
        **(headers or {}),
    )


def _refusal(response: Any) -> tuple[int, str, str]:
    [param] = response.json()["invalid_params"]
    return response.status_code, param["name"], param["code"]


def test_a_counter_case_records_its_window_and_hall(
    staff_api: dict[str, APIClient],
    service: Any,
    materials: Any,
    applicant: Any,
    halls: dict[str, Any],
    windows: dict[str, Any],
) -> None:
    hall = str(halls["lhasa"].uuid)
    response = _intake(
        staff_api["clerk"], service, materials, applicant, hall=hall, window="3"
    )
    assert response.status_code == 201, response.json()
    case = Case.objects.get()
    assert (case.intake_window, case.intake_hall) == (windows["lhasa"], halls["lhasa"])


def test_a_window_of_a_hall_the_clerk_does_not_serve_is_refused(
    staff_api: dict[str, APIClient],
    service: Any,
    materials: Any,
    applicant: Any,
    halls: dict[str, Any],
    windows: dict[str, Any],
) -> None:
    hall = str(halls["xigaze"].uuid)  # the 日喀则 hall: the clerk serves 拉萨
    response = _intake(
        staff_api["clerk"], service, materials, applicant, hall=hall, window="3"
    )
    assert _refusal(response) == (400, "window", "window_not_served")
    assert not Case.objects.exists()


def test_an_unknown_window_number_is_refused(
    staff_api: dict[str, APIClient],
    service: Any,
    materials: Any,
    applicant: Any,
    halls: dict[str, Any],
    windows: dict[str, Any],
) -> None:
    hall = str(halls["lhasa"].uuid)
    response = _intake(
        staff_api["clerk"], service, materials, applicant, hall=hall, window="99"
    )
    assert _refusal(response) == (400, "window", "unknown_window")
    assert not Case.objects.exists()


def test_a_window_without_its_hall_is_refused_in_the_clerks_language(
    staff_api: dict[str, APIClient],
    service: Any,
    materials: Any,
    applicant: Any,
    windows: dict[str, Any],
) -> None:
    clerk = staff_api["clerk"]
    chinese = _intake(clerk, service, materials, applicant, window="3")
    assert _refusal(chinese) == (400, "hall", "window_incomplete")
    assert "窗口" in chinese.json()["invalid_params"][0]["reason"]
    english = _intake(
        clerk,
        service,
        materials,
        applicant,
        window="3",
        headers={"HTTP_ACCEPT_LANGUAGE": "en"},
    )
    assert (
        "the hall and the number of the window"
        in english.json()["invalid_params"][0]["reason"]
    )
    assert not Case.objects.exists()
