"""The combined 受理通知书 of a bundle case over the API: the applicant lists, issues and
downloads the notices of their own bundle case (the same notice again while nothing has
changed); staff whose scope covers a sub-case do the same through the internal API, each
download audited with its purpose; nobody else gets one, and the QR code's public
verification page is the one the PDF has always printed."""

import io
from typing import Any

import pytest
from django.test import Client
from pypdf import PdfReader
from rest_framework.test import APIClient

from tests.builders import applicant_with_account
from tongban.cases.models import BundleNotice
from tongban.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _pdf_text(response: Any) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    data = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def test_the_applicant_issues_lists_and_downloads_the_notice(
    applicant: Any, bundle_case: Any
) -> None:
    api = _api(applicant.user)
    base = f"/api/v1/public/bundle-cases/{bundle_case.uuid}/notices/"
    assert api.get(base).json() == []
    issued = api.post(base)
    assert issued.status_code == 201
    notice = issued.json()
    assert api.post(base).status_code == 200  # nothing changed: the same notice
    assert api.post(base).json()["uuid"] == notice["uuid"]
    assert [n["number"] for n in api.get(base).json()] == [notice["number"]]
    text = _pdf_text(api.get(f"{base}{notice['uuid']}/pdf"))
    assert bundle_case.number in text.replace("\n", "")
    assert not AuditEvent.objects.filter(action="case.bundle_notice_read").exists()


def test_staff_of_a_sub_case_download_it_and_the_read_is_audited(
    staff: dict[str, Any], bundle_case: Any
) -> None:
    api = _api(staff["clerk"])
    base = f"/api/v1/internal/bundle-cases/{bundle_case.uuid}/notices/"
    notice = api.post(base).json()
    _pdf_text(api.get(f"{base}{notice['uuid']}/pdf"))
    read = AuditEvent.objects.get(action="case.bundle_notice_read")
    assert read.changes["purpose"] == [None, "print"]
    assert read.changes["notice"] == [None, notice["number"]]
    assert read.actor == staff["clerk"]


def test_nobody_else_gets_the_notice(
    applicant: Any, staff: dict[str, Any], bundle_case: Any, make_staff: Any
) -> None:
    from tongban.accounts.domain.roles import Role

    base = f"/api/v1/public/bundle-cases/{bundle_case.uuid}/notices/"
    notice = _api(applicant.user).post(base).json()
    other = _api(
        applicant_with_account(phone="13800000009", id_number="540102198501010013").user
    )
    assert other.get(base).status_code == 404
    assert other.post(base).status_code == 404
    assert other.get(f"{base}{notice['uuid']}/pdf").status_code == 404
    # Staff read through the internal API (audited), not the applicant's.
    clerk = _api(staff["clerk"])
    assert clerk.get(f"{base}{notice['uuid']}/pdf").status_code == 404
    elsewhere = _api(make_staff("xigaze.clerk", Role.COUNTER_CLERK, "540200"))
    internal = f"/api/v1/internal/bundle-cases/{bundle_case.uuid}/notices/"
    assert elsewhere.get(f"{internal}{notice['uuid']}/pdf").status_code == 404
    assert other.get(internal).status_code == 403
    assert not AuditEvent.objects.filter(action="case.bundle_notice_read").exists()


def test_an_unknown_notice_is_not_found(applicant: Any, bundle_case: Any) -> None:
    base = f"/api/v1/public/bundle-cases/{bundle_case.uuid}/notices/"
    response = _api(applicant.user).get(
        f"{base}00000000-0000-0000-0000-000000000000/pdf"
    )
    assert response.status_code == 404


def test_the_public_verification_stays_as_it_is(
    applicant: Any, bundle_case: Any
) -> None:
    base = f"/api/v1/public/bundle-cases/{bundle_case.uuid}/notices/"
    _api(applicant.user).post(base)
    notice = BundleNotice.objects.get()
    page = Client().get(f"/notices/verify/bundle/{notice.verify_code}/")
    assert page.status_code == 200
    assert notice.number in page.content.decode()
    assert applicant.name not in page.content.decode()


def test_a_notice_that_cannot_be_printed_is_a_503_problem(
    applicant: Any, bundle_case: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tongban.cases.api import bundle_notices
    from tongban.core.pdf import PdfUnavailable

    def unavailable(**_: Any) -> bytes:
        raise PdfUnavailable("no Pango here")

    monkeypatch.setattr(bundle_notices, "bundle_notice_pdf", unavailable)
    base = f"/api/v1/public/bundle-cases/{bundle_case.uuid}/notices/"
    notice = _api(applicant.user).post(base).json()
    response = _api(applicant.user).get(f"{base}{notice['uuid']}/pdf")
    assert response.status_code == 503
    assert response.json()["code"] == "notice_unavailable"
