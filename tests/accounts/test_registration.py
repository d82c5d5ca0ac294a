"""Online registration of an applicant: real name and ID checked, nothing half-made."""

import pytest
from django.conf import settings
from django.test import Client

from tests.conftest import PASSWORD
from tongban.accounts.models import Applicant, User

pytestmark = pytest.mark.django_db


def _form(**overrides: str) -> dict[str, str]:
    data = {
        "name": "卓嘎",
        "id_number": "54010219900101002X",
        "phone": "13900000001",
        "password": PASSWORD,
        "password_again": PASSWORD,
        "agree": "on",
    }
    data.update(overrides)
    return data


def test_a_person_registers_and_is_logged_in(client: Client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "bo"
    response = client.post("/register/", _form())
    assert response["Location"] == "/me/"
    applicant = Applicant.objects.get()
    assert applicant.user.username == "13900000001"
    assert applicant.preferred_language == "bo"
    assert applicant.assurance_level == 1
    page = client.get("/me/").content.decode()
    assert "5401**********002X" in page


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"id_number": "540102199001010021"}, "id_number"),  # checksum
        ({"id_number": "540102203001010029"}, "id_number"),  # born in the future
        ({"password_again": "Something-else-1"}, "password_again"),
        ({"password": "1234567890", "password_again": "1234567890"}, "password"),
        ({"agree": ""}, "agree"),
        ({"phone": "12345"}, "phone"),
    ],
)
def test_bad_registrations_name_the_field_and_store_nothing(
    client: Client, overrides, field
) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/register/", _form(**overrides))
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not Applicant.objects.exists()
    assert not User.objects.filter(kind="applicant").exists()


def test_a_phone_number_registers_once(client: Client) -> None:
    client.post("/register/", _form())
    client.post("/logout/")
    response = client.post("/register/", _form(id_number="540202198512311239"))
    assert "phone" in response.context["form"].errors
    assert Applicant.objects.count() == 1
