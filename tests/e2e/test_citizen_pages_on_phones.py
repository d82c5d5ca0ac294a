"""Every citizen page on a 360 px phone: nothing scrolls sideways (the case number, the
case list and the theme buttons used to), and axe finds no serious or critical problem.
Pages are visited as a first-time visitor and, for the applicant's own pages, logged in."""

from collections.abc import Callable
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, Page
from rest_framework.test import APIClient

from tests.builders import applicant_with_account, published_service

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_divisions"),
]
PDF = (  # the smallest PDF the upload's parser accepts: catalog, page tree, xref
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\nxref\n0 3\n0000000000 65535 f \n"
    b"0000000009 00000 n \n0000000052 00000 n \ntrailer<</Size 3/Root 1 0 R>>\n"
    b"startxref\n96\n%%EOF\n"
)
PHONE = {"width": 360, "height": 740}


def _serious(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']} {[n['html'] for n in v['nodes']][:2]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def _overflow(page: Page) -> int:
    # Against the phone's width, not innerWidth: a mobile browser widens its layout
    # viewport to fit content that overflows, which would hide the overflow.
    width = page.evaluate("document.documentElement.scrollWidth")
    return int(width) - PHONE["width"]


@pytest.fixture
def world(orgs: dict[str, Any], halls: dict[str, Any]) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    service = published_service(orgs["lhasa"])
    applicant = applicant_with_account(language="zh-hans")
    api = APIClient()
    api.force_authenticate(applicant.user)
    payload: dict[str, Any] = {
        "implementation_code": service.implementation.code,
        "client_key": "phone-check-0001",
        "form": '{"company_name": "拉萨雪域商贸有限公司", '
        '"legal_rep_id": "54010219900101002X"}',
    }
    for material in service.materials.filter(necessity="required"):
        payload[f"material_{material.pk}"] = SimpleUploadedFile(
            "scan.pdf", PDF, content_type="application/pdf"
        )
    case = api.post("/api/v1/public/cases/", payload, format="multipart").json()
    assert "uuid" in case, case
    return {"service": service, "applicant": applicant, "case": case}


@pytest.fixture
def phone(browser: Browser, live_server: Any) -> Callable[..., Page]:
    contexts = []

    def make(*, user: Any = None, language: str = "zh-hans") -> Page:
        context = browser.new_context(
            base_url=live_server.url,
            viewport=PHONE,
            locale="zh-CN",
            bypass_csp=True,
            is_mobile=True,
        )
        cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language}]
        if user is not None:
            client = Client()
            client.force_login(user)
            session = client.cookies[settings.SESSION_COOKIE_NAME].value
            cookies.append({"name": settings.SESSION_COOKIE_NAME, "value": session})
        context.add_cookies(
            [{**c, "url": live_server.url} for c in cookies]  # type: ignore[misc]
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield make  # type: ignore[misc]
    for context in contexts:
        context.close()


def _public_pages(world: dict[str, Any]) -> list[str]:
    code = world["service"].implementation.code
    return [
        "/",
        "/items/?q=yyzz",
        "/items/?theme=l_establish",
        f"/items/{code}/",
        "/progress/",
        "/login/",
        "/register/",
        "/halls/",
    ]


def _own_pages(world: dict[str, Any]) -> list[str]:
    code = world["service"].implementation.code
    return [f"/apply/{code}/", "/me/cases/", f"/me/cases/{world['case']['uuid']}/"]


def _check(page: Page, url: str) -> list[str]:
    problems = []
    if (overflow := _overflow(page)) > 0:
        problems.append(f"{url}: scrolls sideways by {overflow}px")
    problems.extend(f"{url}: {v}" for v in _serious(page))
    return problems


@pytest.mark.parametrize("language", ["zh-hans", "bo"])
def test_public_pages_fit_a_phone(
    world: dict[str, Any], phone: Callable[..., Page], language: str
) -> None:
    page = phone(language=language)
    problems = []
    for url in _public_pages(world):
        response = page.goto(url)
        assert response is not None, url
        assert response.status == 200, url
        problems.extend(_check(page, url))
    assert problems == []


@pytest.mark.parametrize("language", ["zh-hans", "bo"])
def test_the_applicants_pages_fit_a_phone(
    world: dict[str, Any], phone: Callable[..., Page], language: str
) -> None:
    page = phone(user=world["applicant"].user, language=language)
    problems = []
    for url in _own_pages(world):
        response = page.goto(url)
        assert response is not None, url
        assert response.status == 200, url
        problems.extend(_check(page, url))
    assert problems == []


def test_the_progress_result_fits_a_phone(
    world: dict[str, Any], phone: Callable[..., Page]
) -> None:
    page = phone()
    page.goto("/progress/")
    page.locator("#id_number").fill(world["case"]["number"])
    page.locator("#id_query_code").fill(world["case"]["query_code"])
    page.locator("form.stacked button[type=submit]").click()
    page.locator("#progress-result").wait_for()
    assert _check(page, "/progress/ (result)") == []


def test_theme_buttons_do_not_push_results_below_the_fold(
    world: dict[str, Any], phone: Callable[..., Page]
) -> None:
    page = phone()
    page.goto("/items/")
    first_result = page.locator("ul.results li").first
    top = first_result.bounding_box()
    assert top is not None
    assert top["y"] < PHONE["height"], top


def test_my_cases_are_cards_on_a_phone(
    world: dict[str, Any], phone: Callable[..., Page]
) -> None:
    page = phone(user=world["applicant"].user)
    page.goto("/me/cases/")
    service = page.locator("table.data tbody tr").first.locator("td").nth(1)
    box = service.bounding_box()
    assert box is not None
    # One-character columns were ~30 px wide; a card row spans the screen.
    assert box["width"] > PHONE["width"] / 2, box
