"""An administrator manages halls in the workbench: a new hall, split opening sessions,
closures and windows, each refused with the reason on the form when it breaks a rule."""

import datetime

import pytest
from django.conf import settings

from tongban.accounts.domain.roles import Role
from tongban.regions.models import Hall

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_admin(client, make_staff, orgs):
    admin = make_staff(
        "lhasa.admin",
        Role.PLATFORM_ADMIN,
        division_code="540100",
        organisation=orgs["lhasa"],
    )
    client.force_login(admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _sessions(rows):
    data = {"s-TOTAL_FORMS": str(len(rows)), "s-INITIAL_FORMS": "0"}
    for i, (weekday, opens, closes) in enumerate(rows):
        data |= {
            f"s-{i}-weekday": weekday,
            f"s-{i}-opens": opens,
            f"s-{i}-closes": closes,
        }
    return data


def test_an_administrator_creates_a_hall_in_their_area(as_admin, orgs):
    response = as_admin.post(
        "/workbench/halls/new/",
        {
            "name": "城关区政务服务中心",
            "name_en": "Chengguan service centre",
            "kind": "centre",
            "organisation": orgs["lhasa"].pk,
            "address": "金珠西路",
        },
    )
    assert response.status_code == 302
    hall = Hall.objects.get(name_zh_hans="城关区政务服务中心")
    assert hall.name_en == "Chengguan service centre"
    assert hall.division.code == "540100"


def test_split_sessions_are_saved_and_shown(as_admin, halls):
    hall = halls["lhasa"]
    url = f"/workbench/halls/{hall.uuid}/"
    rows = [
        ("0", "09:30", "13:00"),
        ("0", "15:30", "18:00"),
        ("4", "09:30", "13:00"),
        ("", "", ""),
    ]
    response = as_admin.post(url + "sessions", _sessions(rows))
    assert response.status_code == 302
    assert [
        (s.weekday, s.opens) for s in hall.sessions.order_by("weekday", "opens")
    ] == [
        (0, datetime.time(9, 30)),
        (0, datetime.time(15, 30)),
        (4, datetime.time(9, 30)),
    ]


def test_overlapping_sessions_are_refused_on_the_row_and_nothing_changes(
    as_admin, halls
):
    hall = halls["lhasa"]
    before = list(hall.sessions.values_list("weekday", "opens"))
    rows = [("1", "09:00", "13:00"), ("1", "12:00", "18:00")]
    response = as_admin.post(f"/workbench/halls/{hall.uuid}/sessions", _sessions(rows))
    assert response.status_code == 400
    assert "overlaps" in response.content.decode()
    assert list(hall.sessions.values_list("weekday", "opens")) == before


def test_a_half_filled_session_row_is_named(as_admin, halls):
    hall = halls["lhasa"]
    response = as_admin.post(
        f"/workbench/halls/{hall.uuid}/sessions", _sessions([("2", "09:00", "")])
    )
    assert response.status_code == 400
    assert "needs a weekday, an opening and a closing time" in response.content.decode()


def test_closures_and_windows_are_added(as_admin, halls):
    hall = halls["lhasa"]
    url = f"/workbench/halls/{hall.uuid}/"
    assert (
        as_admin.post(
            url + "closures",
            {
                "start_date": "2026-02-18",
                "end_date": "2026-02-20",
                "reason": "藏历新年",
            },
        ).status_code
        == 302
    )
    assert (
        as_admin.post(
            url + "windows",
            {"number": "A01", "name": "综合受理窗口", "kind": "integrated"},
        ).status_code
        == 302
    )
    page = as_admin.get(url).content.decode()
    assert "藏历新年" in page
    assert "A01" in page
    again = as_admin.post(
        url + "windows", {"number": "A01", "name": "x", "kind": "integrated"}
    )
    assert again.status_code == 400


def test_halls_of_another_prefecture_are_not_found(as_admin, halls):
    assert as_admin.get(f"/workbench/halls/{halls['xigaze'].uuid}/").status_code == 404
    response = as_admin.post(
        f"/workbench/halls/{halls['xigaze'].uuid}/windows",
        {"number": "B1", "name": "x", "kind": "integrated"},
    )
    assert response.status_code == 404
