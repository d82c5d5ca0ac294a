"""Logins: staff password with lockout, TOTP for supervisors and admins; applicants with
password or a one-time SMS code; sessions end when idle."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD
from tongban.accounts import services
from tongban.core.permissions import SYSTEM
from tongban.notifications.backends import MemorySms

pytestmark = pytest.mark.django_db
STAFF_LOGIN = "/workbench/login/"


def _login(client: Client, username: str, password: str, url: str = STAFF_LOGIN):  # type: ignore[no-untyped-def]
    return client.post(url, {"username": username, "password": password})


def test_a_clerk_logs_in_and_sees_the_workbench(client: Client, make_staff) -> None:  # type: ignore[no-untyped-def]
    make_staff("clerk", "counter_clerk")
    response = _login(client, "clerk", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/workbench/"
    assert client.get("/workbench/").status_code == 200


def test_repeated_wrong_passwords_lock_the_account(
    client: Client, make_staff, settings
) -> None:  # type: ignore[no-untyped-def]
    make_staff("clerk", "counter_clerk")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "clerk", "wrong-password").status_code == 200
    locked = _login(client, "clerk", "wrong-password")
    assert locked.status_code == 429
    # Even the right password is refused while locked.
    response = _login(client, "clerk", PASSWORD)
    assert response.status_code == 429
    assert (
        "locked" in response.content.decode().lower()
        or "锁定" in response.content.decode()
    )
    assert client.get("/workbench/").status_code == 302


def test_an_applicant_cannot_use_the_staff_login(client: Client) -> None:
    services.applicant_register(
        actor=SYSTEM,
        applicant_type="person",
        name="格桑",
        id_type="111",
        id_number="54010219900101002X",
        phone="13800000001",
        password=PASSWORD,
    )
    assert (
        _login(client, "13800000001", PASSWORD).status_code == 200
    )  # form again, not in


def test_wrong_second_factor_codes_end_the_attempt(client: Client, make_staff) -> None:  # type: ignore[no-untyped-def]
    user = make_staff("admin2", "platform_admin", division_code=None)
    TOTPDevice.objects.create(user=user, name="Tongban", confirmed=True)
    _login(client, "admin2", PASSWORD)
    for _ in range(4):
        assert (
            client.post(
                "/workbench/login/second-factor/", {"token": "000000"}
            ).status_code
            == 200
        )
    response = client.post("/workbench/login/second-factor/", {"token": "000000"})
    assert response["Location"] == STAFF_LOGIN
    assert client.get("/workbench/login/second-factor/")["Location"] == STAFF_LOGIN


@pytest.fixture
def applicant_user():  # type: ignore[no-untyped-def]
    return services.applicant_register(
        actor=SYSTEM,
        applicant_type="person",
        name="格桑",
        id_type="111",
        id_number="54010219900101002X",
        phone="13800000001",
        password=PASSWORD,
        preferred_language="bo",
    ).user


@pytest.fixture
def request_code(client: Client, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    def send(phone: str = "13800000001"):  # type: ignore[no-untyped-def]
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/login/code/", {"phone": phone}, follow=True)

    return send


def _sent_code() -> str:
    return re.search(r"\d{6}", MemorySms.sent[-1].body).group(0)


def test_an_applicant_logs_in_with_a_code_sent_by_sms(
    client: Client, applicant_user, request_code
) -> None:  # type: ignore[no-untyped-def]
    request_code()
    assert len(MemorySms.sent) == 1
    assert MemorySms.sent[0].language == "bo"
    response = client.post(
        "/login/code/verify/", {"phone": "13800000001", "code": _sent_code()}
    )
    assert response["Location"] == "/me/"
    assert client.get("/me/").status_code == 200


def test_an_unknown_phone_gets_the_same_answer_and_no_sms(
    client: Client, applicant_user, request_code
) -> None:  # type: ignore[no-untyped-def]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    known = request_code()
    MemorySms.sent.clear()
    response = request_code("13900000000")
    message = "If this number is registered"
    assert message in known.content.decode()
    assert message in response.content.decode()
    assert response.redirect_chain[-1][0].startswith("/login/code/verify/")
    assert response.status_code == 200
    assert MemorySms.sent == []


def test_a_code_allows_five_tries(
    client: Client, applicant_user, request_code, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.AXES_FAILURE_LIMIT = 50  # the code's own limit, apart from the lockout
    request_code()
    code = _sent_code()
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        client.post("/login/code/verify/", {"phone": "13800000001", "code": wrong})
    response = client.post(
        "/login/code/verify/", {"phone": "13800000001", "code": code}
    )
    assert response.status_code == 200  # refused: the code is spent
    assert client.get("/me/").status_code == 302


def test_a_code_expires(
    client: Client, applicant_user, time_machine, request_code
) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-11-27 10:00:00+08:00", tick=False)
    request_code()
    time_machine.move_to("2026-11-27 10:06:00+08:00", tick=False)
    client.post("/login/code/verify/", {"phone": "13800000001", "code": _sent_code()})
    assert client.get("/me/").status_code == 302


def test_an_applicant_logs_in_with_a_password(client: Client, applicant_user) -> None:  # type: ignore[no-untyped-def]
    response = _login(client, "13800000001", PASSWORD, url="/login/")
    assert response["Location"] == "/me/"
    page = client.get("/me/").content.decode()
    assert "5401**********002X" in page
    assert "54010219900101002X" not in page


def test_idle_sessions_end(client: Client, make_staff, time_machine, settings) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-11-27 10:00:00+08:00", tick=False)
    make_staff("clerk", "counter_clerk")
    _login(client, "clerk", PASSWORD)
    time_machine.move_to("2026-11-27 10:20:00+08:00", tick=False)
    assert client.get("/workbench/").status_code == 200  # active: the timeout slides
    time_machine.move_to("2026-11-27 10:51:00+08:00", tick=False)
    assert client.get("/workbench/").status_code == 302
