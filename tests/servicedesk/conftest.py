"""Service-desk fixtures: the 拉萨 service and its unit, a 12345 dispatcher for 拉萨, a
handler and a second staff member of the unit, a supervisor, an applicant with an account
and a case of theirs, and the Lhasa 2026 Losar notice (春节、藏历新年, 15–26 February off,
14 and 28 February make-up workdays) from the calendars' demo data. Time is frozen on
Monday 2 March 2026 unless a test moves it."""

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from tests.builders import applicant_with_account, published_service
from tests.cases.conftest import PDF, pdf  # noqa: F401 (re-exported for the tests)
from tongban.accounts.domain.roles import Role
from tongban.calendars.demo import load_demo_calendars
from tongban.calendars.selectors import calendar_cache_clear
from tongban.core.permissions import SYSTEM
from tongban.servicedesk.services.intake import TicketRequest, ticket_file

MONDAY = "2026-03-02 10:00:00+08:00"


@pytest.fixture(autouse=True)
def _monday(time_machine) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to(MONDAY, tick=False)


@pytest.fixture
def losar(db: None) -> Any:
    calendar_cache_clear()
    load_demo_calendars()
    calendar_cache_clear()
    yield
    calendar_cache_clear()


@pytest.fixture
def service(orgs: dict[str, Any]) -> Any:
    return published_service(orgs["lhasa"])


@pytest.fixture
def desk(make_staff: Callable[..., Any], orgs: dict[str, Any]) -> dict[str, Any]:
    """dispatcher (12345, 拉萨), handler and colleague of the 拉萨 unit, a handler of
    日喀则, a supervisor, a catalogue manager (reviews knowledge)."""
    return {
        "dispatcher": make_staff("dispatcher", Role.SERVICE_DESK_AGENT, "540100"),
        "handler": make_staff(
            "handler", Role.CASE_OFFICER, None, organisation=orgs["lhasa"]
        ),
        "colleague": make_staff(
            "colleague", Role.CASE_OFFICER, None, organisation=orgs["lhasa"]
        ),
        "xigaze": make_staff(
            "xigaze", Role.CASE_OFFICER, None, organisation=orgs["xigaze"]
        ),
        "supervisor": make_staff("supervisor", Role.SUPERVISOR, "540100"),
        "reviewer": make_staff("reviewer", Role.CATALOGUE_MANAGER, "540100"),
        "clerk": make_staff("clerk", Role.COUNTER_CLERK, "540100"),
    }


@pytest.fixture
def applicant(db: None) -> Any:
    return applicant_with_account()


@pytest.fixture
def as_user() -> Callable[[Any], APIClient]:
    def client_for(user: Any) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client

    return client_for


def file_ticket(actor: Any, **fields: Any) -> Any:
    """File through the intake service; portal channel and 拉萨 unless told."""
    values: dict[str, Any] = {
        "ticket_type": "complaint",
        "title": "窗口态度不好",
        "content": "办理营业执照时窗口人员态度生硬。",
        "channel": "portal",
        "language": "zh-hans",
        "division_code": "540100",
    }
    values.update(fields)
    return ticket_file(request=TicketRequest(**values), actor=actor)


@pytest.fixture
def system() -> Any:
    return SYSTEM


@pytest.fixture
def case_of(service: Any) -> Callable[[Any], Any]:
    """A submitted case of ``applicant`` for the 拉萨 service (through the public API)."""
    from tests.cases.conftest import GOOD_FORM
    from tongban.cases import selectors as case_selectors

    def make(applicant: Any, key: str = "key-00000001") -> Any:
        client = APIClient()
        client.force_authenticate(applicant.user)
        payload: dict[str, Any] = {
            "implementation_code": service.implementation.code,
            "client_key": key,
            "form": GOOD_FORM,
        }
        for material in service.materials.all():
            if material.necessity == "required":
                payload[f"material_{material.pk}"] = pdf()
        response = client.post("/api/v1/public/cases/", payload, format="multipart")
        assert response.status_code == 201, response.content
        return case_selectors.case_by_number(number=response.json()["number"])

    return make
