"""Organisations are created with a validated USCC; errors name the field, in bo too."""

import pytest

from tongban.core.models import AuditEvent
from tongban.regions.models import Organisation

pytestmark = pytest.mark.django_db
URL = "/api/v1/internal/organisations/"


def _payload(**overrides: object) -> dict[str, object]:
    data = {
        "name": "拉萨市测试局",
        "uscc": "11540100MB0T12340N",
        "division_code": "540100",
        "exercise_level": 3,
    }
    data.update(overrides)
    return data


def test_an_admin_creates_an_organisation_with_an_audit_row(admin_user, api_as) -> None:  # type: ignore[no-untyped-def]
    response = api_as(admin_user).post(URL, _payload(), format="json")
    assert response.status_code == 201, response.json()
    organisation = Organisation.objects.get(uuid=response.json()["uuid"])
    event = AuditEvent.objects.get(
        action="organisation.create", object_id=str(organisation.pk)
    )
    assert event.actor == admin_user
    assert event.changes["uscc"] == [None, "11540100MB0T12340N"]
    assert event.division_prefix == "5401"


def test_a_17_character_code_is_refused_in_tibetan(admin_user, api_as) -> None:  # type: ignore[no-untyped-def]
    response = api_as(admin_user).post(
        URL,
        _payload(uscc="1151130000877869M"),
        format="json",
        HTTP_ACCEPT_LANGUAGE="bo",
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    param = response.json()["invalid_params"][0]
    assert (param["name"], param["code"]) == ("uscc", "uscc_length")
    assert any("\u0f00" <= ch <= "\u0fff" for ch in param["reason"]), param["reason"]
    assert any("\u0f00" <= ch <= "\u0fff" for ch in response.json()["title"])
    assert not Organisation.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"uscc": "11540100MB0T12340P"}, "uscc", "uscc_checksum"),
        ({"uscc": "11540100MB0T1234IN"}, "uscc", "uscc_format"),
        ({"division_code": "549999"}, "division_code", "unknown_division"),
        ({"exercise_level": 8}, "exercise_level", "invalid_choice"),
        ({"name": ""}, "name", "blank"),
    ],
)
def test_invalid_organisations_are_refused(
    admin_user, api_as, overrides, field, code
) -> None:  # type: ignore[no-untyped-def]
    response = api_as(admin_user).post(URL, _payload(**overrides), format="json")
    assert response.status_code == 400
    assert {"name": field, "code": code} == {
        k: v for k, v in response.json()["invalid_params"][0].items() if k != "reason"
    }


def test_a_duplicate_code_is_refused(admin_user, api_as) -> None:  # type: ignore[no-untyped-def]
    client = api_as(admin_user)
    assert client.post(URL, _payload(), format="json").status_code == 201
    response = client.post(URL, _payload(name="另一个"), format="json")
    assert response.status_code == 400
    assert response.json()["invalid_params"][0]["code"] == "unique"
    assert Organisation.objects.count() == 1


def test_child_organisations_extend_the_parent_path(admin_user, api_as) -> None:  # type: ignore[no-untyped-def]
    client = api_as(admin_user)
    parent = client.post(URL, _payload(), format="json").json()
    child = client.post(
        URL, _payload(uscc="11540100MB0T56780D", parent=parent["uuid"]), format="json"
    ).json()
    parent_row = Organisation.objects.get(uuid=parent["uuid"])
    assert Organisation.objects.get(uuid=child["uuid"]).path.startswith(parent_row.path)
