"""The public progress query (page and API): one representation without reasons, personal
data or staff names; the query code only in POST bodies; every caller throttled per address
and per case number; a case number locked after repeated wrong codes."""

from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tongban.cases import selectors
from tongban.cases.models import Case
from tongban.core import crypto

pytestmark = pytest.mark.django_db
API = "/api/v1/public/case-progress/"
SECRET_REASON = "申请人提交的营业执照系伪造"  # a staff-written reason, never public


def _wrong(code: str) -> str:
    return "0" * len(code) if code != "0" * len(code) else "1" * len(code)


def test_the_api_takes_the_query_code_only_in_a_post_body(
    client: Client, submit: Any
) -> None:
    body = submit().json()
    params = {"number": body["number"], "query_code": body["query_code"]}
    assert client.get(API, params).status_code == 405
    answer = client.post(API, params, content_type="application/json")
    assert answer.status_code == 200
    assert answer.json()["state"] == "submitted"


def test_the_api_does_not_leak_staff_written_reasons(
    client: Client, submit: Any, act: Any, staff: dict[str, Any]
) -> None:
    body = submit().json()
    refused = act("clerk", body["uuid"], "refuse", reasons=SECRET_REASON)
    assert refused.status_code == 200, refused.json()
    answer = client.post(
        API,
        {"number": body["number"], "query_code": body["query_code"]},
        content_type="application/json",
    )
    text = answer.content.decode()
    assert answer.json()["state"] == "refused"
    assert SECRET_REASON not in text
    assert "reason" not in text
    assert staff["clerk"].full_name not in text
    assert staff["clerk"].username not in text
    assert "格桑" not in text  # the applicant
    events = answer.json()["events"]
    assert [event["milestone"] for event in events] == ["submit", "refuse"]
    assert set(events[0]) == {"milestone", "name", "state", "at"}


def test_page_and_api_show_the_same_representation(
    client: Client, submit: Any, act: Any
) -> None:
    body = submit().json()
    act("clerk", body["uuid"], "refuse", reasons=SECRET_REASON)
    data = {"number": body["number"], "query_code": body["query_code"]}
    page = client.post("/progress/", data)
    api = client.post(API, data, content_type="application/json").json()
    assert page.context["progress"].as_dict() == api
    assert SECRET_REASON not in page.content.decode()


def test_new_query_codes_have_ten_digits_and_old_eight_digit_codes_still_work(
    client: Client, submit: Any
) -> None:
    body = submit().json()
    assert len(body["query_code"]) == 10
    assert body["query_code"].isdigit()
    case = Case.objects.get()
    Case.objects.filter(pk=case.pk).update(
        query_code_encrypted=crypto.encrypt("12345678")
    )
    data = {"number": body["number"], "query_code": "12345678"}
    assert client.post(API, data, content_type="application/json").status_code == 200
    assert client.post("/progress/", data).status_code == 200


def test_logged_in_callers_are_throttled_on_the_page_too(
    client: Client, submit: Any, applicant: Any, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.SCOPED_THROTTLE_RATES = {
        **settings.SCOPED_THROTTLE_RATES,
        "progress_address": "3/minute",
    }
    body = submit().json()
    client.force_login(applicant.user)
    data = {"number": body["number"], "query_code": body["query_code"]}
    statuses = [client.post("/progress/", data).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_the_api_throttles_logged_in_callers_per_address(
    submit: Any, applicant_api: APIClient, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.SCOPED_THROTTLE_RATES = {
        **settings.SCOPED_THROTTLE_RATES,
        "progress_address": "2/minute",
    }
    body = submit().json()
    data = {"number": body["number"], "query_code": body["query_code"]}
    statuses = [
        applicant_api.post(API, data, format="json").status_code for _ in range(3)
    ]
    assert statuses == [200, 200, 429]


def test_one_case_number_is_throttled_whatever_address_asks(
    client: Client, submit: Any, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.SCOPED_THROTTLE_RATES = {
        **settings.SCOPED_THROTTLE_RATES,
        "progress_case": "3/hour",
    }
    body = submit().json()
    data = {"number": body["number"], "query_code": body["query_code"]}
    statuses = [
        client.post(
            API, data, content_type="application/json", REMOTE_ADDR=f"198.51.100.{n}"
        ).status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]


def test_wrong_codes_lock_the_case_number_for_a_while(
    client: Client, submit: Any, settings, time_machine
) -> None:  # type: ignore[no-untyped-def]
    settings.PROGRESS_LOCK_FAILURES = 3
    settings.PROGRESS_LOCK_MINUTES = 30
    body = submit().json()
    wrong = {"number": body["number"], "query_code": _wrong(body["query_code"])}
    right = {"number": body["number"], "query_code": body["query_code"]}
    for n in range(3):
        answer = client.post("/progress/", wrong, REMOTE_ADDR=f"198.51.100.{n}")
        assert answer.status_code == 404
    locked = client.post(API, right, content_type="application/json")
    assert locked.status_code == 429
    assert locked.json()["code"] == "progress_locked"
    assert client.post("/progress/", right).status_code == 429
    time_machine.shift(31 * 60)
    assert client.post("/progress/", right).status_code == 200


def test_an_unknown_case_number_locks_like_a_real_one(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    """Otherwise the lock would tell which numbers exist."""
    settings.PROGRESS_LOCK_FAILURES = 2
    data = {"number": "NO-SUCH-CASE", "query_code": "1234567890"}
    answers = [
        client.post(API, data, content_type="application/json").status_code
        for _ in range(3)
    ]
    assert answers == [404, 404, 429]


def test_the_selector_still_refuses_a_wrong_code(submit: Any) -> None:
    body = submit().json()
    assert (
        selectors.case_by_number_and_code(
            number=body["number"], query_code=_wrong(body["query_code"])
        )
        is None
    )
