"""Evaluation fixtures: the case fixtures (a published service in 拉萨, its applicant, the
clerk and officers), a case taken to acceptance or completion through the case API, a
supervisor in 拉萨, a window in the 拉萨 hall, and helpers to rate. Time is frozen on
Monday 2 March 2026 unless a test moves it."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.cases.conftest import *  # noqa: F403 (the case fixtures)
from tests.cases.conftest import (
    _monday,  # noqa: F401 (autouse fixture)
    pdf,
)
from tests.cases.region_calendar import region_day_off  # noqa: F401 (a fixture)
from tongban.accounts.domain.roles import Role
from tongban.cases.models import Case
from tongban.core.permissions import SYSTEM
from tongban.regions import services as regions

BAD = {"level": 5, "options": ["attitude"], "text": "窗口态度差"}
GOOD = {"level": 1, "options": ["fast"], "scores": {"efficiency": 1}}


@pytest.fixture
def accepted_case(submit: Callable[..., Any], act: Callable[..., Any]) -> str:
    uuid = submit().json()["uuid"]
    assert act("clerk", uuid, "accept").status_code == 200
    return uuid


@pytest.fixture
def closed_case(accepted_case: str, act: Callable[..., Any]) -> str:
    uuid = accepted_case
    for who in ("officer", "officer2", "officer"):
        assert act(who, uuid, "approve-step").status_code == 200
    assert act("officer2", uuid, "decide", decision="approve").status_code == 200
    assert act("officer2", uuid, "close", result_name="营业执照").status_code == 200
    return uuid


@pytest.fixture
def supervisor(make_staff: Callable[..., Any]) -> Any:
    return make_staff("supervisor", Role.SUPERVISOR, division_code="540100")


@pytest.fixture
def supervisor_api(supervisor: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(supervisor)
    return client


@pytest.fixture
def window(halls: dict[str, Any]) -> Any:
    return regions.window_create(
        actor=SYSTEM, hall=halls["lhasa"], number="3", name="综合窗口"
    )


@pytest.fixture
def rate(
    applicant_api: APIClient, django_capture_on_commit_callbacks: Any
) -> Callable[..., Any]:
    def run(
        uuid: str, stage: str = "close", client: APIClient | None = None, **body: Any
    ) -> Any:
        payload = {"stage": stage, **(body or GOOD)}
        with django_capture_on_commit_callbacks(execute=True):
            return (client or applicant_api).post(
                f"/api/v1/public/cases/{uuid}/evaluations", payload, format="json"
            )

    return run


def intake(
    clerk: Any, service: Any, applicant: Any, materials: dict[str, int], window: Any
) -> Any:
    """The clerk takes the applicant's case in at ``window`` on the intake page."""
    client = Client()
    client.force_login(clerk)
    url = f"/workbench/intake/{service.implementation.code}/{applicant.uuid}/"
    response = client.post(
        url,
        {
            "client_key": "counter-window-1",
            "form_company_name": "拉萨雪域商贸有限公司",
            "form_legal_rep_id": "54010219900101002X",
            f"material_{materials['申请书']}": pdf(),
            f"material_{materials['法定代表人身份证复印件']}": pdf(),
            "window": str(window.pk),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return client, url


@pytest.fixture
def counter_case(
    staff: dict[str, Any],
    service: Any,
    applicant: Any,
    materials: dict[str, int],
    window: Any,
    act: Callable[..., Any],
) -> Case:
    intake(staff["clerk"], service, applicant, materials, window)
    case = Case.objects.get()
    assert act("clerk", str(case.uuid), "accept").status_code == 200
    return case
