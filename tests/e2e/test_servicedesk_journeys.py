"""Service-desk journeys in the browser: (a) a citizen complains about their case from
its page → the routing rule sends it to the unit → the handler takes it, asks for an
extension the dispatcher approves, replies → the citizen is not satisfied → reopened →
replied again → the callback records satisfaction; (b) a 12345 agent's intake finds the
knowledge-base answer while typing the caller's question."""

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from rest_framework.test import APIClient

from tests.builders import applicant_with_account, published_service
from tests.conftest import PASSWORD
from tests.e2e.test_case_journeys import PDF
from tongban.accounts.domain.roles import Role
from tongban.core.permissions import SYSTEM
from tongban.servicedesk.models import Ticket
from tongban.servicedesk.services import knowledge
from tongban.servicedesk.services.rules import routing_rule_create

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_divisions"),
]


@pytest.fixture
def new_page(browser: Browser, live_server: Any) -> Iterator[Callable[[], Page]]:
    contexts: list[BrowserContext] = []

    def make() -> Page:
        context = browser.new_context(
            base_url=live_server.url, locale="zh-CN", bypass_csp=True
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def desk(orgs: dict[str, Any], make_staff: Callable[..., Any]) -> dict[str, Any]:
    return {
        "dispatcher": make_staff("dispatcher", Role.SERVICE_DESK_AGENT, "540100"),
        "handler": make_staff(
            "handler", Role.CASE_OFFICER, None, organisation=orgs["lhasa"]
        ),
    }


def _case_of(applicant: Any, service: Any) -> dict[str, Any]:
    client = APIClient()
    client.force_authenticate(applicant.user)
    payload: dict[str, Any] = {
        "implementation_code": service.implementation.code,
        "client_key": "key-e2e-0001",
        "form": '{"company_name": "拉萨雪域商贸有限公司", '
        '"legal_rep_id": "54010219900101002X"}',
    }
    for material in service.materials.all():
        if material.necessity == "required":
            from django.core.files.uploadedfile import SimpleUploadedFile

            payload[f"material_{material.pk}"] = SimpleUploadedFile(
                "a.pdf", PDF, content_type="application/pdf"
            )
    response = client.post("/api/v1/public/cases/", payload, format="multipart")
    assert response.status_code == 201, response.content
    return response.json()


def _login(page: Page, url: str, username: str, landing: str) -> None:
    page.goto(url)
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(landing))


def _act(page: Page, uuid: str, slug: str, **fields: str) -> None:
    page.goto(f"/workbench/servicedesk/{uuid}/")
    form = page.locator(f"form[action$='/{slug}/']")
    for name, value in fields.items():
        target = form.locator(f"[name={name}]")
        if target.evaluate("e => e.tagName") == "SELECT":
            target.select_option(value)
        else:
            target.fill(value)
    form.locator("button[type=submit]").click()
    expect(page.locator(".messages li.success")).to_be_visible()


def test_a_complaint_about_a_case_goes_round_the_closed_loop(
    orgs: dict[str, Any], desk: dict[str, Any], new_page: Callable[[], Page]
) -> None:
    service = published_service(orgs["lhasa"])
    applicant = applicant_with_account(language="zh-hans")
    case = _case_of(applicant, service)
    routing_rule_create(actor=SYSTEM, target=orgs["lhasa"], ticket_type="complaint")

    citizen = new_page()
    _login(citizen, "/login/", "13800000001", r"/me/$")
    citizen.goto(f"/me/cases/{case['uuid']}/")
    citizen.locator("#complain-about-case").click()
    expect(citizen.locator("#id_case_number")).to_have_value(case["number"])
    citizen.locator("#id_title").fill("受理窗口让我跑了三次")
    citizen.locator("#id_content").fill("材料齐全却被要求反复补充。")
    citizen.locator("#file-submit").click()
    expect(citizen.locator("#ticket-state")).to_have_text("承办单位办理中")
    ticket = Ticket.objects.get()
    assert ticket.handling_organisation == orgs["lhasa"]
    assert ticket.case.number == case["number"]
    uuid = str(ticket.uuid)

    handler = new_page()
    _login(handler, "/workbench/login/", "handler", r"/workbench/$")
    handler.goto("/workbench/servicedesk/")
    handler.get_by_role("link", name=ticket.number).click()
    expect(handler.locator("#ticket-requester")).to_contain_text("格桑")
    _act(handler, uuid, "assign", handler_username="handler")
    _act(handler, uuid, "request-extension", days="3", reason="需调取窗口录像")

    dispatcher = new_page()
    _login(dispatcher, "/workbench/login/", "dispatcher", r"/workbench/$")
    dispatcher.goto(f"/workbench/servicedesk/{uuid}/")
    expect(dispatcher.locator("#pending-extension")).to_contain_text("需调取窗口录像")
    _act(dispatcher, uuid, "approve-extension")
    ticket.refresh_from_db()
    assert ticket.clock_extension == 3

    _act(handler, uuid, "reply", reply="已核实，窗口人员已接受批评教育。")
    citizen.goto(f"/servicedesk/t/{uuid}/")
    expect(citizen.locator("#ticket-reply")).to_contain_text("批评教育")

    _act(dispatcher, uuid, "reopen", reason="诉求人希望当面致歉")
    _act(handler, uuid, "reply", reply="已当面致歉。")
    _act(dispatcher, uuid, "callback", satisfaction="satisfied")

    citizen.goto(f"/servicedesk/t/{uuid}/")
    expect(citizen.locator("#ticket-state")).to_have_text("已办结")
    expect(citizen.locator("#ticket-reply")).to_contain_text("已当面致歉")
    ticket.refresh_from_db()
    assert ticket.satisfaction == "satisfied"
    assert ticket.reopen_count == 1


