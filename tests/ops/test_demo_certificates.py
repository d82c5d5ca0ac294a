"""The demo data lets a new user walk close → wallet → reuse: the 营业执照 item issues a
YYZZ e-certificate from its own form's values, its issuer may sign it, and the food
permit item asks for that certificate instead of an upload; the home-purchase household
item takes a 不动产权证书 from the reference provider's certificate source, whose issuers
``make run`` trusts."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tongban.accounts.models import Applicant
from tongban.catalog import selectors as catalog
from tongban.certificates import keys, selectors, services
from tongban.core.permissions import SYSTEM
from tongban.ops.demo import demo_issuer_keys_install, load_demo
from tongban.reference.certificate_source import UNTRUSTED

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def key_dir(tmp_path: Path, settings: Any) -> Iterator[None]:
    settings.CERTIFICATE_KEY_DIR = tmp_path / "keys"
    settings.CERTIFICATE_KEY_AUTOGENERATE = True
    keys._store_for.cache_clear()
    yield
    keys._store_for.cache_clear()


def _live(code: str) -> Any:
    return catalog.live_versions().get(implementation__basic_item__code=code)


def test_the_demo_licence_item_issues_a_certificate_its_issuer_signs() -> None:
    load_demo()
    version = _live("DEMO-01-75004")
    assert version.result_certificate_type == "YYZZ"
    kind = selectors.type_get(code="YYZZ")
    assert kind is not None
    assert version.implementation.organisation in kind.organisations.all()
    form_keys = {field.key for field in version.form_fields.all()}
    assert {field["key"] for field in kind.fields} <= form_keys


def test_the_demo_food_permit_asks_for_the_licence_as_an_e_certificate() -> None:
    load_demo()
    materials = _live("DEMO-01-75005").materials.filter(e_certificate_type="YYZZ")
    assert [m.source for m in materials] == ["e_certificate"]


def test_a_licence_issued_to_the_demo_company_is_offered_for_reuse() -> None:
    load_demo()
    company = Applicant.objects.get(phone="13800000002")
    version = _live("DEMO-01-75004")
    issued = services.certificate_issue(
        type_code=version.result_certificate_type,
        organisation=version.implementation.organisation,
        holder=company,
        data={
            "organisation_name": company.name,
            "legal_representative": company.legal_representative,
            "business_scope": "日用百货零售",
            "registered_capital": "50",
        },
        reference="DEMO-CASE",
        actor=SYSTEM,
    )
    assert selectors.usable_for(holder=company, type_code="YYZZ") == [issued]


def test_the_demo_home_purchase_item_takes_the_title_from_the_shared_source() -> None:
    load_demo()
    (material,) = _live("DEMO-20-05002").materials.filter(e_certificate_type="BDCQZ")
    assert (material.source, material.data_source) == ("e_certificate", "e_certificate")
    assert selectors.type_get(code="BDCQZ") is not None


def test_make_run_trusts_the_reference_providers_demo_issuers_once(
    tmp_path: Path, settings: Any
) -> None:
    settings.CERTIFICATE_TRUSTED_KEY_DIR = tmp_path / "trusted"
    assert demo_issuer_keys_install() == ["demo-ed25519-2024", "demo-sm2-2024"]
    assert demo_issuer_keys_install() == []  # a second start installs nothing again
    assert not (tmp_path / "trusted" / UNTRUSTED).exists()
