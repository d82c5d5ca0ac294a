"""A material fetched from a data source at application, in the browser, over real HTTP
to the reference provider process: the form opens pre-filled from shared data, the
applicant agrees to the fetch instead of uploading, the case shows the record received and
the applicant sees who looked at their data. Then the provider is stopped mid-application:
the applicant uploads instead, nothing is lost, the case says the source was down, and the
clerk's "ask again" replaces the upload by the record once the provider is back."""

import datetime
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.builders import applicant_with_account, case_staff, published_service
from tests.conftest import PASSWORD
from tests.sharing_provider import sharing_provider
from tongban.cases.models import Case
from tongban.catalog import services as catalog
from tongban.core.permissions import SYSTEM
from tongban.sharing.adapters import breakers_reset
from tongban.sharing.models import AccessLog

__all__ = ["sharing_provider"]

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
ADDRESS = "西藏自治区拉萨市城关区北京中路1号（演示）"


def _file(name: str) -> dict[str, Any]:
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


def _serious_violations(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def world(orgs: dict[str, Any], make_staff: Callable[..., Any]) -> dict[str, Any]:
    service = published_service(orgs["lhasa"])
    draft = catalog.version_draft(actor=SYSTEM, implementation=service.implementation)
    catalog.child_add(
        actor=SYSTEM,
        version=draft,
        kind="materials",
        name="户口簿",
        necessity="required",
        source="shared_data",
        data_source="household",
    )
    catalog.child_add(
        actor=SYSTEM,
        version=draft,
        kind="form_fields",
        key="registered_address",
        label="户籍地址",
        required=False,
        shared_field="household.registered_address",
    )
    catalog.version_submit(actor=SYSTEM, version=draft)
    catalog.version_approve(actor=SYSTEM, version=draft)
    catalog.version_publish(
        actor=SYSTEM, version=draft, effective_from=datetime.date(2026, 1, 2)
    )
    applicant_with_account(language="zh-hans")
    return {
        "code": service.implementation.code,
        "materials": {m.name: m.pk for m in draft.materials.all()},
        "staff": case_staff(make_staff),
    }


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


def _login(page: Page, path: str, username: str, landing: str) -> None:
    page.goto(path)
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator(
        f"form[action='{path}'] button[type=submit], form.stacked button[type=submit]"
    ).first.click()
    expect(page).to_have_url(re.compile(landing))


def _open_form(page: Page, world: dict[str, Any]) -> None:
    page.goto(f"/apply/{world['code']}/")
    # Pre-filled from the household source, for the declared purpose of this form.
    expect(page.locator("#id_form_registered_address")).to_have_value(ADDRESS)
    page.locator("#id_form_company_name").fill("拉萨雪域商贸有限公司")
    page.locator("#id_form_legal_rep_id").fill("54010219900101002X")
    page.locator(f"#id_material_{world['materials']['申请书']}").set_input_files(
        _file("申请书.pdf")
    )


def _submit(page: Page) -> str:
    page.locator("main form button[value=submit]").click()
    expect(page).to_have_url(re.compile(r"/submitted/$"))
    return page.locator("#case-number").inner_text()


def test_a_shared_material_at_application_is_fetched_with_consent(
    world: dict[str, Any], new_page: Callable[[], Page], sharing_provider: Any
) -> None:
    person = new_page()
    _login(person, "/login/", "13800000001", r"/me/$")
    _open_form(person, world)
    household = world["materials"]["户口簿"]
    consent = person.locator(f"#id_shared_{household}")
    expect(consent).not_to_be_checked()  # consent is given, never assumed
    consent.check()
    assert _serious_violations(person) == []
    number = _submit(person)

    person.goto("/me/cases/")
    person.get_by_role("link", name=number).click()
    expect(person.locator("[data-shared=received]")).to_be_visible()
    person.goto("/me/")
    person.get_by_role("link", name="我的数据使用记录").click()
    table = person.locator("#data-accesses")
    expect(table).to_contain_text(number)
    expect(table).to_contain_text("户籍登记信息")
    expect(table).to_contain_text("预填申请表")
    assert _serious_violations(person) == []

    row = Case.objects.get(number=number).materials.get(name="户口簿")
    assert (row.provenance, row.trust_level) == ("shared_data", "A")


def test_the_provider_stopped_mid_application_falls_back_to_upload(
    world: dict[str, Any], new_page: Callable[[], Page], sharing_provider: Any
) -> None:
    person = new_page()
    _login(person, "/login/", "13800000001", r"/me/$")
    _open_form(person, world)
    household = world["materials"]["户口簿"]
    person.locator(f"#id_shared_{household}").check()
    person.locator(f"#id_material_{household}").set_input_files(_file("户口簿.pdf"))
    sharing_provider.stop()  # the registry goes down while the applicant fills the form
    number = _submit(person)

    person.goto("/me/cases/")
    person.get_by_role("link", name=number).click()
    expect(person.locator("[data-shared=source_down]")).to_be_visible()
    case = Case.objects.get(number=number)
    assert case.materials.get(name="户口簿").file.name == "户口簿.pdf"  # nothing lost

    clerk = new_page()
    _login(clerk, "/workbench/login/", "clerk", r"/workbench/$")
    clerk.goto(f"/workbench/cases/{case.uuid}/")
    expect(clerk.locator("[data-shared=source_down]")).to_be_visible()
    assert _serious_violations(clerk) == []
    sharing_provider.start()  # back on the same address
    breakers_reset()
    clerk.locator("button[data-event=shared_data_retry]").first.click()
    expect(clerk.locator(".messages li.success")).to_be_visible()
    expect(clerk.locator("[data-shared=received]")).to_be_visible()
    outcomes = list(
        AccessLog.objects.filter(purpose=number)
        .order_by("id")
        .values_list("outcome", flat=True)
    )
    assert outcomes == ["unavailable", "answered"]
