"""A Lhasa hall open Monday to Friday 09:30–13:00 and 15:30–18:00 with window group A
(windows 1 and 2, one place per 30-minute slot), a clerk of that hall, an applicant."""

import datetime as dt
from typing import Any

import pytest

from tests.builders import applicant_with_account
from tongban.accounts.domain.roles import Role
from tongban.appointments import services
from tongban.core.permissions import SYSTEM
from tongban.regions import services as regions

# Monday 2026-06-01, 08:00 in Lhasa (Asia/Shanghai): the hall opens at 09:30.
MONDAY_MORNING = dt.datetime(
    2026, 6, 1, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))
)
OPEN = dt.datetime(2026, 6, 1, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def make_hall(org: Any, division_code: str, name: str) -> Any:
    hall = regions.hall_create(
        actor=SYSTEM,
        name=name,
        kind="centre",
        division_code=division_code,
        organisation=org,
    )
    regions.hall_set_sessions(
        actor=SYSTEM,
        hall=hall,
        sessions=[(w, dt.time(9, 30), dt.time(13, 0)) for w in range(5)]
        + [(w, dt.time(15, 30), dt.time(18, 0)) for w in range(5)],
    )
    return hall


def make_group(
    hall: Any, code: str = "A", *, capacity: int = 1, windows: int = 2
) -> Any:
    made = [
        regions.window_create(
            actor=SYSTEM, hall=hall, number=f"{code}{n}", name="综合窗口"
        )
        for n in range(1, windows + 1)
    ]
    return services.service_group_create(
        actor=SYSTEM,
        hall=hall,
        code=code,
        name="综合受理",
        name_bo="སྤྱི་ཡོངས་ལེན་པ།",
        windows=made,
        capacity=capacity,
    )


@pytest.fixture
def hall(orgs: dict[str, Any]) -> Any:
    return make_hall(orgs["lhasa"], "540100", "拉萨市政务服务中心")


@pytest.fixture
def group(hall: Any) -> Any:
    return make_group(hall)


@pytest.fixture
def clerk(make_staff: Any, orgs: dict[str, Any]) -> Any:
    return make_staff("hall.clerk", Role.COUNTER_CLERK, organisation=orgs["lhasa"])


@pytest.fixture
def outsider(make_staff: Any, orgs: dict[str, Any]) -> Any:
    return make_staff(
        "xigaze.clerk", Role.COUNTER_CLERK, "540200", organisation=orgs["xigaze"]
    )


@pytest.fixture
def person(db: None) -> Any:
    return applicant_with_account(language="bo")


@pytest.fixture
def morning(time_machine: Any) -> None:
    time_machine.move_to(MONDAY_MORNING, tick=False)


@pytest.fixture
def hall_open(time_machine: Any) -> None:
    time_machine.move_to(OPEN, tick=False)
