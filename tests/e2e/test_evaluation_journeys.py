"""好差评 in a browser: an applicant rates a completed case 非常不满意 with a reason, the
supervisor verifies and assigns it, the unit contacts, rectifies and records the callback,
the applicant rates again, and the statistics and the public page change; and an on-site
evaluation through a window's QR page on a 360 px phone in Tibetan."""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, Page, expect
from rest_framework.test import APIClient

from tests.builders import applicant_with_account, case_staff, published_service
from tests.cases.conftest import GOOD_FORM, pdf
from tests.conftest import otp_verified
from tongban.accounts.domain.roles import Role
from tongban.core.permissions import SYSTEM
from tongban.evaluations.models import Evaluation, Rectification
from tongban.evaluations.services.submit import invitation_open
from tongban.regions import services as regions

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_divisions"),
]
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def as_user(browser: Browser, live_server: Any) -> Iterator[Callable[..., Page]]:
    contexts = []

    def make(
        user: Any = None, *, language: str = "zh-hans", phone: bool = False
    ) -> Page:
        options: dict[str, Any] = {"base_url": live_server.url, "bypass_csp": True}
        if phone:
            options.update(viewport=PHONE, is_mobile=True)
        context = browser.new_context(locale="zh-CN", **options)
        cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language}]
        if user is not None:
            client = otp_verified(Client(), user) if user.is_staff_member else Client()
            if not user.is_staff_member:
                client.force_login(user)
            session = client.cookies[settings.SESSION_COOKIE_NAME].value
            cookies.append({"name": settings.SESSION_COOKIE_NAME, "value": session})
        context.add_cookies([{**c, "url": live_server.url} for c in cookies])  # type: ignore[misc]
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def world(
    orgs: dict[str, Any], halls: dict[str, Any], make_staff: Any
) -> dict[str, Any]:
    service = published_service(orgs["lhasa"])
    staff = case_staff(make_staff)
    staff["supervisor"] = make_staff(
        "supervisor", Role.SUPERVISOR, division_code="540100"
    )
    applicant = applicant_with_account(language="zh-hans")
    window = regions.window_create(
        actor=SYSTEM, hall=halls["lhasa"], number="3", name="综合窗口"
    )
    return {
        "service": service,
        "staff": staff,
        "applicant": applicant,
        "window": window,
    }


def _closed_case(world: dict[str, Any]) -> str:
    applicant = APIClient()
    applicant.force_authenticate(world["applicant"].user)
    payload: dict[str, Any] = {
        "implementation_code": world["service"].implementation.code,
        "client_key": "journey-eval-1",
        "form": GOOD_FORM,
    }
    for material in world["service"].materials.filter(necessity="required"):
        payload[f"material_{material.pk}"] = pdf()
    uuid = applicant.post("/api/v1/public/cases/", payload, format="multipart").json()[
        "uuid"
    ]
    for who, action, body in (
        ("clerk", "accept", {}),
        ("officer", "approve-step", {}),
        ("officer2", "approve-step", {}),
        ("officer", "approve-step", {}),
        ("officer2", "decide", {"decision": "approve"}),
        ("officer2", "close", {"result_name": "营业执照"}),
    ):
        client = APIClient()
        client.force_authenticate(world["staff"][who])
        response = client.post(
            f"/api/v1/internal/cases/{uuid}/{action}", body, format="json"
        )
        assert response.status_code == 200, (action, response.json())
    return str(uuid)


def _act(page: Page, slug: str, fields: dict[str, str]) -> None:
    form = page.locator(f"form:has(input[name=action][value={slug}])")
    for name, value in fields.items():
        field = form.locator(f"[name={name}]")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    form.locator("button[type=submit]").click()


