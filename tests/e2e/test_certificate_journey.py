"""The e-certificate journey in the browser: an officer closes a case whose result is a
business licence, which issues it; the applicant finds it in the wallet and shows it on a
360 px phone; a later application for another item reuses it instead of an upload; the
clerk sees provenance e-certificate, trust level A; the public page verifies it without
login, and reports a tampered one as not genuine."""

import datetime
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.builders import (
    applicant_with_account,
    case_staff,
    published_service,
    simple_published_service,
)
from tests.conftest import PASSWORD
from tongban.cases.models import Case
from tongban.cases.services.transition import case_transition
from tongban.catalog import services as catalog
from tongban.catalog.models import ImplementationVersion
from tongban.certificates import keys
from tongban.certificates import services as certificates
from tongban.certificates.models import Certificate
from tongban.core.permissions import SYSTEM

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


@pytest.fixture(autouse=True)
def key_dir(tmp_path: Path, settings: Any) -> Iterator[None]:
    settings.CERTIFICATE_KEY_DIR = tmp_path / "keys"
    settings.CERTIFICATE_KEY_AUTOGENERATE = True
    keys._store_for.cache_clear()
    yield
    keys._store_for.cache_clear()


@pytest.fixture
def world(orgs: dict[str, Any], make_staff: Callable[..., Any]) -> dict[str, Any]:
    certificates.certificate_type_save(
        code="YYZZ",
        names={"zh_hans": "营业执照", "bo": "ཚོང་ལས་ལག་ཁྱེར།", "en": "Business licence"},
        organisations=[orgs["lhasa"]],
        fields=[{"key": "company_name", "kind": "text", "label": "企业名称"}],
        validity_years=5,
        actor=SYSTEM,
    )
    licence = published_service(orgs["lhasa"])
    ImplementationVersion.objects.filter(pk=licence.pk).update(
        result_certificate_type="YYZZ"
    )
    food = simple_published_service(
        orgs["lhasa"], code="000175005000", name="食品经营许可"
    )
    draft = catalog.version_draft(actor=SYSTEM, implementation=food.implementation)
    catalog.child_add(
        actor=SYSTEM,
        version=draft,
        kind="materials",
        name="营业执照",
        necessity="required",
        source="e_certificate",
        e_certificate_type="YYZZ",
    )
    catalog.version_submit(actor=SYSTEM, version=draft)
    catalog.version_approve(actor=SYSTEM, version=draft)
    catalog.version_publish(
        actor=SYSTEM, version=draft, effective_from=datetime.date(2026, 2, 1)
    )
    return {
        "licence": licence,
        "food": draft,
        "staff": case_staff(make_staff),
        "applicant": applicant_with_account(language="zh-hans"),
    }


@pytest.fixture
def new_page(browser: Browser, live_server: Any) -> Iterator[Callable[..., Page]]:
    contexts: list[BrowserContext] = []

    def make(**options: Any) -> Page:
        context = browser.new_context(
            base_url=live_server.url, locale="zh-CN", bypass_csp=True, **options
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield make
    for context in contexts:
        context.close()


def _login(page: Page, url: str, username: str, landing: str) -> None:
    page.goto(url)
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(landing))


def _decided_case(world: dict[str, Any]) -> Case:
    """The licence case brought to its decision through the services (the case journeys
    show these steps in the browser)."""
    from tongban.cases.services.submit import case_submit

    staff = world["staff"]
    applicant = world["applicant"]
    materials = {m.name: m.pk for m in world["licence"].materials.all()}
    from django.core.files.uploadedfile import SimpleUploadedFile

    case, _code = case_submit(
        actor=applicant.user,
        implementation_code=world["licence"].implementation.code,
        client_key="journey-0001",
        form_data={
            "company_name": "拉萨雪域商贸有限公司",
            "legal_rep_id": "54010219900101002X",
        },
        materials=[
            {
                "material": materials[name],
                "file": SimpleUploadedFile(f"{name}.pdf", PDF, "application/pdf"),
            }
            for name in ("申请书", "法定代表人身份证复印件")
        ],
    )
    case = case_transition(case=case, event="accept", actor=staff["clerk"])
    for officer in ("officer", "officer2", "officer"):
        case = case_transition(case=case, event="approve_step", actor=staff[officer])
    return case_transition(
        case=case, event="decide", actor=staff["officer2"], data={"decision": "approve"}
    )


