"""Journeys of a case in the browser: (a) online in Chinese from the guide through a
supplement, acceptance (the 受理通知书 PDF and its QR page), three review steps by two
officers and the decision, back to the applicant; (b) the same start in Tibetan; (c) a
counter intake ending on the printable receipt. Axe checks the applicant's and the
workbench's case pages."""

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.builders import applicant_with_account, case_staff, published_service
from tests.conftest import PASSWORD
from tongban.cases.models import Case, Notice

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_divisions"),
]
TIBETAN = re.compile(r"[\u0f00-\u0fff]")
PDF = (  # the smallest PDF a parser accepts: catalog, empty page tree, cross-reference
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\nxref\n0 3\n0000000000 65535 f \n"
    b"0000000009 00000 n \n0000000052 00000 n \ntrailer<</Size 3/Root 1 0 R>>\n"
    b"startxref\n96\n%%EOF\n"
)


def _file(name: str) -> dict[str, Any]:
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


def _serious_violations(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']} {[node['html'] for node in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def world(orgs: dict[str, Any], make_staff: Callable[..., Any]) -> dict[str, Any]:
    service = published_service(orgs["lhasa"])
    return {
        "service": service,
        "code": service.implementation.code,
        "materials": {m.name: m.pk for m in service.materials.all()},
        "staff": case_staff(make_staff),
    }


@pytest.fixture
def new_page(browser: Browser, live_server: Any) -> Iterator[Callable[[], Page]]:
    """Another browser context per person, so each has their own session."""
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


def _login_applicant(page: Page, phone: str) -> None:
    page.goto("/login/")
    page.locator("#id_username").fill(phone)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form[action='/login/'] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/me/$"))


def _login_staff(page: Page, username: str) -> None:
    page.goto("/workbench/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form.stacked button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/workbench/$"))


def _apply(
    page: Page, world: dict[str, Any], uploads: tuple[str, ...] = ("申请书",)
) -> tuple[str, str]:
    """From the guide: fill the form, upload materials, submit; number and query code."""
    page.goto(f"/items/{world['code']}/")
    page.locator(f"a[href='/apply/{world['code']}/']").click()
    page.locator("#id_form_company_name").fill("拉萨雪域商贸有限公司")
    page.locator("#id_form_legal_rep_id").fill("54010219900101002X")
    for name in uploads:
        page.locator(f"#id_material_{world['materials'][name]}").set_input_files(
            _file(f"{name}.pdf")
        )
    page.locator("main form button[value=submit]").click()  # not "Save draft"
    expect(page).to_have_url(re.compile(r"/submitted/$"))
    return page.locator("#case-number").inner_text(), page.locator(
        "#query-code"
    ).inner_text()


def _act(page: Page, event: str, fill: Callable[[Page], None] | None = None) -> None:
    """Open an action on the workbench case page, fill it, submit, land back."""
    action = page.locator(f"details[data-event={event}]")
    action.locator("summary").click()
    if fill:
        fill(page)
    action.locator("button[type=submit]").click()
    expect(page.locator(".messages li.success")).to_be_visible()
    expect(page.locator(f"details[data-event={event}][open]")).to_have_count(0)


def _open_case(page: Page, number: str) -> None:
    page.goto("/workbench/cases/")
    page.get_by_role("link", name=number).click()
    expect(page.locator("#case-number")).to_have_text(number)


def test_apply_online_logs_in_and_lands_back_on_the_form(
    world: dict[str, Any], new_page: Callable[[], Page]
) -> None:
    """网上办理 → login → the apply form, not 我的服务."""
    applicant_with_account(language="zh-hans")
    page = new_page()
    page.goto(f"/items/{world['code']}/")
    page.locator(f"a[href='/apply/{world['code']}/']").click()
    expect(page).to_have_url(re.compile(r"/login/\?next="))
    page.locator("#id_username").fill("13800000001")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form[action='/login/'] button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/apply/{world['code']}/$"))
    expect(page.locator("#id_form_company_name")).to_be_visible()


