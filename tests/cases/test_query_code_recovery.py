"""A lost query code is sent again by SMS, only to the phone registered on the case's
applicant; the answer never says whether the case exists or the phone matched; throttled."""

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tongban.core.models import AuditEvent
from tongban.notifications.backends import MemorySms

pytestmark = pytest.mark.django_db
URL = "/progress/recover/"


@pytest.fixture
def ask(client: Client, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    def run(number: str, phone: str, **extra: Any):  # type: ignore[no-untyped-def]
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(URL, {"number": number, "phone": phone}, **extra)

    return run


def test_the_code_goes_to_the_registered_phone(ask, submit: Any) -> None:  # type: ignore[no-untyped-def]
    body = submit().json()
    MemorySms.sent.clear()
    answer = ask(body["number"], "13800000001")
    assert answer.status_code == 302
    assert [sms.recipient for sms in MemorySms.sent] == ["13800000001"]
    assert body["query_code"] in MemorySms.sent[0].body
    assert body["number"] in MemorySms.sent[0].body
    assert AuditEvent.objects.filter(action="case.query_code_resend").count() == 1


@pytest.mark.parametrize("wrong", ["other phone", "unknown case"])
def test_a_mismatch_sends_nothing_and_answers_the_same(
    ask, submit: Any, client: Client, wrong: str
) -> None:  # type: ignore[no-untyped-def]
    body = submit().json()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    right = ask(body["number"], "13800000001")
    client.get(right["Location"])  # shows (and uses up) the first answer
    MemorySms.sent.clear()
    number, phone = (
        (body["number"], "13900000009")
        if wrong == "other phone"
        else ("NO-SUCH-CASE", "13800000001")
    )
    answer = ask(number, phone)
    assert MemorySms.sent == []
    assert (answer.status_code, answer["Location"]) == (
        right.status_code,
        right["Location"],
    )
    shown = [str(m) for m in client.get(answer["Location"]).context["messages"]]
    assert shown == [
        "If the case number and phone match, the query code has been sent to that phone."
    ]


def test_recovery_is_throttled_per_phone(ask, submit: Any, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SCOPED_THROTTLE_RATES = {
        **settings.SCOPED_THROTTLE_RATES,
        "sms_phone": "2/day",
    }
    body = submit().json()
    MemorySms.sent.clear()
    for n in range(3):
        ask(body["number"], "13800000001", REMOTE_ADDR=f"198.51.100.{n}")
    assert len(MemorySms.sent) == 2


def test_recovery_is_throttled_per_address(ask, submit: Any, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SCOPED_THROTTLE_RATES = {
        **settings.SCOPED_THROTTLE_RATES,
        "sms_address": "1/hour",
    }
    body = submit().json()
    ask(body["number"], "13800000001")
    assert ask(body["number"], "13800000001").status_code == 429