def test_a_bad_review_is_rectified_called_back_and_rated_again(
    world: dict[str, Any], as_user: Callable[..., Page]
) -> None:
    uuid = _closed_case(world)
    applicant = as_user(world["applicant"].user)
    applicant.goto(f"/me/cases/{uuid}/evaluate/close/")
    applicant.locator("input[name=level][value='5']").check()
    applicant.locator("input[name=bad][value=attitude]").check()
    applicant.locator("textarea[name=text]").fill("窗口人员态度生硬")
    applicant.locator("form.evaluation-form button[type=submit]").click()
    expect(applicant.locator("h1")).to_have_text("感谢您的评价")
    ticket = Rectification.objects.get()

    chief = as_user(world["staff"]["supervisor"])
    chief.goto("/workbench/evaluations/statistics/")  # before: nothing rectified yet
    expect(chief.locator("td[data-rate=rectified]")).to_have_text("0.00 %")
    chief.goto("/workbench/evaluations/tickets/")
    chief.locator(f"a[href='/workbench/evaluations/tickets/{ticket.uuid}/']").click()
    expect(chief.locator("dl.facts")).to_contain_text(
        "格桑"
    )  # the evaluator, for the supervisor
    _act(chief, "verify", {"reasons": "核实属实", "content_class": "attitude"})
    expect(chief.locator("h1")).to_contain_text("整改中")

    unit = as_user(world["staff"]["officer"])
    unit.goto(f"/workbench/evaluations/tickets/{ticket.uuid}/")
    expect(unit.locator("dl.facts")).not_to_contain_text("格桑")
    _act(unit, "contact", {"reasons": "已电话联系申请人"})
    _act(unit, "rectify", {"reasons": "对窗口人员进行服务规范培训"})
    _act(unit, "callback", {"reasons": "回访申请人", "outcome": "satisfied"})
    expect(unit.locator("h1")).to_contain_text("已回访")

    applicant.goto("/me/evaluations/")
    applicant.locator(f"a[href='/me/evaluations/{ticket.uuid}/again/']").click()
    applicant.locator("input[name=level][value='2']").check()
    applicant.locator("input[name=good][value=friendly]").check()
    applicant.locator("form.evaluation-form button[type=submit]").click()
    expect(applicant.locator("h1")).to_have_text("感谢您的评价")
    ticket.refresh_from_db()
    assert ticket.state == "closed"

    chief.goto("/workbench/evaluations/statistics/")
    expect(chief.locator("td[data-rate=rectified]")).to_have_text("100.00 %")
    expect(chief.locator("td[data-rate=good]")).to_have_text("100.00 %")
    public = as_user()
    public.goto("/evaluations/results/")
    expect(public.locator("td[data-rate=called_back]")).to_have_text("100.00 %")
    assert Evaluation.objects.filter(superseded=False, level=2).count() == 1


def test_an_onsite_evaluation_through_the_window_qr_page_on_a_phone_in_tibetan(
    world: dict[str, Any], as_user: Callable[..., Page]
) -> None:
    _invitation, token = invitation_open(
        actor=world["staff"]["clerk"], window=world["window"]
    )
    phone = as_user(language="bo", phone=True)
    phone.goto(f"/evaluations/visit/{token}/")
    expect(phone.locator("h1")).to_have_text("ང་ཚོའི་ཞབས་ཞུར་དཔྱད་བརྗོད་གནང་རོགས།")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert int(width) <= PHONE["width"]
    serious = [
        v["id"]
        for v in Axe().run(phone).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
    phone.locator("input[name=level][value='1']").check()
    phone.locator("input[name=good][value=friendly]").check()
    phone.locator("select[name=score_attitude]").select_option("1")
    phone.locator("form.evaluation-form button[type=submit]").click()
    expect(phone.locator("h1")).to_have_text("ཁྱེད་ཀྱི་དཔྱད་བརྗོད་ལ་ཐུགས་རྗེ་ཆེ།")
    evaluation = Evaluation.objects.get()
    assert (evaluation.stage, evaluation.channel) == ("onsite", "3")
    assert evaluation.window == world["window"]
    phone.goto(f"/evaluations/visit/{token}/")  # the QR code photographed and replayed
    expect(phone.locator("h1")).to_have_text("དཔྱད་བརྗོད་སྦྲེལ་མཐུད་འདི་བེད་སྤྱོད་བྱས་ཟིན།")
