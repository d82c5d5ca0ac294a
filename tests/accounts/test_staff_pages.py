"""An administrator manages the staff of their area in the workbench: list, a new
login with its first role, more roles, withdrawal; never outside their area and never
their own roles."""

import pytest
from django.conf import settings

from tongban.accounts.domain.roles import Role
from tongban.accounts.models import RoleAssignment, User
from tongban.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def lhasa_admin(make_staff, orgs):
    return make_staff(
        "lhasa.admin",
        Role.PLATFORM_ADMIN,
        division_code="540100",
        organisation=orgs["lhasa"],
    )


@pytest.fixture
def as_admin(client, lhasa_admin):
    client.force_login(lhasa_admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _new(client, orgs, **extra):
    data = {
        "username": "lhasa.officer2",
        "full_name": "次仁",
        "phone": "13800000001",
        "password": "Correct-horse-2026",
        "role": Role.CASE_OFFICER.value,
        "organisation": orgs["lhasa"].pk,
        "division_code": "",
    }
    return client.post("/workbench/staff/new/", {**data, **extra})


def test_an_administrator_creates_a_staff_login_with_its_first_role(as_admin, orgs):
    assert as_admin.get("/workbench/staff/new/").status_code == 200
    response = _new(as_admin, orgs)
    assert response.status_code == 302, response.context["form"].errors
    member = User.objects.get(username="lhasa.officer2")
    assert [a.role for a in member.role_assignments.all()] == [Role.CASE_OFFICER]
    assert member.check_password("Correct-horse-2026")
    assert AuditEvent.objects.filter(action="staff.create").exists()


def test_the_staff_list_shows_the_area_only(as_admin, make_staff, orgs):
    make_staff(
        "xigaze.clerk",
        Role.COUNTER_CLERK,
        division_code="540200",
        organisation=orgs["xigaze"],
    )
    make_staff("lhasa.clerk", Role.COUNTER_CLERK, organisation=orgs["lhasa"])
    page = as_admin.get("/workbench/staff/").content.decode()
    assert "lhasa.clerk" in page
    assert "xigaze.clerk" not in page
    assert as_admin.get("/workbench/staff/xigaze.clerk/").status_code == 404


def test_a_role_outside_the_area_is_refused_on_the_form(as_admin, orgs):
    response = _new(as_admin, orgs, organisation="", division_code="540200")
    assert response.status_code in (400, 403)
    assert not User.objects.filter(username="lhasa.officer2").exists()


def test_a_weak_password_is_shown_on_its_field_and_nothing_is_made(as_admin, orgs):
    response = _new(as_admin, orgs, password="123")
    assert response.status_code == 400
    assert response.context["form"].errors["password"], response.context["form"].errors
    assert not User.objects.filter(username="lhasa.officer2").exists()


def test_an_administrator_assigns_and_withdraws_a_role(as_admin, make_staff, orgs):
    member = make_staff("lhasa.clerk", Role.COUNTER_CLERK, organisation=orgs["lhasa"])
    url = "/workbench/staff/lhasa.clerk/"
    response = as_admin.post(
        url, {"role": Role.CASE_OFFICER.value, "organisation": orgs["lhasa"].pk}
    )
    assert response.status_code == 302
    officer = member.role_assignments.get(role=Role.CASE_OFFICER)
    response = as_admin.post(f"{url}roles/{officer.pk}/withdraw")
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(pk=officer.pk).exists()
    assert AuditEvent.objects.filter(action="staff.revoke_role").exists()


def test_nobody_withdraws_their_own_role(as_admin, lhasa_admin):
    own = lhasa_admin.role_assignments.get()
    as_admin.post(f"/workbench/staff/lhasa.admin/roles/{own.pk}/withdraw")
    assert RoleAssignment.objects.filter(pk=own.pk).exists()


def test_a_supervisor_sees_staff_but_cannot_change_them(client, make_staff, orgs):
    supervisor = make_staff(
        "lhasa.supervisor", Role.SUPERVISOR, organisation=orgs["lhasa"]
    )
    make_staff("lhasa.clerk", Role.COUNTER_CLERK, organisation=orgs["lhasa"])
    client.force_login(supervisor)
    assert client.get("/workbench/staff/lhasa.clerk/").status_code == 200
    assert client.get("/workbench/staff/new/").status_code == 403
    response = client.post(
        "/workbench/staff/lhasa.clerk/",
        {"role": Role.CASE_OFFICER.value, "organisation": orgs["lhasa"].pk},
    )
    assert response.status_code == 403
