"""In the browser, over real HTTP to the reference provider process: an applicant applies
for an item whose 不动产权证书 comes from the e-certificate sharing service, agrees to its
fetch instead of uploading, and sees the certificate taken (another authority issued it;
Tongban verified its signature against the issuer key the operator installed); the clerk
sees its provenance — the source, the certificate's identifier, trust level A."""

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.builders import applicant_with_account, case_staff, published_service
from tests.e2e.test_shared_data_journey import (
    _file,
    _login,
    _serious_violations,
    _submit,
    new_page,
)
from tests.sharing_provider import sharing_provider
from tongban.cases.models import Case
from tongban.catalog import services as catalog
from tongban.certificates import services as certificates
from tongban.core.permissions import SYSTEM
from tongban.reference.certificate_source import GESANG, LHASA, issuer_keys_export

__all__ = ["new_page", "sharing_provider"]

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_divisions"),
]
TITLE = "不动产权证书"


@pytest.fixture
def world(orgs, make_staff, tmp_path: Path, settings) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    settings.CERTIFICATE_TRUSTED_KEY_DIR = tmp_path / "trusted"
    for path in issuer_keys_export(tmp_path / "published"):
        call_command("certificates", "trust", str(path), issuer=path.parent.name)
    certificates.certificate_type_save(
        code="BDCQZ",
        names={"zh_hans": TITLE, "bo": TITLE, "en": "Real estate title certificate"},
        organisations=[],
        fields=[],
        validity_years=None,
        actor=SYSTEM,
    )
    service = published_service(orgs["lhasa"])
    draft = catalog.version_draft(actor=SYSTEM, implementation=service.implementation)
    catalog.child_add(
        actor=SYSTEM,
        version=draft,
        kind="materials",
        name=TITLE,
        necessity="required",
        source="e_certificate",
        e_certificate_type="BDCQZ",
        data_source="e_certificate",
    )
    catalog.version_submit(actor=SYSTEM, version=draft)
    catalog.version_approve(actor=SYSTEM, version=draft)
    catalog.version_publish(
        actor=SYSTEM, version=draft, effective_from=datetime.date(2026, 1, 2)
    )
    applicant_with_account(language="zh-hans", name=GESANG[1], id_number=GESANG[0])
    return {
        "code": service.implementation.code,
        "materials": {m.name: m.pk for m in draft.materials.all()},
        "staff": case_staff(make_staff),
    }


def test_an_applicant_reuses_a_certificate_from_the_shared_source(
    world: dict[str, Any], new_page: Any, sharing_provider: Any
) -> None:
    # A shared, loaded machine: patience, not timing.
    expect.set_options(timeout=30_000)
    person = new_page()
    person.set_default_timeout(60_000)
    _login(person, "/login/", "13800000001", r"/me/$")
    person.goto(f"/apply/{world['code']}/")
    person.locator("#id_form_company_name").fill("拉萨雪域商贸有限公司")
    person.locator("#id_form_legal_rep_id").fill("54010219900101002X")
    for name in ("申请书", "法定代表人身份证复印件"):
        person.locator(f"#id_material_{world['materials'][name]}").set_input_files(
            _file(f"{name}.pdf")
        )
    consent = person.locator(f"#id_shared_{world['materials'][TITLE]}")
    expect(consent).not_to_be_checked()  # consent is given, never assumed
    consent.check()
    number = _submit(person)

    person.goto("/me/cases/")
    person.get_by_role("link", name=number).click()
    taken = person.locator("[data-shared=received][data-certificate]")
    expect(taken).to_contain_text("电子证照共享服务")
    assert _serious_violations(person) == []

    case = Case.objects.get(number=number)
    row = case.materials.get(name=TITLE)
    assert (row.provenance, row.trust_level, row.file) == ("certificate", "A", None)
    assert row.source_reference.startswith(f"1.2.156.3005.2.BDCQZ.{LHASA}.")

    clerk = new_page()
    clerk.set_default_timeout(60_000)
    _login(clerk, "/workbench/login/", "clerk", r"/workbench/$")
    clerk.goto(f"/workbench/cases/{case.uuid}/")
    expect(
        clerk.locator(f'[data-certificate="{row.source_reference}"]')
    ).to_be_visible()
    expect(
        clerk.locator('[data-provenance="certificate"][data-trust="A"]')
    ).to_be_visible()
    assert _serious_violations(clerk) == []
