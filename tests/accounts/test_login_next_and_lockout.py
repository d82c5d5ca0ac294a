"""Login keeps a safe ``next`` through the password, SMS-code and registration paths; SMS
codes count toward the same lockout as passwords."""

import re
from typing import Any

import pytest
from django.test import Client

from tests.builders import applicant_with_account
from tests.conftest import PASSWORD
from tongban.notifications.backends import MemorySms

pytestmark = pytest.mark.django_db
PHONE = "13800000001"
NEXT = "/apply/11540100MB0T12340N4000111000/"


@pytest.fixture
def applicant(db: None) -> Any:
    return applicant_with_account(phone=PHONE)


@pytest.fixture
def request_code(client: Client, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    def send(**data: str):  # type: ignore[no-untyped-def]
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/login/code/", {"phone": PHONE, **data})

    return send


def _sent_code() -> str:
    return re.search(r"\d{6}", MemorySms.sent[-1].body).group(0)  # type: ignore[union-attr]


def test_the_login_page_carries_next_in_both_forms_and_the_register_link(
    client: Client,
) -> None:
    html = client.get("/login/", {"next": NEXT}).content.decode()
    assert html.count(f'name="next" value="{NEXT}"') == 2
    assert f"/register/?next={NEXT}" in html


def test_a_password_login_returns_to_next(client: Client, applicant: Any) -> None:
    response = client.post(
        "/login/", {"username": PHONE, "password": PASSWORD, "next": NEXT}
    )
    assert response["Location"] == NEXT


@pytest.mark.parametrize(
    "unsafe", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"]
)
def test_an_unsafe_next_is_ignored(client: Client, applicant: Any, unsafe: str) -> None:
    response = client.post(
        "/login/", {"username": PHONE, "password": PASSWORD, "next": unsafe}
    )
    assert response["Location"] == "/me/"


def test_the_sms_code_path_returns_to_next_and_keeps_the_phone_out_of_the_url(
    client: Client, applicant: Any, request_code
) -> None:  # type: ignore[no-untyped-def]
    asked = request_code(next=NEXT)
    assert PHONE not in asked["Location"]
    page = client.get(asked["Location"]).content.decode()
    assert f'name="next" value="{NEXT}"' in page
    response = client.post(
        "/login/code/verify/", {"phone": PHONE, "code": _sent_code(), "next": NEXT}
    )
    assert response["Location"] == NEXT


def test_apply_online_sends_to_login_and_back_to_the_form(
    client: Client, applicant: Any, orgs: dict[str, Any]
) -> None:
    from tests.builders import published_service

    service = published_service(orgs["lhasa"])
    apply = f"/apply/{service.implementation.code}/"
    login = client.get(apply)
    assert login.status_code == 302
    page = client.get(login["Location"]).content.decode()
    assert f'name="next" value="{apply}"' in page
    back = client.post(
        "/login/", {"username": PHONE, "password": PASSWORD, "next": apply}
    )
    assert back["Location"] == apply
    assert client.get(apply).status_code == 200


def test_wrong_sms_codes_count_toward_the_password_lockout(
    client: Client, applicant: Any, request_code, settings
) -> None:  # type: ignore[no-untyped-def]
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post("/login/", {"username": PHONE, "password": "wrong-password"})
    request_code()
    code = _sent_code()
    wrong = "000000" if code != "000000" else "111111"
    locked = client.post("/login/code/verify/", {"phone": PHONE, "code": wrong})
    assert locked.status_code == 429
    # Locked: neither the right code nor the right password lets the caller in.
    assert (
        client.post("/login/code/verify/", {"phone": PHONE, "code": code}).status_code
        == 429
    )
    assert (
        client.post("/login/", {"username": PHONE, "password": PASSWORD}).status_code
        == 429
    )
    assert client.get("/me/").status_code == 302


def test_sms_code_requests_are_throttled_per_address(
    client: Client, applicant: Any, request_code, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.SCOPED_THROTTLE_RATES = {
        **settings.SCOPED_THROTTLE_RATES,
        "sms_address": "2/hour",
    }
    answers = [request_code(phone=f"1390000000{n}").status_code for n in range(3)]
    assert answers == [302, 302, 429]
