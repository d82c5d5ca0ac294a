"""原件已核验 is a counter clerk's act: an applicant or an online channel cannot claim a paper
original was seen; when a clerk records it, the material keeps who and when, and the case
history shows it."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from rest_framework.test import APIClient

from tests.cases.conftest import GOOD_FORM, pdf
from tongban.cases import presentation
from tongban.cases.models import Case, CaseMaterial
from tongban.cases.services.actions import case_complete_tolerated

pytestmark = pytest.mark.django_db


def test_an_applicant_cannot_claim_a_paper_original_through_the_api(
    applicant_api: APIClient, service: Any, materials: dict[str, int]
) -> None:
    response = applicant_api.post(
        "/api/v1/public/cases/",
        {
            "implementation_code": service.implementation.code,
            "client_key": "key-00000001",
            "form": GOOD_FORM,
            f"material_{materials['申请书']}": pdf(),
            "originals_seen": [materials["法定代表人身份证复印件"]],
        },
        format="multipart",
    )
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/problem+json")
    assert not Case.objects.exists()


def test_an_applicant_cannot_claim_a_paper_original_on_the_apply_page(
    applicant: Any, service: Any, materials: dict[str, int]
) -> None:
    web = Client()
    web.force_login(applicant.user)
    response = web.post(
        f"/apply/{service.implementation.code}/",
        {
            "client_key": "key-00000001",
            "form_company_name": "拉萨雪域商贸有限公司",
            "form_legal_rep_id": "54010219900101002X",
            f"material_{materials['申请书']}": pdf(),
            f"original_{materials['法定代表人身份证复印件']}": "on",
        },
    )
    assert not CaseMaterial.objects.filter(original_seen=True).exists()
    if Case.objects.exists():  # the box does not exist online: ignored, never recorded
        assert response.status_code == 302


def test_the_clerk_who_saw_an_original_is_recorded_with_the_time(
    staff_api: dict[str, APIClient],
    staff: dict[str, Any],
    applicant: Any,
    service: Any,
    materials: dict[str, int],
) -> None:
    response = staff_api["clerk"].post(
        "/api/v1/internal/cases/",
        {
            "implementation_code": service.implementation.code,
            "client_key": "key-00000001",
            "applicant": str(applicant.uuid),
            "form": GOOD_FORM,
            f"material_{materials['申请书']}": pdf(),
            "originals_seen": [materials["法定代表人身份证复印件"]],
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    seen = CaseMaterial.objects.get(original_seen=True)
    assert seen.original_seen_by == staff["clerk"]
    assert seen.original_seen_at is not None
    # A paper original seen at the counter is trust level B (DOMAIN.md §7).
    assert (seen.provenance, seen.trust_level) == ("paper_original", "B")
    case = Case.objects.get()
    rows = [r for r in presentation.timeline(case) if r["actor"] == staff["clerk"]]
    assert any("法定代表人身份证复印件" in str(r["label"]) for r in rows)
    web = Client()
    web.force_login(staff["officer"])
    html = web.get(f"/workbench/cases/{case.uuid}/").content.decode()
    assert "clerk" in html  # the clerk's name next to the original seen


def test_an_applicant_cannot_record_a_tolerated_original_as_seen(
    submit: Any, act: Any, applicant: Any, materials: dict[str, int]
) -> None:
    uuid = submit(attach=("申请书",)).json()["uuid"]
    accepted = act("clerk", uuid, "accept-tolerated", pledge_signed=True, due_days=3)
    assert accepted.status_code == 200, accepted.json()
    case = Case.objects.get(uuid=uuid)
    with pytest.raises(PermissionDenied):
        case_complete_tolerated(
            case=case,
            actor=applicant.user,
            originals_seen=[materials["法定代表人身份证复印件"]],
        )
    assert not CaseMaterial.objects.filter(original_seen=True).exists()


def test_the_clerk_records_a_tolerated_original_with_name_and_time(
    submit: Any, act: Any, staff: dict[str, Any], materials: dict[str, int]
) -> None:
    uuid = submit(attach=("申请书",)).json()["uuid"]
    act("clerk", uuid, "accept-tolerated", pledge_signed=True, due_days=3)
    case_complete_tolerated(
        case=Case.objects.get(uuid=uuid),
        actor=staff["clerk"],
        originals_seen=[materials["法定代表人身份证复印件"]],
    )
    seen = CaseMaterial.objects.get(original_seen=True)
    assert (seen.original_seen_by, seen.original_seen_at is not None) == (
        staff["clerk"],
        True,
    )
    assert (seen.provenance, seen.trust_level) == ("paper_original", "B")
