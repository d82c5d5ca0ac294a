"""The duty roster (在岗人员): a hall's administrator names who serves at each window on a
day, as the hall publishes them; the public hall page shows that day's names beside each
window and nobody's on another day; bad input is a message on the form, out-of-area halls
are not found, and the roster is audited."""

import datetime

import pytest
from django.conf import settings

from tongban.accounts.domain.roles import Role
from tongban.core.models import AuditEvent
from tongban.core.permissions import SYSTEM
from tongban.regions import services as regions
from tongban.regions.domain.duty import duty_names
from tongban.regions.models import DutyShift

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _monday(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-03-02 10:00:00+08:00", tick=False)


@pytest.fixture
def windows(halls):  # type: ignore[no-untyped-def]
    hall = halls["lhasa"]
    return [
        regions.window_create(actor=SYSTEM, hall=hall, number="1", name="综合窗口"),
        regions.window_create(actor=SYSTEM, hall=hall, number="2", name="出件窗口"),
    ]


@pytest.fixture
def as_admin(client, make_staff, orgs):  # type: ignore[no-untyped-def]
    admin = make_staff(
        "lhasa.admin", Role.PLATFORM_ADMIN, "540100", organisation=orgs["lhasa"]
    )
    client.force_login(admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.mark.parametrize(
    ("typed", "names"),
    [
        (
            "卓玛（工号 015）、次仁",
            ["卓玛（工号 015）", "次仁"],
        ),  # the Chinese list comma
        ("张老师, 李老师；王老师", ["张老师", "李老师", "王老师"]),  # comma, semicolon
        ("次仁\n次仁\n", ["次仁"]),  # lines; a repeat once
        ("  ", []),  # nothing: the window is cleared for the day
    ],
)
def test_names_are_split_as_a_clerk_types_them(typed: str, names: list[str]) -> None:
    assert duty_names(typed) == names


def test_the_roster_shows_on_the_public_hall_page_on_its_day(
    as_admin, halls, windows, client
) -> None:  # type: ignore[no-untyped-def]
    hall = halls["lhasa"]
    answer = as_admin.post(
        f"/workbench/halls/{hall.uuid}/duty",
        {
            "day": "2026-03-02",
            f"window_{windows[0].pk}": "卓玛（工号 015）、次仁",
            f"window_{windows[1].pk}": "",
        },
    )
    assert answer.status_code == 302
    assert list(DutyShift.objects.values_list("shown_name", flat=True)) == [
        "卓玛（工号 015）",
        "次仁",
    ]
    assert AuditEvent.objects.filter(action="hall.set_duty").count() == 1
    detail = as_admin.get(answer["Location"]).content.decode()
    assert 'value="卓玛（工号 015）、次仁"' in detail
    client.logout()
    public = client.get("/open/halls/").content.decode()
    assert "卓玛（工号 015）、次仁" in public
    assert "Staff on duty" in public or "在岗" in public


def test_another_days_roster_is_not_shown_today(halls, windows, client) -> None:  # type: ignore[no-untyped-def]
    regions.hall_duty_set(
        actor=SYSTEM,
        hall=halls["lhasa"],
        day=TODAY + datetime.timedelta(days=1),
        rosters={windows[0].pk: ["明天的人"]},
    )
    assert "明天的人" not in client.get("/open/halls/").content.decode()


def test_saving_again_replaces_the_days_roster(halls, windows) -> None:  # type: ignore[no-untyped-def]
    hall = halls["lhasa"]
    regions.hall_duty_set(
        actor=SYSTEM, hall=hall, day=TODAY, rosters={windows[0].pk: ["甲", "乙"]}
    )
    regions.hall_duty_set(
        actor=SYSTEM, hall=hall, day=TODAY, rosters={windows[0].pk: ["乙"]}
    )
    assert list(DutyShift.objects.values_list("shown_name", flat=True)) == ["乙"]


def test_too_many_names_are_refused_on_the_form_and_nothing_is_lost(
    as_admin, halls, windows
) -> None:  # type: ignore[no-untyped-def]
    hall = halls["lhasa"]
    regions.hall_duty_set(
        actor=SYSTEM, hall=hall, day=TODAY, rosters={windows[0].pk: ["甲"]}
    )
    answer = as_admin.post(
        f"/workbench/halls/{hall.uuid}/duty",
        {"day": "2026-03-02", f"window_{windows[0].pk}": "、".join("一二三四五六七")},
    )
    assert answer.status_code == 400
    assert "At most 6 people" in answer.content.decode()
    assert list(DutyShift.objects.values_list("shown_name", flat=True)) == ["甲"]


def test_a_window_of_another_hall_is_refused(halls, windows) -> None:  # type: ignore[no-untyped-def]
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as raised:
        regions.hall_duty_set(
            actor=SYSTEM,
            hall=halls["xigaze"],
            day=TODAY,
            rosters={windows[0].pk: ["甲"]},
        )
    assert raised.value.error_dict[f"window_{windows[0].pk}"][0].code == "duty_unknown"


def test_an_administrator_of_another_area_cannot_keep_this_halls_roster(
    client, make_staff, orgs, halls, windows
) -> None:  # type: ignore[no-untyped-def]
    other = make_staff(
        "xigaze.admin", Role.PLATFORM_ADMIN, "540200", organisation=orgs["xigaze"]
    )
    client.force_login(other)
    answer = client.post(
        f"/workbench/halls/{halls['lhasa'].uuid}/duty",
        {"day": "2026-03-02", f"window_{windows[0].pk}": "甲"},
    )
    assert answer.status_code == 404
    assert not DutyShift.objects.exists()
