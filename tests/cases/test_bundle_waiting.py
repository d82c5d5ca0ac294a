"""A bundle's later step is stored in draft until the steps before it close: the applicant's
"my cases" shows it as waiting for the step that runs now (not as a draft of theirs), and
the clerk's queue leaves it out until it is submitted."""

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def _cases(bundle_case: Any) -> list[Any]:
    return [p.case for p in bundle_case.parts.order_by("order")]


def _close(act: Callable[..., Any], case: Any) -> None:
    uuid = str(case.uuid)
    assert act("clerk", uuid, "accept").status_code == 200
    for officer in ("officer", "officer2", "officer"):
        assert act(officer, uuid, "approve-step").status_code == 200
    assert act("officer2", uuid, "decide", decision="approve").status_code == 200
    assert act("officer2", uuid, "close", result_name="结果").status_code == 200


def _my_cases(applicant: Any, language: str = "en") -> str:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(applicant.user)
    return client.get("/me/cases/").content.decode()


def test_my_cases_shows_a_held_sub_case_as_waiting_for_the_running_step(
    applicant: Any, bundle_case: Any
) -> None:
    page = _my_cases(applicant)
    assert page.count('data-waiting-for="1"') == 2
    assert page.count("waiting for step 1") == 2
    assert ">draft<" not in page


def test_the_waiting_words_are_in_the_applicants_language(
    applicant: Any, bundle_case: Any
) -> None:
    assert "等待第1步" in _my_cases(applicant, "zh-hans")


def test_a_released_sub_case_shows_its_own_state_again(
    applicant: Any, bundle_case: Any, act: Callable[..., Any]
) -> None:
    first, *_later = _cases(bundle_case)
    _close(act, first)
    page = _my_cases(applicant)
    assert "data-waiting-for" not in page
    assert page.count(">submitted<") == 2


def test_the_queue_leaves_out_held_sub_cases_until_they_are_submitted(
    staff: dict[str, Any], bundle_case: Any, act: Callable[..., Any]
) -> None:
    first, *later = _cases(bundle_case)
    clerk = Client()
    clerk.force_login(staff["clerk"])
    page = clerk.get("/workbench/cases/").content.decode()
    assert first.number in page
    assert not any(case.number in page for case in later)
    _close(act, first)
    page = clerk.get("/workbench/cases/").content.decode()
    assert all(case.number in page for case in later)


def test_the_queue_api_leaves_out_held_sub_cases(
    staff: dict[str, Any], bundle_case: Any
) -> None:
    first, *later = _cases(bundle_case)
    api = APIClient()
    api.force_authenticate(staff["clerk"])
    numbers = {
        row["number"] for row in api.get("/api/v1/internal/cases/").json()["results"]
    }
    assert first.number in numbers
    assert numbers.isdisjoint({case.number for case in later})


def _api(applicant: Any) -> APIClient:
    api = APIClient()
    api.force_authenticate(applicant.user)
    return api


def _listed(applicant: Any) -> dict[str, dict[str, Any]]:
    body = _api(applicant).get("/api/v1/public/cases/").json()
    return {row["number"]: row for row in body["results"]}


def test_the_case_list_api_says_a_held_sub_case_waits_for_the_running_step(
    applicant: Any, bundle_case: Any
) -> None:
    first, *later = _cases(bundle_case)
    rows = _listed(applicant)
    for case in later:
        assert rows[case.number]["state"] == "waiting"
        assert rows[case.number]["waiting_for_step"] == 1
        assert rows[case.number]["bundle_case"] == str(bundle_case.uuid)
    assert rows[first.number]["state"] == "submitted"
    assert rows[first.number]["waiting_for_step"] is None
    assert "draft" not in {row["state"] for row in rows.values()}


def test_the_case_detail_api_says_the_same_as_the_list(
    applicant: Any, bundle_case: Any
) -> None:
    _first, held, *_rest = _cases(bundle_case)
    detail = _api(applicant).get(f"/api/v1/public/cases/{held.uuid}/").json()
    assert (detail["state"], detail["waiting_for_step"]) == ("waiting", 1)


def test_a_released_sub_case_reads_its_own_state_in_the_api(
    applicant: Any, bundle_case: Any, act: Callable[..., Any]
) -> None:
    first, *later = _cases(bundle_case)
    _close(act, first)
    rows = _listed(applicant)
    assert {rows[case.number]["state"] for case in later} == {"submitted"}
    assert {rows[case.number]["waiting_for_step"] for case in later} == {None}


def test_a_sub_case_after_a_refused_item_is_not_started_not_a_draft(
    applicant: Any, bundle_case: Any, act: Callable[..., Any]
) -> None:
    first, *later = _cases(bundle_case)
    assert (
        act("clerk", str(first.uuid), "refuse", reasons="不符合条件").status_code == 200
    )
    rows = _listed(applicant)
    assert {rows[case.number]["state"] for case in later} == {"not_started"}
    page = _my_cases(applicant)
    assert page.count("not started: an item before it will not give a result") == 2
    assert "data-waiting-for" not in page


def test_the_case_page_of_a_held_sub_case_says_it_waits(
    applicant: Any, bundle_case: Any
) -> None:
    _first, held, *_rest = _cases(bundle_case)
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(applicant.user)
    page = client.get(f"/me/cases/{held.uuid}/").content.decode()
    assert 'id="case-state">waiting for step 1<' in page


def test_the_contract_documents_the_waiting_state(client: Client) -> None:
    schema = client.get(
        "/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    ).json()
    fields = schema["components"]["schemas"]["ApplicantCase"]["properties"]
    assert "waiting_for_step" in fields["state"]["description"]
    assert (
        "waiting" in schema["components"]["schemas"]["ApplicantCaseStateEnum"]["enum"]
    )
    assert fields["waiting_for_step"]["nullable"] is True
