"""Concurrency of appointments and queues on PostgreSQL: two people booking the last place
at once get one booking; twenty windows calling at once never call one number twice; numbers
taken at once are all different. Threads hold their own connections, so the data is
committed (transactional tests); on SQLite writers are serialised and the tests are skipped."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from tests.appointments.conftest import make_group, make_hall
from tests.builders import applicant_with_account
from tests.reliability.conftest import in_threads, only_on_postgresql
from tongban.accounts.domain.roles import Role
from tongban.appointments import services
from tongban.appointments.models import Appointment, QueueTicket
from tongban.core.permissions import SYSTEM

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_divisions"),
    only_on_postgresql("needs parallel transactions; SQLite serialises writers"),
]

OPEN = dt.datetime(2026, 6, 1, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture
def hall(orgs: dict[str, Any], time_machine: Any) -> Any:
    time_machine.move_to(OPEN, tick=True)
    return make_hall(orgs["lhasa"], "540100", "拉萨市政务服务中心")


def test_two_people_booking_the_last_place_at_once_get_one_booking(hall: Any) -> None:
    group = make_group(hall, capacity=1)
    people = [
        applicant_with_account(phone=f"1380000000{i}", name=f"申请人{i}", id_number=n)
        for i, n in enumerate(["540102199001010011", "54010219900101002X"])
    ]
    results = in_threads(
        2,
        lambda i: services.appointment_book(
            actor=SYSTEM,
            applicant=people[i],
            group=group,
            day=dt.date(2026, 6, 2),
            start=dt.time(9, 30),
        ),
    )
    booked = [r for r in results if isinstance(r, Appointment)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(booked) == 1
    assert len(refused) == 1
    assert "slot_full" in {e.code for e in refused[0].error_dict["start"]}


def test_twenty_windows_calling_at_once_never_call_one_number_twice(
    hall: Any, make_staff: Any, orgs: dict[str, Any]
) -> None:
    group = make_group(hall, windows=20, capacity=1)
    clerk = make_staff("hall.clerk", Role.COUNTER_CLERK, organisation=orgs["lhasa"])
    for _ in range(30):
        services.ticket_take(actor=SYSTEM, group=group)
    windows = list(group.windows.order_by("number"))
    called: list[Any] = []
    for _round in range(2):
        called += in_threads(
            20,
            lambda i: services.ticket_call_next(actor=clerk, window=windows[i]),
        )
    tickets = [c for c in called if isinstance(c, QueueTicket)]
    errors = [c for c in called if isinstance(c, Exception)]
    assert errors == []
    assert len(tickets) == 30  # every number called, ten windows found nobody left
    assert len({t.pk for t in tickets}) == 30
    assert QueueTicket.objects.filter(state="called").count() == 30


def test_numbers_taken_at_once_are_all_different(hall: Any) -> None:
    group = make_group(hall)
    results = in_threads(
        12, lambda i: services.ticket_take(actor=SYSTEM, group=group).label
    )
    assert sorted(results) == [f"A{n:03d}" for n in range(1, 13)]
