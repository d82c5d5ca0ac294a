"""The client key makes a submission idempotent for one application only: a retry gets the
first case back, the same key used for another item or applicant is a 409 problem."""

from typing import Any

import pytest
from rest_framework.test import APIClient

from tests.builders import applicant_with_account, published_service
from tests.cases.conftest import GOOD_FORM, pdf
from tongban.cases.models import Case

pytestmark = pytest.mark.django_db


def test_a_retry_with_the_same_key_returns_the_first_case(submit: Any) -> None:
    first = submit().json()
    again = submit()
    assert again.status_code == 201
    assert again.json()["number"] == first["number"]
    assert Case.objects.count() == 1


def test_the_same_key_for_another_item_is_a_conflict(
    submit: Any, applicant_api: APIClient, orgs: dict[str, Any]
) -> None:
    submit(key="key-00000001")
    other = published_service(
        orgs["lhasa"], code="000175005000", name="营业执照 变更登记"
    )
    materials = {m.name: m.pk for m in other.materials.all()}
    response = applicant_api.post(
        "/api/v1/public/cases/",
        {
            "implementation_code": other.implementation.code,
            "client_key": "key-00000001",
            "form": GOOD_FORM,
            f"material_{materials['申请书']}": pdf(),
            f"material_{materials['法定代表人身份证复印件']}": pdf(),
        },
        format="multipart",
    )
    assert response.status_code == 409
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["code"] == "client_key_reused"
    assert Case.objects.count() == 1


def test_the_same_key_with_another_form_is_a_conflict(submit: Any) -> None:
    submit(key="key-00000001")
    changed = GOOD_FORM.replace("拉萨雪域商贸有限公司", "日喀则商贸有限公司")
    response = submit(key="key-00000001", form=changed)
    assert response.status_code == 409
    assert response.json()["code"] == "client_key_reused"


def test_the_same_key_for_another_applicant_at_the_counter_is_a_conflict(
    staff_api: dict[str, APIClient],
    applicant: Any,
    service: Any,
    materials: dict[str, int],
) -> None:
    other = applicant_with_account(
        phone="13800000002", name="卓玛", id_number="540102198505050012"
    )
    statuses = []
    for person in (applicant, other):
        response = staff_api["clerk"].post(
            "/api/v1/internal/cases/",
            {
                "implementation_code": service.implementation.code,
                "client_key": "key-00000001",
                "applicant": str(person.uuid),
                "form": GOOD_FORM,
                f"material_{materials['申请书']}": pdf(),
                f"material_{materials['法定代表人身份证复印件']}": pdf(),
            },
            format="multipart",
        )
        statuses.append(response.status_code)
    assert statuses == [201, 409]
    assert Case.objects.get().applicant == applicant


def test_a_retry_that_leaves_a_value_out_still_gets_the_first_case(
    submit: Any,
) -> None:
    """A second click after the draft that filled the ID number was already deleted."""
    first = submit().json()
    again = submit(form='{"company_name": "拉萨雪域商贸有限公司"}')
    assert again.status_code == 201
    assert again.json()["number"] == first["number"]
