"""Journey: a catalogue manager drafts a new version of a guide (a shorter promised
limit) and submits it, a second manager approves and publishes it, and the public guide
shows the new limit in Chinese and, after the language button, in Tibetan; a visitor
finds the service by its pinyin initials. The guide page has no serious or critical
axe violations.

The page locale is zh-CN, so the workbench is driven by stable selectors (ids, form
actions, button values) rather than by labels."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.builders import business_licence_item
from tests.conftest import PASSWORD
from tongban.accounts.domain.roles import Role
from tongban.catalog import services
from tongban.core.permissions import SYSTEM

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_divisions"),
]
GUIDE = {
    "statutory_limit": 20,
    "promised_limit": 5,
    "case_type": "2",
    "service_objects": ["2"],
    "handling_forms": ["1", "2"],
    "online_depth": 3,
    "visits_required": 1,
    "online_url": "https://zwfw.xizang.gov.cn/demo",
    "conditions": "依法设立的企业",
    "location": "拉萨市政务服务中心",
}


def _published_implementation(orgs) -> object:  # type: ignore[no-untyped-def]
    item = business_licence_item(name_bo="ཚོང་ལས་ཆོག་འཐམ།")
    implementation = services.implementation_create(
        actor=SYSTEM, basic_item=item, organisation=orgs["lhasa"]
    )
    draft = services.version_draft(actor=SYSTEM, implementation=implementation)
    services.version_update(actor=SYSTEM, version=draft, **GUIDE)
    services.child_add(
        actor=SYSTEM,
        version=draft,
        kind="materials",
        name="申请书",
        necessity="required",
        source="applicant",
    )
    services.version_submit(actor=SYSTEM, version=draft)
    services.version_approve(actor=SYSTEM, version=draft)
    services.version_publish(actor=SYSTEM, version=draft)
    return implementation


def _serious_violations(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def _staff_page(browser: Browser, live_server, username: str) -> Page:  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto("/workbench/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form.stacked button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/workbench/$"))
    return page


def _draft_and_submit(manager: Page, implementation) -> None:  # type: ignore[no-untyped-def]
    manager.goto("/workbench/catalog/")
    manager.get_by_role("link", name="营业执照 设立登记").click()
    manager.locator("#id_change_summary").fill("承诺时限缩短为 3 个工作日")
    manager.locator("form[action$='/draft'] button").click()
    expect(manager).to_have_url(re.compile(rf"/{implementation.uuid}/v2/$"))
    manager.locator("#id_promised_limit").fill("3")
    manager.locator("#edit-form button[type=submit]").click()
    expect(manager.locator("#id_promised_limit")).to_have_value("3")
    expect(manager.locator("#completeness-score")).to_have_text(re.compile(r"\d+%"))
    manager.locator("form[action$='/submit'] button").click()
    expect(manager.locator("#version-status")).to_have_text(re.compile(r"\S"))
    expect(manager.locator("button[name=decision][value=approve]")).to_be_visible()


def _approve_and_publish(reviewer: Page) -> None:
    reviewer.goto("/workbench/catalog/review/")
    reviewer.get_by_role("link", name="营业执照 设立登记").click()
    reviewer.locator("button[name=decision][value=approve]").click()
    expect(reviewer).to_have_url(re.compile(r"/workbench/catalog/review/$"))
    reviewer.get_by_role("link", name="营业执照 设立登记").click()
    reviewer.locator("form[action$='/publish'] button[type=submit]").click()
    expect(reviewer.locator("form[action$='/publish']")).to_have_count(0)


def test_a_new_version_is_drafted_approved_published_and_found(  # type: ignore[no-untyped-def]
    page: Page, browser: Browser, live_server, make_staff, orgs
) -> None:
    implementation = _published_implementation(orgs)
    make_staff("catalogue.drafter", Role.CATALOGUE_MANAGER, division_code="540000")
    make_staff("catalogue.approver", Role.CATALOGUE_MANAGER, division_code="540000")

    manager = _staff_page(browser, live_server, "catalogue.drafter")
    _draft_and_submit(manager, implementation)
    # The author cannot approve their own submission: the service refuses, the page says so.
    manager.locator("button[name=decision][value=approve]").click()
    expect(manager.locator("form[action$='/review'] [role=alert]")).to_be_visible()
    manager.context.close()
    reviewer = _staff_page(browser, live_server, "catalogue.approver")
    _approve_and_publish(reviewer)
    reviewer.context.close()

    page.goto(f"/items/{implementation.code}/")
    expect(page.locator("article.guide")).to_contain_text("3 个工作日")
    expect(page.locator("article.guide")).not_to_contain_text("5 个工作日")
    assert _serious_violations(page) == []
    page.get_by_role("button", name="བོད་ཡིག").click()
    expect(page.locator("html")).to_have_attribute("lang", "bo")
    expect(page.locator("article.guide")).to_contain_text("ལས་ཀའི་ཉིན་མོ་ 3")
    expect(page.locator("h1")).to_have_text(re.compile(r"[\u0f00-\u0fff]"))
    assert _serious_violations(page) == []

    page.goto("/items/")
    page.locator("#q").fill("yyzz")
    page.locator("form[role=search] button[type=submit]").click()
    result = page.locator("ul.results a").first
    expect(result).to_have_text(re.compile("ཚོང་ལས|营业执照"))
    result.click()
    expect(page).to_have_url(re.compile(rf"/items/{implementation.code}/$"))
