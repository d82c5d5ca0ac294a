"""跨域通办 in the browser: a case taken in at the 城关区 hall for a 跨县通办 service of
堆龙德庆区, accepted and decided there, its originals and result sent by courier, and the
result handed over where it was handed in."""

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.builders import applicant_with_account, published_service
from tests.conftest import PASSWORD
from tongban.accounts.domain.roles import Role
from tongban.cases.models import Case
from tongban.core.permissions import SYSTEM
from tongban.regions import services as regions

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_divisions"),
]
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\nxref\n0 3\n0000000000 65535 f \n"
    b"0000000009 00000 n \n0000000052 00000 n \ntrailer<</Size 3/Root 1 0 R>>\n"
    b"startxref\n96\n%%EOF\n"
)
CHENGGUAN, DOILUNG = "540102", "540103"


@pytest.fixture
def world(make_staff: Callable[..., Any]) -> dict[str, Any]:
    made = {}
    for key, code, uscc in (
        ("chengguan", CHENGGUAN, "11540102MB0T000109"),
        ("doilung", DOILUNG, "11540103MB0T00020Q"),
    ):
        made[key] = regions.organisation_create(
            actor=SYSTEM,
            name=f"{key} 政务服务中心",
            uscc=uscc,
            division_code=code,
            exercise_level=4,
        )
    hall = regions.hall_create(
        actor=SYSTEM,
        name="城关区政务服务中心",
        kind="centre",
        division_code=CHENGGUAN,
        organisation=made["chengguan"],
    )
    service = published_service(made["doilung"], service_scope="4")  # 跨县通办
    for name, role, code in (
        ("cg_clerk", Role.COUNTER_CLERK, CHENGGUAN),
        ("dl_clerk", Role.COUNTER_CLERK, DOILUNG),
        ("dl_officer", Role.CASE_OFFICER, DOILUNG),
        ("dl_officer2", Role.CASE_OFFICER, DOILUNG),
    ):
        make_staff(name, role, division_code=code)
    return {
        "hall": hall,
        "code": service.implementation.code,
        "materials": {m.name: m.pk for m in service.materials.all()},
    }


@pytest.fixture
def new_page(browser: Browser, live_server: Any) -> Iterator[Callable[[str], Page]]:
    contexts: list[BrowserContext] = []

    def make(username: str) -> Page:
        context = browser.new_context(
            base_url=live_server.url, locale="zh-CN", bypass_csp=True
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(90_000)
        page.goto("/workbench/login/")
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(PASSWORD)
        page.locator("form.stacked button[type=submit]").click()
        expect(page).to_have_url(re.compile(r"/workbench/$"))
        return page

    yield make
    for context in contexts:
        context.close()


def _act(page: Page, event: str, fill: Callable[[Page], None] | None = None) -> None:
    action = page.locator(f"details[data-event={event}]")
    action.locator("summary").click()
    if fill:
        fill(page)
    action.locator("button[type=submit]").click()
    expect(page.locator(".messages li.success")).to_be_visible()


def _courier(page: Page, slug: str, event: str, tracking: str) -> None:
    form = page.locator(f"form[action$='/actions/{slug}/']")
    form.locator(f"#id_{event}-courier").fill("中国邮政EMS")
    form.locator(f"#id_{event}-tracking_number").fill(tracking)
    form.locator("button[type=submit]").click()
    expect(page.locator(".messages li.success")).to_be_visible()


def test_a_case_taken_in_at_one_county_is_decided_by_another(
    world: dict[str, Any], new_page: Callable[[str], Page]
) -> None:
    applicant = applicant_with_account(language="zh-hans")
    code, materials = world["code"], world["materials"]

    # 城关区: the clerk finds 堆龙德庆区's service among those it may take in for others.
    clerk = new_page("cg_clerk")
    clerk.goto("/workbench/intake/")
    clerk.get_by_role("link", name=re.compile("代收")).click()
    clerk.locator("#id_q").fill(code)
    clerk.locator("form[role=search] button").click()
    clerk.locator(f"#proxy-services a[href='/workbench/intake/{code}/']").click()
    clerk.locator("#id_id_type").select_option("111")
    clerk.locator("#id_id_number").fill("54010219900101002X")
    clerk.locator("#find-applicant button").click()
    expect(clerk).to_have_url(re.compile(rf"/{applicant.uuid}/$"))
    expect(clerk.locator("#proxy-intake")).to_contain_text("doilung")
    clerk.locator("#id_form_company_name").fill("堆龙雪域商贸有限公司")
    clerk.locator("#id_form_legal_rep_id").fill("54010219900101002X")
    pdf = {"name": "a.pdf", "mimeType": "application/pdf", "buffer": PDF}
    clerk.locator(f"#id_material_{materials['申请书']}").set_input_files(pdf)
    clerk.locator(f"#id_original_{materials['申请书']}").check()
    clerk.locator(f"#id_original_{materials['法定代表人身份证复印件']}").check()
    clerk.locator("input[name='proxy-delivery'][value='receiving_hall']").check()
    clerk.locator("main form button[type=submit]").click()
    expect(clerk).to_have_url(re.compile(r"/workbench/intake/receipt/"))
    case = Case.objects.get()
    assert case.organisation.name == "doilung 政务服务中心"

    clerk.goto("/workbench/crossregion/")
    clerk.get_by_role("link", name=case.number).click()
    _courier(clerk, "dispatch-originals", "dispatch_originals", "EA123456789CN")

    # 堆龙德庆区: the case is in its queue, marked as taken in at 城关区.
    handling = new_page("dl_clerk")
    handling.goto("/workbench/cases/")
    expect(handling.locator("[data-flag=proxy]")).to_contain_text("城关区政务服务中心")
    handling.get_by_role("link", name=case.number).click()
    _act(handling, "accept")
    handling.goto(f"/workbench/crossregion/{case.uuid}/")
    handling.locator("form[action$='/actions/receive-originals/'] button").click()
    expect(handling.locator(".messages li.success")).to_be_visible()

    officer, officer2 = new_page("dl_officer"), new_page("dl_officer2")
    for page in (officer, officer2, officer):
        page.goto(f"/workbench/cases/{case.uuid}/")
        _act(page, "approve_step")
    officer2.goto(f"/workbench/cases/{case.uuid}/")
    _act(
        officer2,
        "decide",
        lambda page: page.locator(
            "input[name='decide-decision'][value='approve']"
        ).check(),
    )
    _act(
        officer2,
        "close",
        lambda page: page.locator("#id_close-result_name").fill("营业执照"),
    )
    officer2.goto(f"/workbench/crossregion/{case.uuid}/")
    _courier(officer2, "send-result", "send_result", "EA987654321CN")

    # 城关区: the result arrives and is handed over at the counter.
    clerk.reload()
    expect(clerk.locator("#proxy-state")).to_contain_text("寄往收件大厅")
    clerk.locator("form[action$='/actions/receive-result/'] button").click()
    expect(clerk.locator(".messages li.success")).to_be_visible()
    clerk.locator("#hand-over button").click()
    expect(clerk.locator(".messages li.success")).to_be_visible()
    expect(clerk.locator("#proxy-case-state")).to_have_text("已送达")
    assert Case.objects.get().state == "delivered"
