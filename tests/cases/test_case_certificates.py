"""E-certificates and cases: closing a case whose result is a certificate type issues one
to the applicant; a later application reuses it instead of an upload (免提交) with the
applicant's consent, as a material of provenance e-certificate and trust level A; expired,
revoked or another person's certificates are refused with a message saying why."""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.builders import applicant_with_account
from tongban.cases.models import Case, CaseEvent, CaseMaterial
from tongban.catalog import services as catalog
from tongban.catalog.models import ImplementationVersion
from tongban.certificates import keys
from tongban.certificates import services as certificates
from tongban.certificates.models import Certificate, CertificateUse
from tongban.core.permissions import SYSTEM

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def key_dir(tmp_path: Path, settings: Any) -> Iterator[Path]:
    settings.CERTIFICATE_KEY_DIR = tmp_path / "keys"
    settings.CERTIFICATE_KEY_AUTOGENERATE = True
    keys._store_for.cache_clear()
    yield tmp_path / "keys"
    keys._store_for.cache_clear()


@pytest.fixture
def licence_type(orgs: dict[str, Any]) -> Any:
    return certificates.certificate_type_save(
        code="YYZZ",
        names={"zh_hans": "营业执照", "bo": "ཚོང་ལས་ལག་ཁྱེར།", "en": "Business licence"},
        organisations=[orgs["lhasa"]],
        fields=[{"key": "company_name", "kind": "text", "label": "企业名称"}],
        validity_years=5,
        actor=SYSTEM,
    )


@pytest.fixture
def issuing_service(service: Any, licence_type: Any) -> Any:
    # Test shortcut: the published version names its result certificate type.
    ImplementationVersion.objects.filter(pk=service.pk).update(
        result_certificate_type="YYZZ"
    )
    return service


def _close(submit: Any, act: Any, key: str = "key-00000001") -> str:
    uuid = submit(key=key).json()["uuid"]
    assert act("clerk", uuid, "accept").status_code == 200
    for officer in ("officer", "officer2", "officer"):
        assert act(officer, uuid, "approve-step").status_code == 200
    assert act("officer2", uuid, "decide", decision="approve").status_code == 200
    closed = act("officer2", uuid, "close", result_name="营业执照")
    assert closed.status_code == 200, closed.json()
    return str(uuid)


def test_closing_a_case_with_a_certificate_result_issues_it(
    issuing_service, submit, act, applicant
) -> None:  # type: ignore[no-untyped-def]
    uuid = _close(submit, act)
    case = Case.objects.get(uuid=uuid)
    certificate = Certificate.objects.get()
    assert certificate.holder == applicant
    assert certificate.organisation == case.organisation
    assert certificate.source_reference == case.number
    assert certificate.data == {"company_name": "拉萨雪域商贸有限公司"}
    facts = CaseEvent.objects.get(case=case, event="close").data
    assert facts["certificate"] == certificate.identifier


def test_identity_numbers_never_enter_a_certificate(
    issuing_service, submit, act
) -> None:  # type: ignore[no-untyped-def]
    _close(submit, act)
    assert "54010219900101002X" not in json.dumps(Certificate.objects.get().data)


def test_a_case_without_a_certificate_type_issues_none(service, submit, act) -> None:  # type: ignore[no-untyped-def]
    _close(submit, act)
    assert not Certificate.objects.exists()


@pytest.fixture
def reusing_service(orgs: dict[str, Any], licence_type: Any) -> Any:
    """A second item whose checklist asks for the business licence as an e-certificate."""
    import datetime

    from tests.builders import simple_published_service

    version = simple_published_service(
        orgs["lhasa"], code="000175005000", name="食品经营许可"
    )
    draft = catalog.version_draft(actor=SYSTEM, implementation=version.implementation)
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
    return draft


@pytest.fixture
def held(licence_type, orgs, applicant) -> Any:  # type: ignore[no-untyped-def]
    return certificates.certificate_issue(
        type_code="YYZZ",
        organisation=orgs["lhasa"],
        holder=applicant,
        data={"company_name": "拉萨雪域商贸有限公司"},
        reference="LS-1",
        actor=SYSTEM,
    )


