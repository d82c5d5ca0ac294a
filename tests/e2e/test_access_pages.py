"""The registration, service agreement, progress query and lost-code pages: accessible (axe),
and they fit a 360 px phone; registration in the browser, from the phone step to the account."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD
from tongban.notifications.backends import MemorySms

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_divisions"),
]
PAGES = ("/register/", "/agreement/", "/progress/", "/progress/recover/")


def _serious_violations(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("language", ["zh-hans", "bo"])
def test_the_pages_are_accessible_and_fit_a_phone(page: Page, language: str) -> None:
    page.set_extra_http_headers({"Accept-Language": language})
    page.set_viewport_size({"width": 360, "height": 740})
    for url in PAGES:
        page.goto(url)
        assert _serious_violations(page) == [], url
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - window.innerWidth"
        )
        assert overflow <= 0, (url, overflow)


def test_a_person_registers_in_the_browser(page: Page) -> None:
    page.goto("/register/")
    page.locator("#id_phone").fill("13900000001")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/register/details/$"))
    code = re.search(r"\b\d{6}\b", MemorySms.sent[-1].body).group(0)  # type: ignore[union-attr]
    # First every mistake at once, with a summary linking the fields.
    page.locator("main form.stacked button[type=submit]").click()
    expect(page.locator("#form-errors li")).to_have_count(6)
    assert _serious_violations(page) == []
    page.locator("#id_code").fill(code)
    page.locator("#id_name").fill("卓嘎")
    page.locator("#id_id_number").fill("54010219900101002X")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password_again").fill(PASSWORD)
    page.locator("#id_agree").check()
    page.locator("main form.stacked button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/me/$"))
