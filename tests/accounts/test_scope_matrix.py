"""Each role held in 拉萨 reads and changes only 拉萨's objects, never 日喀则's."""

import pytest

from tongban.accounts.domain.roles import Role
from tongban.core.permissions import SYSTEM
from tongban.core.services import audit_record
from tongban.regions.models import Organisation

pytestmark = pytest.mark.django_db
ROLES = [
    Role.COUNTER_CLERK,
    Role.CASE_OFFICER,
    Role.CATALOGUE_MANAGER,
    Role.SUPERVISOR,
    Role.PLATFORM_ADMIN,
]


@pytest.fixture(params=ROLES, ids=[r.value for r in ROLES])
def lhasa_client(request, make_staff, api_as):  # type: ignore[no-untyped-def]
    return api_as(
        make_staff(f"{request.param}.lhasa", request.param, division_code="540100")
    )


def test_reads_in_scope_and_not_outside(lhasa_client, orgs, halls) -> None:  # type: ignore[no-untyped-def]
    own = lhasa_client.get(f"/api/v1/internal/organisations/{orgs['lhasa'].uuid}/")
    other = lhasa_client.get(f"/api/v1/internal/organisations/{orgs['xigaze'].uuid}/")
    assert own.status_code == 200
    assert other.status_code == 404
    listed = lhasa_client.get("/api/v1/internal/organisations/").json()["results"]
    assert [o["uuid"] for o in listed] == [str(orgs["lhasa"].uuid)]
    assert (
        lhasa_client.get(f"/api/v1/internal/halls/{halls['xigaze'].uuid}/").status_code
        == 404
    )
    assert (
        lhasa_client.get(f"/api/v1/internal/halls/{halls['lhasa'].uuid}/").status_code
        == 200
    )


def test_changes_outside_scope_are_refused(lhasa_client, orgs, halls) -> None:  # type: ignore[no-untyped-def]
    response = lhasa_client.patch(
        f"/api/v1/internal/organisations/{orgs['xigaze'].uuid}/",
        {"name": "篡改"},
        format="json",
    )
    assert response.status_code in (403, 404)
    assert (
        Organisation.objects.get(pk=orgs["xigaze"].pk).name_zh_hans
        == "xigaze 政务服务中心"
    )
    closure = lhasa_client.post(
        f"/api/v1/internal/halls/{halls['xigaze'].uuid}/closures/",
        {"start_date": "2027-01-01", "end_date": "2027-01-02", "reason": "x"},
        format="json",
    )
    assert closure.status_code in (403, 404)
    created = lhasa_client.post(
        "/api/v1/internal/organisations/",
        {
            "name": "x",
            "uscc": "11540200MB0Q22220N",
            "division_code": "540200",
            "exercise_level": 3,
        },
        format="json",
    )
    assert created.status_code == 403
    assert not Organisation.objects.filter(uscc="11540200MB0Q22220N").exists()


def test_only_the_admin_changes_in_scope(make_staff, api_as, orgs) -> None:  # type: ignore[no-untyped-def]
    for role in ROLES:
        client = api_as(make_staff(f"{role}.x", role, division_code="540100"))
        response = client.patch(
            f"/api/v1/internal/organisations/{orgs['lhasa'].uuid}/",
            {"name_en": f"by {role}"},
            format="json",
        )
        assert response.status_code == (200 if role == Role.PLATFORM_ADMIN else 403), (
            role
        )


def test_supervisors_see_only_audit_rows_of_their_region(
    make_staff, api_as, orgs
) -> None:  # type: ignore[no-untyped-def]
    audit_record(
        actor=SYSTEM,
        action="test.outside",
        object_type="x",
        object_id="1",
        division_prefix="5402",
    )
    client = api_as(make_staff("sup.lhasa", Role.SUPERVISOR, division_code="540100"))
    rows = client.get("/api/v1/internal/audit-events/?page_size=100").json()["results"]
    actions = {row["action"] for row in rows}
    assert "test.outside" not in actions
    assert "organisation.create" in actions


def test_organisation_scoped_roles_cover_the_subtree(make_staff, api_as, orgs) -> None:  # type: ignore[no-untyped-def]
    client = api_as(
        make_staff(
            "officer.org",
            Role.CASE_OFFICER,
            division_code=None,
            organisation=orgs["xigaze"],
        )
    )
    assert (
        client.get(f"/api/v1/internal/organisations/{orgs['xigaze'].uuid}/").status_code
        == 200
    )
    assert (
        client.get(f"/api/v1/internal/organisations/{orgs['lhasa'].uuid}/").status_code
        == 404
    )