def test_online_application_to_decision_in_chinese(
    world: dict[str, Any], new_page: Callable[[], Page]
) -> None:
    applicant_with_account(language="zh-hans")
    id_copy = world["materials"]["法定代表人身份证复印件"]
    person = new_page()
    _login_applicant(person, "13800000001")
    number, query_code = _apply(person, world)
    assert re.fullmatch(r"\d{10}", query_code)

    clerk = new_page()
    _login_staff(clerk, "clerk")
    _open_case(clerk, number)

    def name_the_id_copy(page: Page) -> None:
        page.locator(
            f"input[name='request_supplement-missing'][value='{id_copy}']"
        ).check()
        page.locator("#id_request_supplement-reasons").fill("未提交身份证复印件")

    _act(clerk, "request_supplement", name_the_id_copy)

    person.get_by_role("link", name=re.compile("My cases|我的办件")).first.click()
    person.get_by_role("link", name=number).click()
    expect(person.locator("main")).to_contain_text("未提交身份证复印件")
    person.locator(f"#id_material_{id_copy}").set_input_files(_file("身份证.pdf"))
    person.locator("#h-supplement ~ form button[type=submit]").click()
    expect(person.locator(".messages li.success")).to_be_visible()
    assert _serious_violations(person) == []

    clerk.reload()
    _act(clerk, "accept")
    assert _serious_violations(clerk) == []
    link = clerk.locator("a.notice-link[data-kind=acceptance]")
    pdf = clerk.request.get(link.get_attribute("href") or "")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    notice = Notice.objects.get(kind="acceptance")
    clerk.goto(f"/notices/verify/{notice.verify_code}/")
    expect(clerk.locator("main")).to_contain_text(number)
    expect(clerk.locator("main")).to_contain_text(notice.number)

    officer, officer2 = new_page(), new_page()
    _login_staff(officer, "officer")
    _login_staff(officer2, "officer2")
    for page in (officer, officer2, officer):
        _open_case(page, number)
        _act(page, "approve_step")
    _open_case(officer2, number)
    _act(
        officer2,
        "decide",
        lambda page: page.locator(
            "input[name='decide-decision'][value='approve']"
        ).check(),
    )
    assert Case.objects.get().state == "decided"

    person.reload()
    expect(person.locator("#case-decision")).to_be_visible()
    assert person.locator("a.notice-link[data-kind=approval]").count() == 1


def test_online_application_and_acceptance_in_tibetan(
    world: dict[str, Any], new_page: Callable[[], Page]
) -> None:
    applicant_with_account(language="zh-hans")
    person = new_page()
    person.goto("/")
    person.get_by_role("button", name="བོད་ཡིག").click()
    expect(person.locator("html")).to_have_attribute("lang", "bo")
    _login_applicant(person, "13800000001")
    number, _code = _apply(person, world, ("申请书", "法定代表人身份证复印件"))
    expect(person.locator("html")).to_have_attribute("lang", "bo")
    expect(person.locator("nav.main-nav")).to_contain_text(TIBETAN)
    assert Case.objects.get().language == "bo"  # notices follow the language used

    clerk = new_page()
    clerk.goto("/")
    clerk.get_by_role("button", name="བོད་ཡིག").click()
    _login_staff(clerk, "clerk")
    _open_case(clerk, number)
    expect(clerk.locator("nav.main-nav")).to_contain_text(TIBETAN)
    _act(clerk, "accept")
    assert Notice.objects.get(kind="acceptance").language == "bo"

    person.locator("main a.btn[href*='/me/cases/']").first.click()
    expect(person.locator("a.notice-link[data-kind=acceptance]")).to_be_visible()
    expect(person.locator("html")).to_have_attribute("lang", "bo")
    expect(person.locator("nav.main-nav")).to_contain_text(TIBETAN)
    expect(person.locator("main .timeline, main section").first).to_contain_text(
        TIBETAN
    )


def test_counter_intake_ends_on_a_printable_receipt(
    world: dict[str, Any], new_page: Callable[[], Page]
) -> None:
    applicant = applicant_with_account(language="zh-hans")
    materials = world["materials"]
    clerk = new_page()
    _login_staff(clerk, "clerk")
    clerk.locator("nav a[href='/workbench/intake/']").click()
    clerk.locator("#id_q").fill(world["code"])
    clerk.locator("form[role=search] button").click()
    clerk.locator(
        f"#intake-results a[href='/workbench/intake/{world['code']}/']"
    ).click()
    clerk.locator("#id_id_type").select_option("111")
    clerk.locator("#id_id_number").fill("54010219900101002X")
    clerk.locator("#find-applicant button").click()
    expect(clerk).to_have_url(re.compile(rf"/{applicant.uuid}/$"))
    clerk.locator("#id_form_company_name").fill("拉萨雪域商贸有限公司")
    clerk.locator("#id_form_legal_rep_id").fill("54010219900101002X")
    clerk.locator(f"#id_material_{materials['申请书']}").set_input_files(_file("a.pdf"))
    clerk.locator(f"#id_original_{materials['申请书']}").check()
    clerk.locator(f"#id_original_{materials['法定代表人身份证复印件']}").check()
    clerk.locator("main form button[type=submit]").click()

    expect(clerk).to_have_url(re.compile(r"/workbench/intake/receipt/"))
    case = Case.objects.get()
    expect(clerk.locator("#case-number")).to_have_text(case.number)
    expect(clerk.locator("#query-code")).to_have_text(re.compile(r"^\d{10}$"))
    expect(clerk.locator(".receipt")).to_contain_text("法定代表人身份证复印件")
    clerk.emulate_media(media="print")
    expect(clerk.locator(".site-header")).to_be_hidden()
    expect(clerk.locator("button[data-print]")).to_be_hidden()
    expect(clerk.locator(".receipt")).to_be_visible()
