"""Applicants: identity validated, encrypted at rest, found by blind index, masked by default."""

import pytest
from django.db import connection

from tongban.accounts.models import Applicant
from tongban.accounts.services import applicant_find_by_identity

pytestmark = pytest.mark.django_db
URL = "/api/v1/internal/applicants/"
GOOD_ID = "54010219900101002X"


def _person(**overrides: object) -> dict[str, object]:
    data = {
        "applicant_type": "person",
        "name": "格桑",
        "id_type": "111",
        "id_number": GOOD_ID,
        "phone": "13800000009",
    }
    data.update(overrides)
    return data


@pytest.fixture
def clerk(make_staff, api_as):  # type: ignore[no-untyped-def]
    return api_as(make_staff("clerk", "counter_clerk"))


def test_a_clerk_registers_an_applicant_and_sees_the_full_number(clerk) -> None:  # type: ignore[no-untyped-def]
    response = clerk.post(URL, _person(), format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["id_number"] == GOOD_ID


def test_the_number_is_encrypted_at_rest(clerk) -> None:  # type: ignore[no-untyped-def]
    clerk.post(URL, _person(), format="json")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number_encrypted, id_index, id_masked FROM accounts_applicant"
        )
        encrypted, index, masked = cursor.fetchone()
    assert GOOD_ID not in encrypted
    assert GOOD_ID not in index
    assert masked == "5401**********002X"
    assert (
        applicant_find_by_identity(id_type="111", id_number=GOOD_ID.lower()).name
        == "格桑"
    )


def test_unprivileged_callers_see_a_masked_number(api_as) -> None:  # type: ignore[no-untyped-def]
    from tests.builders import applicant_with_account

    applicant = applicant_with_account(id_number=GOOD_ID)
    response = api_as(applicant.user).get("/api/v1/public/me/")
    assert response.status_code == 200
    assert response.json()["id_number"] == "5401**********002X"


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("540102199001010021", "resident_id_checksum"),
        ("540102203001010029", "resident_id_future_birth_date"),
        ("999999199001010024", "resident_id_division"),
        ("540102199002300029", "resident_id_birth_date"),
        ("5401021990", "resident_id_length"),
    ],
)
def test_invalid_resident_ids_are_refused(clerk, number: str, code: str) -> None:  # type: ignore[no-untyped-def]
    response = clerk.post(URL, _person(id_number=number), format="json")
    assert response.status_code == 400
    assert response.json()["invalid_params"] == [
        {
            "name": "id_number",
            "code": code,
            "reason": response.json()["invalid_params"][0]["reason"],
        }
    ]
    assert not Applicant.objects.exists()


def test_a_registered_identity_cannot_be_registered_twice(clerk) -> None:  # type: ignore[no-untyped-def]
    assert clerk.post(URL, _person(), format="json").status_code == 201
    response = clerk.post(URL, _person(name="另一人"), format="json")
    assert response.json()["invalid_params"][0]["code"] == "unique"


def test_an_organisation_applicant_needs_a_valid_credit_code(clerk) -> None:  # type: ignore[no-untyped-def]
    payload = {
        "applicant_type": "organisation",
        "name": "某公司",
        "id_type": "001",
        "id_number": "1151130000877869M",
        "legal_representative": "扎西",
    }
    response = clerk.post(URL, payload, format="json")
    assert response.json()["invalid_params"][0]["code"] == "uscc_length"
    payload["id_number"] = "91540100MA6T0000XX"
    assert clerk.post(URL, payload, format="json").status_code == 400
    payload["id_type"] = "111"
    assert (
        clerk.post(URL, payload, format="json").json()["invalid_params"][0]["code"]
        == "id_type_mismatch"
    )


def test_a_catalogue_manager_may_not_register_applicants(make_staff, api_as) -> None:  # type: ignore[no-untyped-def]
    client = api_as(make_staff("cat", "catalogue_manager"))
    assert client.post(URL, _person(), format="json").status_code == 403
