"""A supplement is validated by the same function as a submission, changes only the fields
the one-time notice asked for, and is audited field by field with identity numbers
masked."""

import json
from typing import Any

import pytest
from rest_framework.test import APIClient

from tongban.cases.models import Case
from tongban.core import crypto
from tongban.core.models import AuditEvent

pytestmark = pytest.mark.django_db

OLD = "54010219900101002X"
NEW = "540102198505050012"


@pytest.fixture
def asked(submit: Any, act: Any) -> str:
    """A case whose one-time notice asks for the legal representative's ID number."""
    uuid = submit().json()["uuid"]
    notice = act(
        "clerk",
        uuid,
        "request-supplement",
        items=[
            {
                "field_key": "legal_rep_id",
                "description": "法定代表人身份证号",
                "reason": "与证件不符",
            }
        ],
    )
    assert notice.status_code == 200, notice.json()
    return uuid


def _supplement(client: APIClient, uuid: str, form: dict[str, Any]) -> Any:
    return client.post(
        f"/api/v1/public/cases/{uuid}/supplement",
        {"form": json.dumps(form)},
        format="multipart",
    )


def _codes(response: Any) -> dict[str, str]:
    return {p["name"]: p["code"] for p in response.json()["invalid_params"]}


def test_a_supplemented_identity_number_is_checked_like_at_submission(
    asked: str, applicant_api: APIClient
) -> None:
    response = _supplement(applicant_api, asked, {"legal_rep_id": "540102199001010021"})
    assert response.status_code == 400
    assert _codes(response) == {"form.legal_rep_id": "resident_id_checksum"}
    assert Case.objects.get(uuid=asked).state == "supplement_requested"


def test_a_supplement_cannot_add_unknown_fields_or_change_fields_not_asked_for(
    asked: str, applicant_api: APIClient
) -> None:
    response = _supplement(
        applicant_api,
        asked,
        {"legal_rep_id": NEW, "company_name": "别的公司", "extra": "x"},
    )
    assert response.status_code == 400
    assert _codes(response) == {
        "form.company_name": "not_requested",
        "form.extra": "unknown_field",
    }


def test_a_supplement_is_sealed_and_audited_field_by_field_with_masks(
    asked: str, applicant_api: APIClient
) -> None:
    response = _supplement(applicant_api, asked, {"legal_rep_id": NEW})
    assert response.status_code == 200, response.json()
    case = Case.objects.get(uuid=asked)
    assert crypto.decrypt(case.form_data["legal_rep_id"]["encrypted"]) == NEW
    audit = AuditEvent.objects.get(action="case.supplement_form")
    assert audit.changes == {
        "form.legal_rep_id": ["5401**********002X", "5401**********0012"]
    }
    assert OLD not in json.dumps(audit.changes)
    assert NEW not in json.dumps(audit.changes)
