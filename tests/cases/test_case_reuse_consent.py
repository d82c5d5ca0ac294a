"""The applicant's choice to reuse instead of upload survives a saved draft, and the
counter clerk is offered the same reuse for the applicant in front of them: the
applicant's e-certificate and the data source, each with the applicant's consent that
the clerk records."""

from typing import Any

import pytest
from django.test import Client

from tests.cases.test_case_certificates import (
    held,
    key_dir,
    licence_type,
    reusing_service,
)
from tongban.cases.models import ApplicationDraft, CaseMaterial
from tongban.certificates.models import CertificateUse

__all__ = ["held", "key_dir", "licence_type", "reusing_service"]

pytestmark = pytest.mark.django_db


def _material(version: Any) -> Any:
    return version.materials.get(name="营业执照")


def test_a_saved_draft_keeps_the_certificate_and_the_consent(
    reusing_service, held, applicant
) -> None:  # type: ignore[no-untyped-def]
    web = Client()
    web.force_login(applicant.user)
    url = f"/apply/{reusing_service.implementation.code}/"
    page = web.get(url)
    pk = _material(reusing_service).pk
    data = {
        "client_key": page.context["form"].initial["client_key"],
        "action": "draft",
        f"certificate_{pk}": held.identifier,
        f"consent_{pk}": "on",
    }
    assert web.post(url, data).status_code == 302
    draft = ApplicationDraft.objects.get()
    assert draft.consents == {
        str(pk): {"certificate": held.identifier, "consent": True}
    }
    again = web.get(url).context["form"]
    assert again[f"certificate_{pk}"].value() == held.identifier
    assert again[f"consent_{pk}"].value() is True


def test_the_counter_offers_the_applicants_certificate_with_consent(
    reusing_service, held, applicant, staff
) -> None:  # type: ignore[no-untyped-def]
    clerk = Client()
    clerk.force_login(staff["clerk"])
    code = reusing_service.implementation.code
    url = f"/workbench/intake/{code}/{applicant.uuid}/"
    page = clerk.get(url)
    html = page.content.decode()
    assert held.identifier in html
    assert "The applicant agrees" in html or "申请人同意" in html
    pk = _material(reusing_service).pk
    from tests.cases.conftest import pdf

    data: dict[str, Any] = {
        "client_key": page.context["form"].initial["client_key"],
        f"certificate_{pk}": held.identifier,
        f"consent_{pk}": "on",
    }
    for other in reusing_service.materials.exclude(pk=pk):
        if other.necessity == "required":
            data[f"material_{other.pk}"] = pdf()
    response = clerk.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    row = CaseMaterial.objects.get(name="营业执照")
    assert (row.provenance, row.trust_level) == ("certificate", "A")
    # The clerk recorded the applicant's consent for this case.
    use = CertificateUse.objects.get()
    assert (use.consented_by, use.purpose) == (staff["clerk"], row.case.number)


def test_the_counter_refuses_the_certificate_without_the_applicants_consent(
    reusing_service, held, applicant, staff
) -> None:  # type: ignore[no-untyped-def]
    clerk = Client()
    clerk.force_login(staff["clerk"])
    url = f"/workbench/intake/{reusing_service.implementation.code}/{applicant.uuid}/"
    page = clerk.get(url)
    pk = _material(reusing_service).pk
    response = clerk.post(
        url,
        {
            "client_key": page.context["form"].initial["client_key"],
            f"certificate_{pk}": held.identifier,
        },
    )
    assert response.status_code == 400
    assert not CertificateUse.objects.exists()