def test_close_issue_show_reuse_and_verify(
    world: dict[str, Any], new_page: Callable[..., Page]
) -> None:
    case = _decided_case(world)

    # The officer closes the case in the workbench: the licence is issued.
    officer = new_page()
    _login(officer, "/workbench/login/", "officer2", r"/workbench/$")
    officer.goto(f"/workbench/cases/{case.uuid}/")
    close = officer.locator("details[data-event=close]")
    close.locator("summary").click()
    officer.locator("#id_close-result_name").fill("营业执照")
    close.locator("button[type=submit]").click()
    expect(officer.locator(".messages li.success")).to_be_visible()
    certificate = Certificate.objects.get()
    assert certificate.source_reference == case.number

    # The applicant shows it from the wallet on a 360 px phone.
    phone = new_page(viewport={"width": 360, "height": 740}, is_mobile=True)
    _login(phone, "/login/", "13800000001", r"/me/$")
    phone.get_by_role("link", name="我的证照").first.click()
    phone.get_by_role("link", name="营业执照").click()
    card = phone.locator("#show")
    expect(card).to_contain_text("拉萨雪域商贸有限公司")
    expect(phone.locator("[data-verdict=valid]")).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page scrolls sideways: {width}px"
    size = phone.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('#show dd')).fontSize)"
    )
    assert size >= 16, f"text too small to show at a counter: {size}px"
    qr = phone.locator("#show img.qr")
    expect(qr).to_be_visible()
    pdf = phone.request.get(f"/certificates/wallet/{certificate.uuid}/pdf")
    assert pdf.body().startswith(b"%PDF")

    # A later application for another item uses the licence instead of an upload.
    food = world["food"]
    material = food.materials.get(name="营业执照")
    phone.goto(f"/apply/{food.implementation.code}/")
    phone.locator(f"#id_certificate_{material.pk}").select_option(
        certificate.identifier
    )
    phone.locator(f"#id_consent_{material.pk}").check()
    for other in food.materials.exclude(pk=material.pk):
        if other.necessity == "required":
            phone.locator(f"#id_material_{other.pk}").set_input_files(
                {"name": "申请书.pdf", "mimeType": "application/pdf", "buffer": PDF}
            )
    phone.locator("main form button[value=submit]").click()
    expect(phone).to_have_url(re.compile(r"/submitted/$"))
    number = phone.locator("#case-number").inner_text()

    # The clerk sees the material's provenance and trust level A.
    clerk = new_page()
    _login(clerk, "/workbench/login/", "clerk", r"/workbench/$")
    reused = Case.objects.get(number=number)
    clerk.goto(f"/workbench/cases/{reused.uuid}/")
    badge = clerk.locator("[data-provenance=certificate][data-trust=A]")
    expect(badge).to_be_visible()
    expect(badge).to_contain_text("A")

    # Anyone verifies it on the public page the 2-D code opens, without login.
    visitor = new_page()
    visitor.goto(
        f"/certificates/verify/?id={certificate.identifier}&c="
        f"{certificate.states.get().check_value}"
    )
    expect(visitor.locator("[data-verdict=valid]")).to_be_visible()
    expect(visitor.locator("main")).to_contain_text("格*")
    expect(visitor.locator("main")).not_to_contain_text("54010219900101002X")

    # A tampered record is reported as not genuine.
    Certificate.objects.filter(pk=certificate.pk).update(
        data={"company_name": "另一家公司"}
    )
    visitor.reload()
    expect(visitor.locator("[data-verdict=forged]")).to_be_visible()
