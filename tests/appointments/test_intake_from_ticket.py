"""Counter intake started from the called number: the case is recorded on the number, and
finishing the number needs no typed case number."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from tests.builders import applicant_with_account, published_service
from tests.cases.conftest import pdf
from tests.conftest import otp_verified
from tongban.accounts.domain.roles import Role
from tongban.appointments import services
from tongban.appointments.models import QueueTicket
from tongban.cases.models import Case
from tongban.core.models import AuditEvent
from tongban.core.permissions import SYSTEM

pytestmark = pytest.mark.django_db

TZ = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def applicant(db: None) -> Any:
    return applicant_with_account()


@pytest.fixture
def at_the_desk(
    time_machine: Any, client: Client, group: Any, clerk: Any, orgs: dict[str, Any]
) -> dict[str, Any]:
    time_machine.move_to(dt.datetime(2026, 6, 1, 10, 0, tzinfo=TZ), tick=False)
    service = published_service(orgs["lhasa"])
    services.ticket_take(actor=SYSTEM, group=group)
    window = group.windows.order_by("number").first()
    otp_verified(client, clerk)
    desk = f"/workbench/queue/{window.pk}/"
    client.post(desk, {"event": "call"})
    return {"desk": desk, "service": service, "ticket": QueueTicket.objects.get()}


def _intake(client: Client, service: Any, applicant: Any, ticket: Any) -> Any:
    code = service.implementation.code
    by_name = {m.name: m.pk for m in service.materials.all()}
    start = client.get("/workbench/intake/", {"ticket": str(ticket.uuid)})
    assert 'id="intake-ticket"' in start.content.decode()
    client.get("/workbench/intake/", {"q": code})
    return client.post(
        f"/workbench/intake/{code}/{applicant.uuid}/",
        {
            "client_key": "from-ticket-1",
            "form_company_name": "拉萨雪域商贸有限公司",
            "form_legal_rep_id": "54010219900101002X",
            f"material_{by_name['申请书']}": pdf(),
            f"original_{by_name['申请书']}": "on",
            f"original_{by_name['法定代表人身份证复印件']}": "on",
        },
    )


def test_the_case_taken_in_from_a_called_number_is_recorded_on_it(
    client: Client, at_the_desk: dict[str, Any], applicant: Any
) -> None:
    desk = client.get(at_the_desk["desk"]).content.decode()
    assert f"/workbench/intake/?ticket={at_the_desk['ticket'].uuid}" in desk
    response = _intake(client, at_the_desk["service"], applicant, at_the_desk["ticket"])
    assert response.status_code == 302
    case = Case.objects.get()
    ticket = QueueTicket.objects.get()
    assert ticket.case_number == case.number
    assert AuditEvent.objects.filter(action="queue_ticket.link_case").count() == 1


def test_finishing_the_number_needs_no_typed_case_number(
    client: Client, at_the_desk: dict[str, Any], applicant: Any
) -> None:
    _intake(client, at_the_desk["service"], applicant, at_the_desk["ticket"])
    number = Case.objects.get().number
    client.post(at_the_desk["desk"], {"event": "start"})
    page = client.get(at_the_desk["desk"]).content.decode()
    assert 'id="linked-case"' in page
    assert 'id="finish-case"' not in page
    client.post(at_the_desk["desk"], {"event": "finish"})
    ticket = QueueTicket.objects.get()
    assert (ticket.state, ticket.case_number) == (QueueTicket.State.DONE, number)


def test_a_number_of_another_hall_is_not_linked(
    client: Client, at_the_desk: dict[str, Any], applicant: Any, make_staff: Any
) -> None:
    stranger = make_staff("xigaze.hall", Role.COUNTER_CLERK, "540200")
    other = Client()
    otp_verified(other, stranger)
    page = other.get("/workbench/intake/", {"ticket": str(at_the_desk["ticket"].uuid)})
    assert 'id="intake-ticket"' not in page.content.decode()
