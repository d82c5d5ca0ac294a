"""The service-desk pages: the public channels page with its monthly table, filing from a
case's page, the requester's ticket page in their language, the workbench actions from
the declarations, the agent's intake with knowledge-base suggestions."""

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.servicedesk.conftest import file_ticket
from tongban.servicedesk.models import Ticket
from tongban.servicedesk.services import actions, knowledge

pytestmark = pytest.mark.django_db


def test_the_channels_page_shows_the_monthly_figures(
    client: Client, applicant: Any
) -> None:
    file_ticket(applicant.user)
    page = client.get("/servicedesk/").content.decode()
    assert "12345" in page
    assert '<th scope="row">2026-03</th><td>1</td>' in page


def test_the_case_page_links_to_a_complaint_about_the_case(
    client: Client, applicant: Any, case_of: Any
) -> None:
    case = case_of(applicant)
    client.force_login(applicant.user)
    page = client.get(f"/me/cases/{case.uuid}/").content.decode()
    assert f"case_number={case.number}" in page
    form = client.get(
        f"/servicedesk/new/?ticket_type=complaint&case_number={case.number}"
    )
    assert f'value="{case.number}"' in form.content.decode()


def test_filing_on_the_portal_shows_the_ticket_in_the_requesters_language(
    client: Client, applicant: Any
) -> None:
    client.force_login(applicant.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "bo"
    response = client.post(
        "/servicedesk/new/",
        {
            "ticket_type": "consultation",
            "title": "营业执照",
            "content": "需要什么材料？",
            "division_code": "540100",
        },
    )
    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert ticket.language == "bo"
    page = client.get(response["Location"]).content.decode()
    assert ticket.number in page
    assert 'lang="bo"' in page


def test_script_in_the_form_is_refused_on_the_page(
    client: Client, applicant: Any
) -> None:
    client.force_login(applicant.user)
    response = client.post(
        "/servicedesk/new/",
        {
            "ticket_type": "complaint",
            "title": "<script>x</script>",
            "content": "内容",
            "division_code": "540100",
        },
    )
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main")[1]
    assert Ticket.objects.count() == 0


def test_the_workbench_offers_the_actions_the_user_may_take(
    client: Client, desk: dict[str, Any], orgs: dict[str, Any], applicant: Any
) -> None:
    ticket = file_ticket(applicant.user)
    client.force_login(desk["dispatcher"])
    page = client.get(f"/workbench/servicedesk/{ticket.uuid}/").content.decode()
    assert 'data-action="route"' in page
    assert 'data-action="reply"' in page
    assert 'data-action="assign"' not in page
    response = client.post(
        f"/workbench/servicedesk/{ticket.uuid}/route/",
        {"organisation_uuid": str(orgs["lhasa"].uuid)},
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.state == "in_progress"


def test_a_refused_action_shows_what_to_fix_on_the_form(
    client: Client, desk: dict[str, Any], orgs: dict[str, Any], applicant: Any
) -> None:
    ticket = file_ticket(applicant.user)
    actions.ticket_route(
        ticket=ticket, organisation=orgs["lhasa"], actor=desk["dispatcher"]
    )
    client.force_login(desk["handler"])
    response = client.post(f"/workbench/servicedesk/{ticket.uuid}/return/", {})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()


def test_the_agents_intake_suggests_knowledge_base_answers(
    client: Client, desk: dict[str, Any], orgs: dict[str, Any]
) -> None:
    entry = knowledge.knowledge_draft(
        actor=desk["handler"],
        organisation=orgs["lhasa"],
        texts={"question_zh_hans": "营业执照要多久", "answer_zh_hans": "5个工作日"},
    )
    knowledge.knowledge_submit(entry=entry, actor=desk["handler"])
    knowledge.knowledge_publish(entry=entry, actor=desk["dispatcher"])
    client.force_login(desk["dispatcher"])
    assert client.get("/workbench/servicedesk/intake/").status_code == 200
    found = client.get("/servicedesk/suggest/", {"title": "营业执照"}).content.decode()
    assert "5个工作日" in found
