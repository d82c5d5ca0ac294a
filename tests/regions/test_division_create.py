"""Townships and villages are added with 9/12-digit codes; bad codes get clear errors."""

import pytest

from tongban.regions.models import Division

pytestmark = pytest.mark.django_db
URL = "/api/v1/internal/divisions/"


def _post(client, code: str):  # type: ignore[no-untyped-def]
    return client.post(
        URL, {"code": code, "name": "测试乡", "name_bo": "ཚོད་ལྟའི་ཤང་།"}, format="json"
    )


def test_admin_adds_a_township_and_a_village(admin_user, api_as) -> None:  # type: ignore[no-untyped-def]
    client = api_as(admin_user)
    assert _post(client, "540102001").status_code == 201
    response = _post(client, "540102001001")
    assert response.status_code == 201
    assert response.json()["parent_code"] == "540102001"
    assert Division.objects.get(code="540102001001").level == 5


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("54010200", "division_format"),
        ("540100001", "division_segment"),
        ("990102001", "division_province"),
        ("540102", "unique"),
        ("540102009001", "division_parent_missing"),
    ],
)
def test_bad_division_codes_are_refused(
    admin_user, api_as, code: str, error: str
) -> None:  # type: ignore[no-untyped-def]
    before = Division.objects.count()
    response = _post(api_as(admin_user), code)
    assert response.status_code == 400
    assert response.json()["invalid_params"][0]["name"] == "code"
    assert response.json()["invalid_params"][0]["code"] == error
    assert Division.objects.count() == before


def test_an_admin_of_lhasa_cannot_add_in_xigaze(make_staff, api_as) -> None:  # type: ignore[no-untyped-def]
    admin = make_staff("admin.lhasa", "platform_admin", division_code="540100")
    client = api_as(admin)
    assert _post(client, "540102001").status_code == 201
    response = _post(client, "540202001")
    assert response.status_code == 403
    assert not Division.objects.filter(code="540202001").exists()
