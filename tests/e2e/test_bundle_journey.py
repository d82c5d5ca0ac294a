"""一件事 in the browser: a bundle applied for with one form creating three sub-cases —
from the public bundle list, through the guide and the one form (a field three items need
asked once, a shared material given once), to the bundle case page with its three
sub-cases, two of them waiting for the first; on a computer and on a 360 px phone."""

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, Page, expect

from tests.builders import applicant_with_account
from tests.bundle_builders import GOOD_FORM, newborn_bundle
from tongban.cases.models import BundleCase, Case

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
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def world(orgs: dict[str, Any], time_machine: Any) -> dict[str, Any]:
    time_machine.move_to("2026-03-02 10:00:00+08:00", tick=True)
    return {
        "bundle": newborn_bundle(orgs["lhasa"]),
        "applicant": applicant_with_account(language="zh-hans"),
    }


@pytest.fixture
def logged_in(browser: Browser, live_server: Any) -> Iterator[Callable[..., Page]]:
    contexts = []

    def make(user: Any, *, phone: bool = False) -> Page:
        options: dict[str, Any] = (
            {"viewport": PHONE, "is_mobile": True} if phone else {}
        )
        context = browser.new_context(
            base_url=live_server.url, locale="zh-CN", bypass_csp=True, **options
        )
        client = Client()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": session,
                    "url": live_server.url,
                },
                {
                    "name": settings.LANGUAGE_COOKIE_NAME,
                    "value": "zh-hans",
                    "url": live_server.url,
                },
            ]
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.mark.parametrize("phone", [False, True], ids=["computer", "phone-360"])
def test_a_bundle_applied_for_with_one_form_creates_three_sub_cases(
    world: dict[str, Any], logged_in: Callable[..., Page], phone: bool
) -> None:
    page = logged_in(world["applicant"].user, phone=phone)
    page.goto("/bundles/")
    page.locator("#bundle-list a[href='/bundles/newborn/']").click()
    expect(page.locator("#bundle-materials li")).to_have_count(4)  # 父母身份证 once
    page.locator("#bundle-apply").click()
    expect(page).to_have_url(re.compile(r"/apply/bundle/newborn/$"))
    expect(page.locator("input[name=form_child_name]")).to_have_count(1)
    for key, value in GOOD_FORM.items():
        page.locator(f"#id_form_{key}").fill(value)
    files = page.locator("input[type=file]")
    expect(files).to_have_count(4)
    for index in range(4):
        files.nth(index).set_input_files(
            {"name": f"scan{index}.pdf", "mimeType": "application/pdf", "buffer": PDF}
        )
    page.locator("main form button[value=submit]").click()
    expect(page).to_have_url(re.compile(r"/me/bundles/[0-9a-f-]+/$"))
    expect(page.locator("#bundle-number")).to_have_text(re.compile(r"^YJS-NEWBORN-"))
    expect(page.locator("#query-code")).to_have_text(re.compile(r"^\d{10}$"))
    expect(page.locator("[data-part]")).to_have_count(3)
    expect(page.locator("[data-part] .waiting")).to_have_count(2)
    expect(page.locator("#bundle-status")).to_have_attribute(
        "data-status", "in_progress"
    )
    if phone:
        # Measured once the stylesheet applies: the text checks above can pass while
        # tongban.css is still loading, and the unstyled page is 440 px wide (the 43-
        # character sub-case numbers, unbroken until .case-number's break-all applies).
        page.wait_for_load_state("load")
        page.evaluate("document.fonts.ready.then(() => true)")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], width
    bundle_case = BundleCase.objects.get()
    assert bundle_case.parts.count() == 3
    assert Case.objects.filter(state="submitted").count() == 1
    assert Case.objects.filter(state="draft").count() == 2
