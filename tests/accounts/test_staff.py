"""Platform admins create staff with scoped roles, only within their own scope."""

import pytest

from tests.conftest import PASSWORD
from tongban.accounts.models import User

pytestmark = pytest.mark.django_db
URL = "/api/v1/internal/staff/"


@pytest.fixture
def lhasa_admin(make_staff, api_as):  # type: ignore[no-untyped-def]
    return api_as(make_staff("admin.lhasa", "platform_admin", division_code="540100"))


def _staff(role_division: str, **extra: object) -> dict[str, object]:
    data = {
        "username": "new.clerk",
        "full_name": "新窗口",
        "password": PASSWORD,
        "roles": [{"role": "counter_clerk", "division_code": role_division}],
    }
    data.update(extra)
    return data


def test_an_admin_creates_a_clerk_in_scope(lhasa_admin) -> None:  # type: ignore[no-untyped-def]
    response = lhasa_admin.post(URL, _staff("540102"), format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["roles"] == [
        {"role": "counter_clerk", "organisation": None, "division_code": "540102"}
    ]
    assert "password" not in response.json()


def test_an_admin_cannot_grant_roles_outside_scope(lhasa_admin) -> None:  # type: ignore[no-untyped-def]
    response = lhasa_admin.post(URL, _staff("540200"), format="json")
    assert response.status_code == 403
    assert not User.objects.filter(username="new.clerk").exists()  # nothing half-made


def test_weak_passwords_and_unknown_roles_are_refused(lhasa_admin) -> None:  # type: ignore[no-untyped-def]
    weak = lhasa_admin.post(URL, _staff("540102", password="12345"), format="json")
    assert {p["name"] for p in weak.json()["invalid_params"]} == {"password"}
    bad_role = _staff("540102")
    bad_role["roles"] = [{"role": "king", "division_code": "540102"}]
    response = lhasa_admin.post(URL, bad_role, format="json")
    assert response.json()["invalid_params"][0]["code"] == "invalid_role"
    unscoped = _staff("540102")
    unscoped["roles"] = [{"role": "counter_clerk"}]
    response = lhasa_admin.post(URL, unscoped, format="json")
    assert response.json()["invalid_params"][0]["code"] == "scope_required"
    assert not User.objects.filter(username="new.clerk").exists()


def test_staff_lists_are_scoped(make_staff, api_as, orgs) -> None:  # type: ignore[no-untyped-def]
    make_staff(
        "clerk.x", "counter_clerk", division_code="540200", organisation=orgs["xigaze"]
    )
    make_staff("clerk.l", "counter_clerk", organisation=orgs["lhasa"])
    supervisor = api_as(make_staff("sup.l", "supervisor"))
    names = [u["username"] for u in supervisor.get(URL).json()["results"]]
    assert "clerk.l" in names
    assert "clerk.x" not in names
