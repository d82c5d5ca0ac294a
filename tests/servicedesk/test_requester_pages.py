"""The requester's pages: "my tickets" lists the account's own tickets; on the ticket page
the requester answers the callback online — satisfied closes it, not satisfied (with
reasons) waits for the dispatcher —, once per reply; a requester without an account
follows a ticket by its number and phone with an SMS code, and a stranger learns nothing."""

import re
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from tests.builders import applicant_with_account
from tests.servicedesk.conftest import file_ticket
from tongban.notifications.models import Message
from tongban.servicedesk import selectors
from tongban.servicedesk.services import actions

pytestmark = pytest.mark.django_db


def _replied(desk: dict[str, Any], orgs: dict[str, Any], user: Any, **kw: Any) -> Any:
    ticket = file_ticket(user, **kw)
    ticket = actions.ticket_route(
        ticket=ticket, organisation=orgs["lhasa"], actor=desk["dispatcher"]
    )
    return actions.ticket_reply(
        ticket=ticket, actor=desk["handler"], reply="已为您重新安排窗口。"
    )


def test_my_tickets_lists_only_the_accounts_own(client: Client, applicant: Any) -> None:
    mine = file_ticket(applicant.user, title="我的投诉")
    other = applicant_with_account(phone="13700000007", id_number="540102199001010038")
    file_ticket(other.user, title="别人的投诉")
    client.force_login(applicant.user)
    page = client.get("/servicedesk/mine/").content.decode()
    assert mine.number in page
    assert "别人的投诉" not in page


def test_my_tickets_asks_a_visitor_to_log_in(client: Client) -> None:
    response = client.get("/servicedesk/mine/")
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_satisfied_answer_online_closes_the_ticket(
    client: Client, desk: dict[str, Any], orgs: dict[str, Any], applicant: Any
) -> None:
    ticket = _replied(desk, orgs, applicant.user)
    client.force_login(applicant.user)
    page = client.get(f"/servicedesk/t/{ticket.uuid}/").content.decode()
    assert "已为您重新安排窗口。" in page
    assert 'id="answer-satisfied"' in page
    client.post(f"/servicedesk/t/{ticket.uuid}/callback/", {"answer": "satisfied"})
    ticket.refresh_from_db()
    assert (ticket.state, ticket.satisfaction) == ("closed", "satisfied")
    assert ticket.events.last().actor_role == "requester"


def test_an_unsatisfied_answer_needs_reasons_and_waits_for_the_dispatcher(
    client: Client,
    desk: dict[str, Any],
    orgs: dict[str, Any],
    applicant: Any,
    time_machine: Any,
) -> None:
    ticket = _replied(desk, orgs, applicant.user)
    client.force_login(applicant.user)
    url = f"/servicedesk/t/{ticket.uuid}/callback/"
    client.post(url, {"answer": "unsatisfied", "reason": ""})
    ticket.refresh_from_db()
    assert ticket.satisfaction == ""
    client.post(url, {"answer": "unsatisfied", "reason": "窗口仍然没有人。"})
    ticket.refresh_from_db()
    assert (ticket.state, ticket.satisfaction) == ("replied", "unsatisfied")
    assert ticket.callback_note == "窗口仍然没有人。"
    # once per reply
    client.post(url, {"answer": "satisfied"})
    ticket.refresh_from_db()
    assert ticket.state == "replied"
    time_machine.move_to("2026-03-03 09:00:00+08:00", tick=False)
    listed = list(selectors.ticket_callbacks_due_for(user=desk["dispatcher"]))
    assert listed == [ticket]
    assert listed[0].callback_note == "窗口仍然没有人。"


def test_another_person_cannot_answer_the_callback(
    client: Client, desk: dict[str, Any], orgs: dict[str, Any], applicant: Any
) -> None:
    ticket = _replied(desk, orgs, applicant.user)
    other = applicant_with_account(phone="13700000007", id_number="540102199001010038")
    client.force_login(other.user)
    response = client.post(
        f"/servicedesk/t/{ticket.uuid}/callback/", {"answer": "satisfied"}
    )
    assert response.status_code == 404
    ticket.refresh_from_db()
    assert ticket.state == "replied"


def _code(phone: str) -> str:
    message = Message.objects.filter(recipient=phone).latest("pk")
    assert message.template == "ticket_follow_code"
    found = re.search(r"(?<!\d)(\d{6})(?!\d)", message.body)
    assert found, message.body
    return found.group(1)


def test_a_requester_without_an_account_follows_a_ticket_by_number_and_phone(
    client: Client, desk: dict[str, Any], orgs: dict[str, Any], applicant: Any
) -> None:
    cache.clear()
    ticket = _replied(desk, orgs, applicant.user, requester_phone="13800000001")
    form = {"number": ticket.number, "phone": "13800000001"}
    client.post("/servicedesk/follow/", {**form, "send_code": "1"})
    code = _code("13800000001")
    wrong = client.post("/servicedesk/follow/", {**form, "code": "000000"})
    assert wrong.status_code == 200
    assert "code" in wrong.context["form"].errors
    response = client.post("/servicedesk/follow/", {**form, "code": code})
    assert response["Location"] == f"/servicedesk/t/{ticket.uuid}/"
    assert "已为您重新安排窗口。" in client.get(response["Location"]).content.decode()


def test_a_stranger_gets_no_code_and_learns_nothing(
    client: Client, applicant: Any
) -> None:
    cache.clear()
    ticket = file_ticket(applicant.user, requester_phone="13800000001")
    before = Message.objects.count()
    wrong_phone = client.post(
        "/servicedesk/follow/",
        {"number": ticket.number, "phone": "13900000000", "send_code": "1"},
    )
    no_ticket = client.post(
        "/servicedesk/follow/",
        {"number": "T000", "phone": "13800000001", "send_code": "1"},
    )
    assert Message.objects.count() == before
    assert [str(m) for m in wrong_phone.context["messages"]] == [
        str(m) for m in no_ticket.context["messages"]
    ]


def test_the_api_takes_the_requesters_answer_and_refuses_anyone_else(
    desk: dict[str, Any], orgs: dict[str, Any], applicant: Any, as_user: Any
) -> None:
    ticket = _replied(desk, orgs, applicant.user)
    url = f"/api/v1/public/servicedesk/tickets/{ticket.uuid}/unsatisfied"
    other = applicant_with_account(phone="13700000007", id_number="540102199001010038")
    assert (
        as_user(other.user).post(url, {"reason": "x"}, format="json").status_code == 404
    )
    missing = as_user(applicant.user).post(url, {}, format="json")
    assert missing.status_code == 400
    assert missing.json()["invalid_params"][0]["name"] == "reason"
    done = as_user(applicant.user).post(url, {"reason": "还没解决"}, format="json")
    assert done.status_code == 200
    assert done.json()["satisfaction"] == "unsatisfied"
