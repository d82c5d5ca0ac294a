"""Online registration of an applicant: the phone proven by an SMS code before the account
exists, real name and ID checked, every mistake shown at once, nothing half-made, and no
answer that tells whether an ID number or phone is already registered."""

import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.builders import applicant_with_account
from tests.conftest import PASSWORD
from tongban.accounts.models import Applicant, User
from tongban.notifications.backends import MemorySms

pytestmark = pytest.mark.django_db
PHONE = "13900000001"
ID = "54010219900101002X"


@pytest.fixture
def ask_code(client: Client, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    def run(phone: str = PHONE, next_: str = "", **extra: Any):  # type: ignore[no-untyped-def]
        data = {"phone": phone, **({"next": next_} if next_ else {})}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/register/", data, **extra)

    return run


@pytest.fixture
def register(client: Client, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    def run(**overrides: str):  # type: ignore[no-untyped-def]
        data = {
            "code": _sent_code(),
            "name": "卓嘎",
            "id_number": ID,
            "password": PASSWORD,
            "password_again": PASSWORD,
            "agree": "on",
        }
        data.update(overrides)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/register/details/", data)

    return run


def _sent_code() -> str:
    found = [re.search(r"\b\d{6}\b", sms.body) for sms in MemorySms.sent]
    codes = [match.group(0) for match in found if match]
    return codes[-1] if codes else "000000"


def test_a_person_registers_after_proving_the_phone(
    client: Client, ask_code, register
) -> None:  # type: ignore[no-untyped-def]
    asked = ask_code(HTTP_ACCEPT_LANGUAGE="bo")
    assert asked["Location"] == "/register/details/"
    assert not User.objects.filter(kind="applicant").exists()  # nothing before the code
    assert [sms.recipient for sms in MemorySms.sent] == [PHONE]
    response = register(HTTP_ACCEPT_LANGUAGE="bo")
    assert response["Location"] == "/me/"
    applicant = Applicant.objects.get()
    assert applicant.user.username == PHONE
    assert applicant.assurance_level == 1
    page = client.get("/me/").content.decode()
    assert "5401**********002X" in page


def test_a_wrong_code_creates_nothing(ask_code, register) -> None:  # type: ignore[no-untyped-def]
    ask_code()
    code = _sent_code()
    response = register(code="000000" if code != "000000" else "111111")
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    assert not Applicant.objects.exists()


def test_the_details_step_needs_the_phone_step_first(client: Client) -> None:
    assert client.get("/register/details/")["Location"] == "/register/"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"id_number": "540102199001010021"}, "id_number"),  # checksum
        ({"id_number": "540102203001010029"}, "id_number"),  # born in the future
        ({"password_again": "Something-else-1"}, "password_again"),
        ({"password": "1234567890", "password_again": "1234567890"}, "password"),
        ({"agree": ""}, "agree"),
    ],
)
def test_bad_registrations_name_the_field_and_store_nothing(
    ask_code, register, overrides, field
) -> None:  # type: ignore[no-untyped-def]
    ask_code()
    response = register(**overrides)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not Applicant.objects.exists()
    assert not User.objects.filter(kind="applicant").exists()


def test_all_mistakes_are_shown_at_once(ask_code, register) -> None:  # type: ignore[no-untyped-def]
    ask_code()
    response = register(
        id_number="540102199001010021",
        password="1234567890",
        password_again="1234567890",
        agree="",
        code="000000" if _sent_code() != "000000" else "111111",
    )
    assert set(response.context["form"].errors) == {
        "id_number",
        "password",
        "agree",
        "code",
    }
    html = response.content.decode()
    assert html.count('href="#id_') >= 4  # a summary linking every field


def test_the_form_links_the_service_agreement(client: Client, ask_code) -> None:  # type: ignore[no-untyped-def]
    ask_code()
    html = client.get("/register/details/").content.decode()
    assert 'href="/agreement/"' in html
    agreement = Client().get(
        "/agreement/", HTTP_COOKIE=f"{settings.LANGUAGE_COOKIE_NAME}=en"
    )
    assert agreement.status_code == 200
    assert "Online service agreement" in agreement.content.decode()
    assert "网上服务协议" in client.get("/agreement/").content.decode()


def test_a_registered_phone_gets_the_same_answer_and_an_sms_but_no_code(
    client: Client, ask_code
) -> None:  # type: ignore[no-untyped-def]
    applicant_with_account(phone="13800000001")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    fresh = ask_code(PHONE)
    fresh_page = client.get(fresh["Location"])
    MemorySms.sent.clear()
    taken = ask_code("13800000001")
    taken_page = client.get(taken["Location"])
    assert taken["Location"] == fresh["Location"]
    assert [str(m) for m in fresh_page.context["messages"]] == [
        str(m) for m in taken_page.context["messages"]
    ]
    assert "13800000001" not in taken_page.content.decode()
    assert [sms.recipient for sms in MemorySms.sent] == ["13800000001"]
    assert not re.search(r"\b\d{6}\b", MemorySms.sent[0].body)


def test_a_registered_id_number_is_not_revealed(ask_code, register) -> None:  # type: ignore[no-untyped-def]
    applicant_with_account(phone="13800000001", id_number=ID)
    ask_code()
    MemorySms.sent[:] = [sms for sms in MemorySms.sent if sms.recipient == PHONE]
    response = register()
    errors = response.context["form"].errors
    assert list(errors) == ["__all__"]
    text = str(errors["__all__"])
    assert "ID number" not in text
    assert "already registered" not in text
    assert "已注册" not in text
    # The owner of the ID number is told, by SMS to their own phone.
    assert [sms.recipient for sms in MemorySms.sent][-1] == "13800000001"
    assert Applicant.objects.count() == 1


def test_asking_for_codes_is_throttled(ask_code, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SCOPED_THROTTLE_RATES = {
        **settings.SCOPED_THROTTLE_RATES,
        "sms_phone": "2/day",
    }
    answers = [ask_code(REMOTE_ADDR=f"198.51.100.{n}").status_code for n in range(3)]
    assert answers == [302, 302, 429]


def test_registration_attempts_are_throttled(ask_code, register, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SCOPED_THROTTLE_RATES = {
        **settings.SCOPED_THROTTLE_RATES,
        "register_address": "2/hour",
    }
    ask_code()
    answers = [register(agree="").status_code for _ in range(3)]
    assert answers == [200, 200, 429]


def test_the_registration_keeps_next(client: Client, ask_code, register) -> None:  # type: ignore[no-untyped-def]
    target = "/apply/11540100MB0T12340N4000111000/"
    page = client.get("/register/", {"next": target}).content.decode()
    assert f'name="next" value="{target}"' in page
    assert ask_code(next_=target).status_code == 302
    assert register()["Location"] == target
