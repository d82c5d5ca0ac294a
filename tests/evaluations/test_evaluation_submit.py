"""一事一评 through the public API: the applicant rates their own case at acceptance and at
completion; every refusal stores nothing."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from tests.builders import applicant_with_account
from tests.evaluations.conftest import BAD, GOOD
from tongban.core.models import AuditEvent
from tongban.evaluations.models import Evaluation, Rectification

pytestmark = pytest.mark.django_db


def test_applicant_rates_their_closed_case_at_completion(
    closed_case: str, rate: Callable[..., Any]
) -> None:
    response = rate(closed_case)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["stage"], body["level"], body["channel"]) == ("close", 1, "1")
    evaluation = Evaluation.objects.get()
    assert evaluation.real_name
    assert evaluation.organisation.name.startswith("lhasa")
    assert evaluation.implementation is not None
    assert AuditEvent.objects.filter(action="evaluation.submit").count() == 1


def test_acceptance_can_be_rated_once_the_case_is_accepted(
    accepted_case: str, rate: Callable[..., Any]
) -> None:
    assert rate(accepted_case, stage="accept").status_code == 201


def test_case_not_at_that_stage_is_refused(
    accepted_case: str, rate: Callable[..., Any]
) -> None:
    response = rate(accepted_case, stage="close")
    assert (response.status_code, response.json()["code"]) == (409, "stage_not_reached")
    assert not Evaluation.objects.exists()


def test_someone_elses_case_is_refused_as_not_found(
    closed_case: str, rate: Callable[..., Any]
) -> None:
    other = APIClient()
    other.force_authenticate(
        applicant_with_account(phone="13800000002", id_number="540102199001010038").user
    )
    response = rate(closed_case, client=other)
    assert (response.status_code, response.json()["code"]) == (404, "case_not_found")
    assert not Evaluation.objects.exists()


def test_staff_can_never_give_an_evaluation(
    closed_case: str, rate: Callable[..., Any], staff_api: dict[str, APIClient]
) -> None:
    response = rate(closed_case, client=staff_api["officer"])
    assert (response.status_code, response.json()["code"]) == (
        403,
        "staff_cannot_evaluate",
    )
    assert not Evaluation.objects.exists()


def test_after_the_window_is_refused(
    closed_case: str, rate: Callable[..., Any], time_machine: Any
) -> None:
    time_machine.move_to("2026-04-02 10:00:00+08:00", tick=False)  # 31 days later
    response = rate(closed_case)
    assert (response.status_code, response.json()["code"]) == (409, "window_closed")
    assert "30" in response.json()["detail"]
    assert not Evaluation.objects.exists()


def test_more_often_than_allowed_is_refused(
    closed_case: str, rate: Callable[..., Any]
) -> None:
    assert rate(closed_case).status_code == 201
    again = rate(closed_case)
    assert (again.status_code, again.json()["code"]) == (409, "too_many_evaluations")
    assert Evaluation.objects.count() == 1


@override_settings(EVALUATION_PER_STAGE=2, EVALUATION_LATER_REPLACES=True)
def test_a_later_evaluation_replaces_the_earlier_one_when_the_setting_says_so(
    closed_case: str, rate: Callable[..., Any]
) -> None:
    assert rate(closed_case, **GOOD).status_code == 201
    assert rate(closed_case, level=2, options=[]).status_code == 201
    first, second = Evaluation.objects.order_by("id")
    assert (first.superseded, second.superseded) == (True, False)


def test_a_bad_review_needs_its_content(
    closed_case: str, rate: Callable[..., Any]
) -> None:
    response = rate(closed_case, level=4, options=[])
    assert response.json()["code"] == "bad_review_needs_content"
    assert not Evaluation.objects.exists()


def test_options_must_belong_to_the_level_chosen(
    closed_case: str, rate: Callable[..., Any]
) -> None:
    response = rate(closed_case, level=1, options=["attitude"])
    assert response.json()["code"] == "options_not_for_level"
    assert not Evaluation.objects.exists()


def test_script_in_the_comment_is_refused(
    closed_case: str, rate: Callable[..., Any]
) -> None:
    response = rate(
        closed_case, level=5, options=["other"], text="<img src=x onerror=alert(1)>"
    )
    assert (response.status_code, response.json()["code"]) == (400, "text_markup")
    assert not Evaluation.objects.exists()
    assert not Rectification.objects.exists()


def test_unknown_indicator_is_refused(
    closed_case: str, rate: Callable[..., Any]
) -> None:
    response = rate(closed_case, level=1, scores={"guide_accuracy_x": 1})
    assert response.json()["code"] == "scores_invalid"


def test_unknown_field_is_refused(closed_case: str, rate: Callable[..., Any]) -> None:
    response = rate(closed_case, level=1, evaluator=3)
    assert response.status_code == 400
    assert not Evaluation.objects.exists()


def test_refusal_is_worded_in_the_users_language(
    accepted_case: str, rate: Callable[..., Any], applicant_api: APIClient
) -> None:
    applicant_api.credentials(HTTP_ACCEPT_LANGUAGE="en")
    response = rate(accepted_case, stage="close")
    assert "not reached that stage" in response.json()["detail"]


@override_settings(SCOPED_THROTTLE_RATES={"evaluation_address": "3/hour"})
def test_a_flood_from_one_client_is_rate_limited(
    closed_case: str, rate: Callable[..., Any]
) -> None:
    codes = [rate(closed_case).status_code for _ in range(4)]
    assert codes == [201, 409, 409, 429]
    assert Evaluation.objects.count() == 1


def test_a_bad_review_opens_a_rectification_ticket(
    closed_case: str, rate: Callable[..., Any]
) -> None:
    response = rate(closed_case, **BAD)
    assert response.status_code == 201
    ticket = Rectification.objects.get()
    assert response.json()["ticket"] == str(ticket.uuid)
    assert ticket.state == "reported"
    assert ticket.organisation == ticket.evaluation.organisation