def test_a_phone_agent_finds_the_knowledge_base_answer_while_typing(
    orgs: dict[str, Any],
    desk: dict[str, Any],
    make_staff: Callable[..., Any],
    new_page: Callable[[], Page],
) -> None:
    entry = knowledge.knowledge_draft(
        actor=desk["handler"],
        organisation=orgs["lhasa"],
        texts={
            "question_zh_hans": "营业执照办下来要多久？",
            "answer_zh_hans": "材料齐全的，5个工作日内办结。",
        },
    )
    knowledge.knowledge_submit(entry=entry, actor=desk["handler"])
    knowledge.knowledge_publish(entry=entry, actor=desk["dispatcher"])

    agent = new_page()
    _login(agent, "/workbench/login/", "dispatcher", r"/workbench/$")
    agent.goto("/workbench/servicedesk/intake/")
    agent.locator("#id_title").press_sequentially("营业执照 多久")
    suggestion = agent.locator("#suggestions .suggestion")
    expect(suggestion).to_have_count(1)
    suggestion.locator("summary").click()
    expect(suggestion).to_contain_text("5个工作日内办结")


def test_an_answer_is_drafted_reviewed_and_published_on_the_workbench_pages(
    orgs: dict[str, Any], desk: dict[str, Any], new_page: Callable[[], Page]
) -> None:
    author = new_page()
    _login(author, "/workbench/login/", "handler", r"/workbench/$")
    author.goto("/workbench/servicedesk/knowledge/")
    author.locator("#knowledge-new").click()
    author.locator("#id_question_zh_hans").fill("个体工商户登记要带什么？")
    author.locator("#id_answer_zh_hans").fill("身份证和经营场所证明。")
    author.locator("#id_question_bo").fill("ཚོང་པ་སྒེར་གྱི་ཐོ་འགོད་ལ་ཅི་དགོས།")
    author.locator("#id_answer_bo").fill("ངོ་སྤྲོད་ལག་ཁྱེར།")
    author.locator("#knowledge-save").click()
    expect(author.locator("#knowledge-status")).to_have_text("草稿")
    author.locator("#knowledge-submit").click()
    expect(author.locator("#knowledge-status")).to_have_text("待审核")
    expect(author.locator("#knowledge-publish")).to_have_count(0)
    entry_url = author.url

    reviewer = new_page()
    _login(reviewer, "/workbench/login/", "dispatcher", r"/workbench/$")
    reviewer.goto(entry_url)
    reviewer.locator("#knowledge-publish").click()
    expect(reviewer.locator("#knowledge-status")).to_have_text("已发布")

    reviewer.goto("/workbench/servicedesk/intake/")
    reviewer.locator("#id_title").press_sequentially("工商户登记")
    # Chinese characters are inserted without key events; a key press sends the keyup.
    reviewer.locator("#id_title").press("End")
    suggestion = reviewer.locator("#suggestions .suggestion")
    expect(suggestion).to_have_count(1, timeout=15_000)
    expect(suggestion).to_contain_text("个体工商户登记")


def test_a_citizen_answers_the_callback_online_from_my_tickets(
    orgs: dict[str, Any], desk: dict[str, Any], new_page: Callable[[], Page]
) -> None:
    from tests.servicedesk.conftest import file_ticket
    from tongban.servicedesk.services import actions

    applicant = applicant_with_account(language="zh-hans")
    ticket = file_ticket(applicant.user, ticket_type="consultation", title="社保转移")
    ticket = actions.ticket_route(
        ticket=ticket, organisation=orgs["lhasa"], actor=desk["dispatcher"]
    )
    actions.ticket_reply(
        ticket=ticket, actor=desk["handler"], reply="请到社保窗口办理。"
    )

    citizen = new_page()
    _login(citizen, "/login/", "13800000001", r"/me/$")
    citizen.goto("/servicedesk/mine/")
    citizen.get_by_role("link", name=ticket.number).click()
    expect(citizen.locator("#ticket-reply")).to_contain_text("社保窗口")
    citizen.locator("#answer-satisfied").click()
    expect(citizen.locator("#ticket-state")).to_have_text("已办结")
    expect(citizen.locator("#ticket-satisfaction")).to_contain_text("满意")
