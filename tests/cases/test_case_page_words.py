"""Words the case pages show for what the catalogue and the settings keep as codes: a
choice field's label, not its value ("expired", "post"), in the page's language; a review
step's name in the page's language, not the Chinese of ``CASE_REVIEW_STEPS``."""

import json
import re

import pytest
from django.utils import translation
from rest_framework.test import APIClient

from tests.cases.conftest import pdf
from tongban.accounts.models import User
from tongban.cases import presentation
from tongban.cases.models import Case
from tongban.catalog import selectors as catalog_selectors
from tongban.ops.demo import load_demo

pytestmark = pytest.mark.django_db
ITEM = (
    "DEMO-20-05001"  # 居民身份证换领（演示）: renewal reason and delivery are choices
)


def _demo_case() -> Case:
    load_demo()
    version = next(
        v
        for v in catalog_selectors.live_versions()
        if v.implementation.basic_code == ITEM
    )
    client = APIClient()
    client.force_authenticate(User.objects.get(username="13800000001"))
    payload = {
        "implementation_code": version.implementation.code,
        "client_key": "page-words-0001",
        "form": json.dumps(
            {
                "applicant_name": "格桑",
                "phone": "13800000001",
                "renewal_reason": "expired",
                "delivery_method": "post",
                "delivery_address": "拉萨市城关区1号",
            }
        ),
    }
    for material in version.materials.filter(source="applicant"):
        payload[f"material_{material.pk}"] = pdf()
    response = client.post("/api/v1/public/cases/", payload, format="multipart")
    assert response.status_code == 201, response.content
    return Case.objects.get(uuid=response.json()["uuid"])


@pytest.mark.parametrize(
    ("language", "reason", "delivery"),
    [
        ("zh-hans", "有效期满", "快递邮寄"),
        ("bo", "དུས་ཡུན་རྫོགས་པ།", "མྱུར་སྐྱེལ་གྱིས་སྐྱེལ་བ།"),
        ("en", "Expired", "By courier"),
    ],
)
def test_a_choice_shows_its_label_in_the_pages_language(
    language: str, reason: str, delivery: str
) -> None:
    case = _demo_case()
    clerk = User.objects.get(username="clerk.lhasa")
    with translation.override(language):
        rows = dict(presentation.form_rows(case, clerk))
    assert reason in rows.values()
    assert delivery in rows.values()
    assert "拉萨市城关区1号" in rows.values()  # text stays as typed


@pytest.mark.parametrize(
    ("language", "first_step", "second_step"),
    [
        ("zh-hans", "承办", "审核"),
        ("bo", "ལས་འགན་སྒྲུབ་པ།", "བསྐྱར་ཞིབ།"),
        ("en", "handling", "checking"),
    ],
)
def test_a_review_step_is_named_in_the_pages_language(
    language: str, first_step: str, second_step: str
) -> None:
    case = _demo_case()
    shared = case.version.materials.get(source="shared_data")
    for username, event, data in (
        (
            "clerk.lhasa",
            "verify-material",
            {"material": shared.pk, "reference": "核验1"},
        ),
        ("clerk.lhasa", "accept", {}),
        ("officer.lhasa", "approve-step", {}),
    ):
        client = APIClient()
        client.force_authenticate(User.objects.get(username=username))
        url = f"/api/v1/internal/cases/{case.uuid}/{event}"
        assert client.post(url, data, format="json").status_code == 200, event
    with translation.override(language):
        steps = [str(row["step"]) for row in presentation.timeline(case) if row["step"]]
        blocked = dict(
            presentation.staff_blocked_actions(
                Case.objects.get(pk=case.pk),
                User.objects.get(username="officer2.lhasa"),
            )
        )
        decide = [str(reason) for reason in blocked["decide"]]
    assert steps == [first_step]
    assert "approve_step" not in blocked  # officer2 may approve the next step
    assert second_step in decide[0]  # the step still to approve, by its name
    assert "审核" not in decide[0] or language == "zh-hans"


def test_the_delivery_the_applicant_chose_comes_pre_selected(client) -> None:  # type: ignore[no-untyped-def]
    from tongban.cases.views.workbench import _action_form

    case = _demo_case()  # the applicant chose 快递邮寄 (post) on the form
    html = str(_action_form("deliver", case))
    assert re.search(r'value="post"[^>]*checked', html), html
    case.form_data = {**case.form_data, "delivery_method": "unknown"}
    assert "checked" not in str(_action_form("deliver", case))
