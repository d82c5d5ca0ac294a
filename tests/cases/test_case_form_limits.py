"""Form values have a type and a length: a free-text field takes at most the field's limit
(a global cap for plain text), a value of the wrong JSON type or with control characters is
a validation error naming the field, never a 500 or a stored object."""

import json
from typing import Any

import pytest
from django.test import Client

from tongban.cases.models import ApplicationDraft, Case
from tongban.cases.services.form_values import TEXT_MAX_CHARS

pytestmark = pytest.mark.django_db


def _form(**changes: Any) -> str:
    return json.dumps(
        {"company_name": "拉萨雪域商贸有限公司", "legal_rep_id": "54010219900101002X"}
        | changes
    )


def _codes(response: Any) -> dict[str, str]:
    return {p["name"]: p["code"] for p in response.json()["invalid_params"]}


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("长" * (TEXT_MAX_CHARS + 1), "too_long"),
        (["拉萨雪域商贸有限公司"], "invalid_type"),
        ({"name": "x"}, "invalid_type"),
        (True, "invalid_type"),
        # a control character (NUL itself is refused earlier, by the API's parser)
        ("拉萨\x07商贸", "invalid_characters"),
    ],
)
def test_a_bad_text_value_is_a_validation_error(
    submit: Any, value: Any, code: str
) -> None:
    response = submit(form=_form(company_name=value))
    assert response.status_code == 400, response.content
    assert _codes(response) == {"form.company_name": code}
    assert not Case.objects.exists()


def test_an_identity_number_longer_than_its_kind_is_refused(submit: Any) -> None:
    response = submit(form=_form(legal_rep_id="5" * 500))
    assert response.status_code == 400
    assert _codes(response) == {"form.legal_rep_id": "too_long"}


def test_text_at_the_limit_is_kept(submit: Any) -> None:
    response = submit(form=_form(company_name="长" * TEXT_MAX_CHARS))
    assert response.status_code == 201


def test_a_draft_refuses_a_value_over_the_limit(applicant: Any, service: Any) -> None:
    web = Client()
    web.force_login(applicant.user)
    response = web.post(
        f"/apply/{service.implementation.code}/",
        {
            "client_key": "draft-key-0001",
            "action": "draft",
            "form_company_name": "长" * (TEXT_MAX_CHARS + 1),
        },
    )
    assert response.status_code == 400
    assert not ApplicationDraft.objects.exists()