def _apply_with(
    api: Any, version: Any, identifier: str, *, consent: bool = True
) -> Any:
    from tests.cases.conftest import pdf

    material = version.materials.get(name="营业执照")
    payload: dict[str, Any] = {
        "implementation_code": version.implementation.code,
        "client_key": "reuse-00000001",
        "form": "{}",
        "certificates": json.dumps(
            [{"material": material.pk, "identifier": identifier, "consent": consent}]
        ),
    }
    for other in version.materials.exclude(name="营业执照"):
        if other.necessity == "required":
            payload[f"material_{other.pk}"] = pdf()
    return api.post("/api/v1/public/cases/", payload, format="multipart")


def test_a_certificate_is_reused_instead_of_an_upload_with_trust_level_a(
    reusing_service, held, applicant_api, applicant
) -> None:  # type: ignore[no-untyped-def]
    response = _apply_with(applicant_api, reusing_service, held.identifier)
    assert response.status_code == 201, response.json()
    row = CaseMaterial.objects.get(case__uuid=response.json()["uuid"], name="营业执照")
    assert (row.provenance, row.trust_level, row.source_reference) == (
        "certificate",
        "A",
        held.identifier,
    )
    assert row.file_id is None
    use = CertificateUse.objects.get()
    assert use.purpose == response.json()["number"]
    assert use.consented_by == applicant.user


def test_the_clerk_sees_provenance_and_trust_level(
    reusing_service, held, applicant_api, staff
) -> None:  # type: ignore[no-untyped-def]
    uuid = _apply_with(applicant_api, reusing_service, held.identifier).json()["uuid"]
    web = Client()
    web.force_login(staff["clerk"])
    html = web.get(f"/workbench/cases/{uuid}/").content.decode()
    assert 'data-provenance="certificate" data-trust="A"' in html
    assert held.identifier in html


def test_reuse_without_consent_is_refused(reusing_service, held, applicant_api) -> None:  # type: ignore[no-untyped-def]
    response = _apply_with(
        applicant_api, reusing_service, held.identifier, consent=False
    )
    assert response.status_code == 400
    assert response.json()["invalid_params"][0]["code"] == "consent_required"
    assert not Case.objects.exists()


def test_a_revoked_certificate_is_refused(
    reusing_service, held, applicant_api, staff
) -> None:  # type: ignore[no-untyped-def]
    certificates.certificate_revoke(
        certificate=held, reason="违法", actor=staff["officer"]
    )
    response = _apply_with(applicant_api, reusing_service, held.identifier)
    assert response.status_code == 400
    problem = response.json()["invalid_params"][0]
    assert problem["code"] == "revoked"
    assert "吊销" in problem["reason"] or "revoked" in problem["reason"]


def test_an_expired_certificate_is_refused(
    reusing_service, held, applicant_api, time_machine
) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to(f"{held.valid_until.year + 1}-03-02 10:00:00+08:00")
    response = _apply_with(applicant_api, reusing_service, held.identifier)
    assert response.json()["invalid_params"][0]["code"] == "expired"


def test_another_persons_certificate_is_refused(reusing_service, held) -> None:  # type: ignore[no-untyped-def]
    from rest_framework.test import APIClient

    other = applicant_with_account(phone="13800000009", id_number="540102198501010013")
    api = APIClient()
    api.force_authenticate(other.user)
    response = _apply_with(api, reusing_service, held.identifier)
    assert response.status_code == 400
    assert response.json()["invalid_params"][0]["code"] == "not_the_holder"


def test_the_application_page_offers_the_certificate(
    reusing_service, held, applicant
) -> None:  # type: ignore[no-untyped-def]
    web = Client()
    web.force_login(applicant.user)
    html = web.get(f"/apply/{reusing_service.implementation.code}/").content.decode()
    assert held.identifier in html
    assert "consent_" in html
