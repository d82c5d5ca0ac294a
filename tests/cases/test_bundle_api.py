"""一件事 over the API: the public list and guide, one multipart application, the
applicant's bundle case with its sub-cases, problems for bad input."""

import json
from typing import Any

import pytest
from rest_framework.test import APIClient

from tests.bundle_builders import GOOD_FORM
from tests.cases.conftest import pdf
from tongban.cases.models import BundleCase, Case

pytestmark = pytest.mark.django_db


def _payload(material_keys: dict[str, str], **form: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "bundle_code": "newborn",
        "client_key": "bundle-api-0001",
        "form": json.dumps({**GOOD_FORM, **form}),
    }
    for key in material_keys.values():
        payload[f"material_{key}"] = pdf()
    return payload


def test_the_public_api_lists_the_bundle_with_its_merged_form(bundle: Any) -> None:
    api = APIClient()
    assert [b["code"] for b in api.get("/api/v1/public/bundles").json()] == ["newborn"]
    guide = api.get("/api/v1/public/bundles/newborn").json()
    assert [i["step"] for i in guide["items"]] == [1, 2, 2]
    child = next(f for f in guide["form_fields"] if f["key"] == "child_name")
    assert len(child["items"]) == 3
    assert "name:父母身份证" in [m["key"] for m in guide["materials"]]


def test_one_multipart_application_creates_three_sub_cases(
    applicant_api: APIClient, bundle: Any, material_keys: dict[str, str]
) -> None:
    response = applicant_api.post(
        "/api/v1/public/bundle-cases/", _payload(material_keys), format="multipart"
    )
    assert response.status_code == 201, response.json()
    uuid = response.json()["uuid"]
    detail = applicant_api.get(f"/api/v1/public/bundle-cases/{uuid}/").json()
    assert detail["status"] == "in_progress"
    assert [p["waiting"] for p in detail["parts"]] == [False, True, True]
    assert detail["due_estimated"] is True
    assert Case.objects.count() == 3


def test_a_missing_merged_field_is_a_problem_naming_it(
    applicant_api: APIClient, bundle: Any, material_keys: dict[str, str]
) -> None:
    response = applicant_api.post(
        "/api/v1/public/bundle-cases/",
        _payload(material_keys, child_birth_date=""),
        format="multipart",
    )
    assert response.status_code == 400
    names = {p["name"]: p["code"] for p in response.json()["invalid_params"]}
    assert names == {"form.child_birth_date": "required"}
    assert not BundleCase.objects.exists()


def test_another_person_cannot_read_the_bundle_case(
    applicant_api: APIClient, bundle: Any, material_keys: dict[str, str]
) -> None:
    from tests.builders import applicant_with_account

    uuid = applicant_api.post(
        "/api/v1/public/bundle-cases/", _payload(material_keys), format="multipart"
    ).json()["uuid"]
    other = APIClient()
    other.force_authenticate(
        applicant_with_account(phone="13800000002", id_number="540102198808080032").user
    )
    assert other.get(f"/api/v1/public/bundle-cases/{uuid}/").status_code == 404
