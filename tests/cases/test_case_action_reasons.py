"""The workbench says why an action is not open (derived from the same guards the service
checks), and the demo has enough officers per hall to carry a case through every review
step to a decision."""

import json
from typing import Any

import pytest
from django.conf import settings
from django.utils import translation

from tongban.accounts.models import User
from tongban.cases import presentation
from tongban.cases.models import Case

pytestmark = pytest.mark.django_db


def test_the_officer_of_the_last_step_is_told_another_must_approve(
    submit, act, client, staff
) -> None:  # type: ignore[no-untyped-def]
    uuid = submit().json()["uuid"]
    act("clerk", uuid, "accept")
    assert act("officer", uuid, "approve-step").status_code == 200
    case = Case.objects.get(uuid=uuid)
    blocked = dict(presentation.staff_blocked_actions(case, staff["officer"]))
    with translation.override("en"):
        reasons = [str(r) for r in blocked["approve_step"]]
    assert reasons == [
        "Needs another officer: the four-eyes rule forbids one officer approving two steps in a row."
    ]
    assert "approve_step" in presentation.staff_actions(case, staff["officer2"])
    client.force_login(staff["officer"])
    html = client.get(f"/workbench/cases/{uuid}/").content.decode()
    assert 'data-blocked="approve_step"' in html
    with translation.override(settings.LANGUAGE_CODE):
        assert str(blocked["approve_step"][0]) in html


def test_actions_of_another_role_are_not_explained(submit, staff) -> None:  # type: ignore[no-untyped-def]
    uuid = submit().json()["uuid"]
    case = Case.objects.get(uuid=uuid)
    # The clerk never approves steps: nothing to explain about them.
    assert "approve_step" not in dict(
        presentation.staff_blocked_actions(case, staff["clerk"])
    )


def test_the_demo_has_an_officer_per_review_step_for_every_hall() -> None:
    from tongban.accounts.domain.roles import Role
    from tongban.ops.demo import load_demo
    from tongban.regions.models import Hall

    load_demo()
    steps = len(settings.CASE_REVIEW_STEPS)
    for hall in Hall.objects.all():
        officers = User.objects.filter(
            role_assignments__role=Role.CASE_OFFICER,
            role_assignments__division__code=hall.division.code,
        ).distinct()
        assert officers.count() >= steps, hall.name


SAMPLE = {
    "text": "演示",
    "number": "1",
    "date": "2026-03-02",
    "id_number": "54010219900101002X",
}


def _filled(version: Any) -> dict[str, str]:
    values = {}
    for field in version.form_fields.filter(required=True):
        if field.field_type == "choice":
            first = field.choices[0]
            values[field.key] = str(
                first.get("value") if isinstance(first, dict) else first
            )
        else:
            values[field.key] = SAMPLE.get(field.field_type, "演示")
    return values


def test_a_demo_case_can_be_carried_to_a_decision(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    from rest_framework.test import APIClient

    from tongban.catalog import selectors as catalog_selectors
    from tongban.ops.demo import load_demo

    load_demo()
    applicant = User.objects.get(username="13800000001")
    version = (
        catalog_selectors.live_versions()
        .filter(implementation__division__code="540100", tolerance_acceptance=False)
        .exclude(case_type="1")
        .first()
    )
    assert version is not None
    from tests.cases.conftest import pdf

    client = APIClient()
    client.force_authenticate(applicant)
    payload = {
        "implementation_code": version.implementation.code,
        "client_key": "demo-case-0001",
        "form": json.dumps(_filled(version)),
    }
    for material in version.materials.filter(necessity="required"):
        if material.source in ("", "applicant", "issuing_body"):
            payload[f"material_{material.pk}"] = pdf()
    uuid = (
        client.post("/api/v1/public/cases/", payload, format="multipart")
        .json()
        .get("uuid")
    )
    assert uuid
    clerk = User.objects.get(username="clerk.lhasa")
    staff_client = APIClient()
    staff_client.force_authenticate(clerk)
    for material in version.materials.filter(
        necessity="required", source__in=["shared_data", "e_certificate"]
    ):
        staff_client.post(
            f"/api/v1/internal/cases/{uuid}/verify-material",
            {"material": material.pk, "reference": "演示核验"},
            format="json",
        )
    assert (
        staff_client.post(
            f"/api/v1/internal/cases/{uuid}/accept", {}, format="json"
        ).status_code
        == 200
    )
    officers = User.objects.filter(
        username__startswith="officer", username__endswith=".lhasa"
    ).order_by("username")
    for step, officer in zip(settings.CASE_REVIEW_STEPS, officers, strict=False):
        officer_client = APIClient()
        officer_client.force_authenticate(officer)
        assert (
            officer_client.post(
                f"/api/v1/internal/cases/{uuid}/approve-step", {}, format="json"
            ).status_code
            == 200
        ), step
    decided = officer_client.post(
        f"/api/v1/internal/cases/{uuid}/decide", {"decision": "approve"}, format="json"
    )
    assert decided.json()["state"] == "decided"
