"""Journey: open the portal, switch to Tibetan, log in as a clerk, see the workbench —
accessible (axe), keyboard-first, usable on a 360 px phone, with a large-text mode."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_divisions"),
]
TIBETAN = r"[\u0f00-\u0fff]"


def _serious_violations(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_portal_to_workbench_in_tibetan(page: Page, make_staff) -> None:  # type: ignore[no-untyped-def]
    make_staff("clerk.lhasa", "counter_clerk")
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    assert _serious_violations(page) == []

    page.get_by_role("button", name="བོད་ཡིག").click()
    expect(page.locator("html")).to_have_attribute("lang", "bo")
    expect(page.locator("h1")).to_have_text(re.compile(TIBETAN))
    assert _serious_violations(page) == []

    page.goto("/workbench/login/")
    page.locator("#id_username").fill("clerk.lhasa")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form.stacked button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/workbench/$"))
    expect(page.locator("html")).to_have_attribute("lang", "bo")
    expect(page.locator("main")).to_contain_text("clerk.lhasa")
    assert _serious_violations(page) == []


def test_the_portal_fits_a_360_px_phone(page: Page) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    for url in ("/", "/login/", "/workbench/login/"):
        page.goto(url)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - window.innerWidth"
        )
        assert overflow <= 0, (url, overflow)


def test_keyboard_users_reach_the_skip_link_first(page: Page) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_large_text_mode_persists(page: Page) -> None:
    page.goto("/")
    before = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    page.locator("form[action='/prefs/large-text/'] button").click()
    expect(page.locator("body")).to_have_class(re.compile("large-text"))
    page.goto("/login/")
    after = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert after >= before * 1.2
